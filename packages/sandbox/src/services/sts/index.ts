import type { ServiceDefinition } from '../../core/types';
import { resolveStsSession } from './credentials';
import { stsOperations } from './sessions';

/** STS: who am I (GetCallerIdentity), AssumeRole with trust-policy checks, GetSessionToken. */
export const service: ServiceDefinition = {
  name: 'sts',
  protocols: ['awsQuery'],
  xmlns: 'https://sts.amazonaws.com/doc/2011-06-15/',
  namespace: 'com.amazonaws.sts',
  load: () => import('@aws-sdk/client-sts'),
  operations: stsOperations,
  readOnly: (operation) => operation === 'GetCallerIdentity',
  resources: (_ctx, operation, input) =>
    operation === 'AssumeRole' && typeof input.RoleArn === 'string' ? [input.RoleArn] : ['*'],
  credentials: resolveStsSession,
};

export default service;
