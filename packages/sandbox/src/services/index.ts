import type { ServiceDefinition } from '../core/types.js';
import { service as cloudformation } from './cloudformation/index.js';
import { service as cloudtrail } from './cloudtrail/index.js';
import { service as cloudwatch } from './cloudwatch/index.js';
import { service as devopsGuru } from './devops-guru/index.js';
import { service as dynamodb } from './dynamodb/index.js';
import { service as ec2 } from './ec2/index.js';
import { service as iam } from './iam/index.js';
import { service as s3 } from './s3/index.js';
import { service as sqs } from './sqs/index.js';
import { service as sts } from './sts/index.js';

/**
 * Every service the sandbox serves. A new service is a folder whose index exports one ServiceDefinition
 * (`service`), and a line here; its wire protocol and model are a row of protocols/models.ts.
 */
export const serviceDefinitions: readonly ServiceDefinition[] = [
  cloudformation,
  cloudtrail,
  cloudwatch,
  devopsGuru,
  dynamodb,
  ec2,
  iam,
  s3,
  sqs,
  sts,
];
