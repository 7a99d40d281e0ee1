#!/usr/bin/env -S node --conditions=@handson/source --import=tsx
// 前提: DevOps Guru is offered in some regions only, and it is paid by the resource-hour. Before anything
// changes, the step checks the region and says what the lab costs. It changes nothing.
import { DescribeAccountHealthCommand } from '@aws-sdk/client-devops-guru';
import { aws, LabStepError } from '@handson/labkit';
import { step } from '../_lib/entry.mts';
import { COST_STATEMENT, devopsGuruInRegion } from './lab.mts';
import { LAB } from './manifest.mts';

await step(LAB, '01-check-region');

const where = await devopsGuruInRegion();
if (!where.available) {
  throw new LabStepError(
    `DevOps Guru is not offered in ${where.region} (${where.host} does not resolve): set AWS_REGION to a region ` +
      'that has it, e.g. ap-northeast-1 or us-east-1 (https://docs.aws.amazon.com/general/latest/gr/devops-guru.html).',
  );
}
console.log(`DevOps Guru はリージョン ${where.region} で使えます。`);
await aws(new DescribeAccountHealthCommand({}));
console.log(COST_STATEMENT);
