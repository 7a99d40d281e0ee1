#!/usr/bin/env -S node --conditions=@handson/source --import=tsx
// EC2インスタンスグローバルIPアドレスの確認: wait until the instance runs (`aws ec2 wait instance-running`), then
// the blog's describe-instances by Name tag for PublicIpAddress, and PrivateIpAddress as the blog re-checked it.
import { DescribeInstancesCommand } from '@aws-sdk/client-ec2';
import { aws, LabStepError } from '@handson/labkit';
import { step } from '../_lib/entry.mts';
import { EC2_INSTANCE_TAG_NAME, need, vars } from './lab.mts';
import { LAB } from './manifest.mts';
import { waitForInstances } from './resources.mts';

await step(LAB, '06-public-ip');

const EC2_INSTANCE_ID = need('EC2_INSTANCE_ID', '04-run-instances');
console.log(`$ aws ec2 wait instance-running --instance-ids ${EC2_INSTANCE_ID}`);
await waitForInstances([EC2_INSTANCE_ID], 'running');
// The CLI's waiter prints nothing when it succeeds; the lab says what it waited for.
console.log(`(waiter: SUCCESS: ${EC2_INSTANCE_ID} is running)`);

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
  throw new LabStepError(`expected one public IPv4 address for ${EC2_INSTANCE_TAG_NAME}, got "${publicIp}"`);
}
vars.set('EC2_IP_PUBLIC', publicIp);
const privateIp = (await byTag('Reservations[].Instances[].PrivateIpAddress')).printed.trim();
vars.set('EC2_IP_PRIVATE', privateIp);
