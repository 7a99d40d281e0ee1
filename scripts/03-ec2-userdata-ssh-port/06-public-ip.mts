#!/usr/bin/env -S node --conditions=@handson/source --import=tsx
// EC2インスタンスグローバルIPアドレスの確認: wait until the instance runs (the SDK's waiter), then the blog's
// describe-instances by Name tag for PublicIpAddress, and PrivateIpAddress as the blog re-checked it.
import '../_lib/report-errors.mts';
import { DescribeInstancesCommand, EC2Client, waitUntilInstanceRunning } from '@aws-sdk/client-ec2';
import { client } from '@handson/aws';
import { aws } from '@handson/labkit';
import { EC2_INSTANCE_TAG_NAME, vars } from './lab.mts';

const EC2_INSTANCE_ID = vars.need('EC2_INSTANCE_ID', '04-run-instances.mts');
console.log(`$ aws ec2 wait instance-running --instance-ids ${EC2_INSTANCE_ID}`);
const waited = await waitUntilInstanceRunning(
  { client: client(EC2Client), minDelay: 5, maxDelay: 15, maxWaitTime: 600 },
  { InstanceIds: [EC2_INSTANCE_ID] },
);
console.log(`(waiter: ${waited.state}: ${EC2_INSTANCE_ID} is running)`);

// The blog also passed `--instance-ids ${ARRAY_EC2_INSTANCE_IDS}`, a variable it never set: the shell dropped
// it, so the filters alone chose the instance. The lab leaves it out. Instances of an earlier run that are
// terminated still match the tag but have no public address, so the projection leaves them out.
const byTag = (query: string) =>
  aws(
    new DescribeInstancesCommand({
      Filters: [
        { Name: 'tag-key', Values: ['Name'] },
        { Name: 'tag-value', Values: [EC2_INSTANCE_TAG_NAME] },
      ],
    }),
    { query, output: 'text' },
  );
const publicIp = (await byTag('Reservations[].Instances[].PublicIpAddress')).printed.trim();
if (!/^\d+\.\d+\.\d+\.\d+$/.test(publicIp)) {
  throw new Error(`expected one public IPv4 address for ${EC2_INSTANCE_TAG_NAME}, got "${publicIp}"`);
}
vars.set('EC2_IP_PUBLIC', publicIp);
const privateIp = (await byTag('Reservations[].Instances[].PrivateIpAddress')).printed.trim();
vars.set('EC2_IP_PRIVATE', privateIp);
