import type { ServiceDefinition, ServiceInfo } from '../core/types.js';
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
 * (`service`: how it is spoken to, its model, its operations and hooks), and a line here.
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

/**
 * How the sandbox's own service of this name is spoken to (protocols, model, namespaces), for a definition
 * of one's own that stands in for it: a test that records or replaces a service's operations.
 */
export function serviceInfo(name: string): ServiceInfo {
  const own = serviceDefinitions.find((d) => d.name === name);
  if (!own) throw new Error(`the sandbox has no service named ${name}`);
  const { protocols, xmlns, targetPrefix, targetAliases, namespace, queryCompatible, global, load } = own;
  return {
    name,
    protocols,
    xmlns,
    namespace,
    load,
    ...(targetPrefix === undefined ? {} : { targetPrefix }),
    ...(targetAliases === undefined ? {} : { targetAliases }),
    ...(queryCompatible === undefined ? {} : { queryCompatible }),
    ...(global === undefined ? {} : { global }),
  };
}
