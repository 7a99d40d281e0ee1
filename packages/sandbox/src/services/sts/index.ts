import type { ServiceDefinition } from '../../core/types';
import { resolveStsSession } from './credentials';
import { stsOperations } from './sessions';

/** STS: who am I (GetCallerIdentity), AssumeRole with trust-policy checks, GetSessionToken. */
export const service: ServiceDefinition = {
  name: 'sts',
  operations: stsOperations,
  readOnly: (operation) => operation === 'GetCallerIdentity',
  resources: (_ctx, operation, input) =>
    operation === 'AssumeRole' && typeof input.RoleArn === 'string' ? [input.RoleArn] : ['*'],
  credentials: resolveStsSession,
};

export default service;
