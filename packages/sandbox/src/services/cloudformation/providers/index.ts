/** The resource types the sandbox can provision, each through its service's handlers. */
import { dynamodbProviders } from './dynamodb';
import { ec2InstanceProviders } from './ec2-instance';
import { ec2NetworkProviders } from './ec2-network';
import { ec2SecurityProviders } from './ec2-security';
import { iamProviders } from './iam';
import { sqsProviders } from './sqs';
import type { ProviderRegistry } from './types';

export const realProviders: ProviderRegistry = {
  ...ec2NetworkProviders,
  ...ec2SecurityProviders,
  ...ec2InstanceProviders,
  ...iamProviders,
  ...sqsProviders,
  ...dynamodbProviders,
};
