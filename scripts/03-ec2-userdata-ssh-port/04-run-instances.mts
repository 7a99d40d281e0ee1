#!/usr/bin/env -S node --conditions=@handson/source --import=tsx
// EC2インスタンスの起動: run-instances with the blog's options (image, type, Name tag, user data from the file,
// a public address, the key pair). `--associate-public-ip-address` is the CLI's shorthand for the first
// network interface's AssociatePublicIpAddress, which is what the SDK sends.
import '../_lib/report-errors.mts';
import { readFileSync } from 'node:fs';
import { RunInstancesCommand } from '@aws-sdk/client-ec2';
import { LAB_TAG_KEY } from '@handson/aws';
import { aws } from '@handson/labkit';
import { EC2_INSTANCE_TAG_NAME, EC2_INSTANCE_TYPE, EC2_TAG_KEY, SLUG, vars } from './lab.mts';

const FILE_USER_DATA = vars.need('FILE_USER_DATA', '01-user-data.mts');
const KEY_PAIR_NAME = vars.need('KEY_PAIR_NAME', '02-key-pair.mts');
const EC2_INSTANCE_IMAGE_ID = vars.need('EC2_INSTANCE_IMAGE_ID', '03-image.mts');

// The blog's Name tag, plus the tag every lab resource carries.
const tags = [
  { Key: EC2_TAG_KEY, Value: EC2_INSTANCE_TAG_NAME },
  { Key: LAB_TAG_KEY, Value: SLUG },
];
const STRING_TAG_CONF = `ResourceType=instance,Tags=[${tags.map((t) => `{Key=${t.Key},Value=${t.Value}}`).join(',')}]`;
console.log(`$ echo \${STRING_TAG_CONF}\n${STRING_TAG_CONF}`);

const run = await aws(
  new RunInstancesCommand({
    ImageId: EC2_INSTANCE_IMAGE_ID,
    InstanceType: EC2_INSTANCE_TYPE as never,
    TagSpecifications: [{ ResourceType: 'instance', Tags: tags }],
    // The CLI base64-encodes file:// user data for run-instances; the SDK sends what it is given.
    UserData: readFileSync(FILE_USER_DATA).toString('base64'),
    NetworkInterfaces: [{ DeviceIndex: 0, AssociatePublicIpAddress: true }],
    KeyName: KEY_PAIR_NAME,
    MinCount: 1,
    MaxCount: 1,
  }),
  { files: { UserData: FILE_USER_DATA } },
);
const instanceId = run.output.Instances?.[0]?.InstanceId;
if (!instanceId) throw new Error('run-instances returned no instance');
vars.set('EC2_INSTANCE_ID', instanceId);
