#!/usr/bin/env -S node --conditions=@handson/source --import=tsx
// EC2インスタンスの起動: run-instances with the blog's options (image, type, Name tag, user data from the file,
// a public address, the key pair). `--associate-public-ip-address` is the CLI's shorthand for the first
// network interface's AssociatePublicIpAddress, which is what the SDK sends.
import { readFileSync } from 'node:fs';
import { type Instance, RunInstancesCommand } from '@aws-sdk/client-ec2';
import { LAB_TAG_KEY } from '@handson/aws';
import { aws, createOnce, LabStepError, teardownCommand } from '@handson/labkit';
import { step } from '../_lib/entry.mts';
import { EC2_INSTANCE_TAG_NAME, EC2_INSTANCE_TYPE, EC2_TAG_KEY, need, SLUG, vars } from './lab.mts';
import { LAB } from './manifest.mts';
import { findNamedInstance, isLabs } from './resources.mts';

await step(LAB, '04-run-instances');

const FILE_USER_DATA = need('FILE_USER_DATA', '01-user-data');
const KEY_PAIR_NAME = need('KEY_PAIR_NAME', '02-key-pair');
const EC2_INSTANCE_IMAGE_ID = need('EC2_INSTANCE_IMAGE_ID', '03-image');

// The blog's Name tag, plus the tag every lab resource carries.
const tags = [
  { Key: EC2_TAG_KEY, Value: EC2_INSTANCE_TAG_NAME },
  { Key: LAB_TAG_KEY, Value: SLUG },
];
const STRING_TAG_CONF = `ResourceType=instance,Tags=[${tags.map((t) => `{Key=${t.Key},Value=${t.Value}}`).join(',')}]`;
console.log(`$ echo \${STRING_TAG_CONF}\n${STRING_TAG_CONF}`);

async function runInstance(): Promise<Instance> {
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
  const instance = run.output.Instances?.[0];
  if (!instance?.InstanceId) throw new Error('run-instances returned no instance');
  return instance;
}

// A second instance with the same Name tag would give 06-public-ip two addresses: reuse the lab's, or stop.
const { value: instance, created } = await createOnce({
  slug: SLUG,
  what: `EC2 instance ${EC2_INSTANCE_TAG_NAME}`,
  find: findNamedInstance,
  create: runInstance,
  ours: (found) => isLabs(found.Tags),
});
const state = instance.State?.Name ?? '';
if (!created && (state === 'stopping' || state === 'stopped')) {
  throw new LabStepError(
    `the lab's instance ${instance.InstanceId} is ${state}: start it (aws ec2 start-instances ` +
      `--instance-ids ${instance.InstanceId}) or run ${teardownCommand(SLUG)} and start over.`,
  );
}
vars.set('EC2_INSTANCE_ID', instance.InstanceId!);
