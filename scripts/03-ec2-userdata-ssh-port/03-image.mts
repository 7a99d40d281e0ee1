#!/usr/bin/env -S node --conditions=@handson/source --import=tsx
// The AMI: the blog looked it up by its exact 2021 name. That Amazon Linux 2 image is no longer published, so
// the same call prints nothing today; the lab then takes the newest Amazon Linux 2023 image by name pattern.
import { DescribeImagesCommand } from '@aws-sdk/client-ec2';
import { aws, LabStepError } from '@handson/labkit';
import { step } from '../_lib/entry.mts';
import {
  EC2_INSTANCE_ARCH,
  EC2_INSTANCE_IMAGE_NAME,
  EC2_INSTANCE_IMAGE_PATTERN,
  EC2_INSTANCE_TYPE,
  vars,
} from './lab.mts';
import { LAB } from './manifest.mts';

await step(LAB, '03-image');

console.log(`$ EC2_INSTANCE_IMAGE_NAME="${EC2_INSTANCE_IMAGE_NAME}"`);
console.log(`$ EC2_INSTANCE_TYPE="${EC2_INSTANCE_TYPE}"`);
const blog = await aws(
  new DescribeImagesCommand({ Filters: [{ Name: 'name', Values: [EC2_INSTANCE_IMAGE_NAME] }] }),
  { query: 'Images[].ImageId', output: 'text' },
);
const old = blog.output.Images ?? [];
console.log(
  old.length === 0
    ? `(${EC2_INSTANCE_IMAGE_NAME} no longer exists: looking up the newest Amazon Linux 2023 image instead)`
    : `(${EC2_INSTANCE_IMAGE_NAME} still answers here; the lab uses Amazon Linux 2023 all the same)`,
);

const latest = await aws(
  new DescribeImagesCommand({
    Owners: ['amazon'],
    Filters: [
      { Name: 'name', Values: [EC2_INSTANCE_IMAGE_PATTERN] },
      { Name: 'architecture', Values: [EC2_INSTANCE_ARCH] },
      { Name: 'state', Values: ['available'] },
    ],
  }),
  { query: 'sort_by(Images, &CreationDate)[-1].[ImageId,Name]', output: 'text' },
);
const newest = [...(latest.output.Images ?? [])]
  .sort((a, b) => String(a.CreationDate).localeCompare(String(b.CreationDate)))
  .at(-1);
if (!newest?.ImageId) {
  throw new LabStepError(`no Amazon Linux 2023 image named ${EC2_INSTANCE_IMAGE_PATTERN} in this region`);
}
console.log(`$ echo \${EC2_INSTANCE_IMAGE_ID}\n${newest.ImageId}`);
vars.set('EC2_INSTANCE_IMAGE_ID', newest.ImageId);
vars.set('EC2_INSTANCE_IMAGE_NAME_USED', newest.Name ?? '');
