import type { ServiceDefinition } from '../../core/types';
import { accessKeyOperations } from './access-keys';
import { accountOperations } from './account-details';
import { attachmentOperations } from './attachments';
import { authorize } from './authorizer';
import { boundaryOperations } from './boundaries';
import { resolveIamUserKey } from './credentials';
import { groupOperations } from './groups';
import { inlinePolicyOperations } from './inline-policies';
import { instanceProfileOperations } from './instance-profiles';
import { loginProfileOperations } from './login-profiles';
import { managedPolicyOperations } from './managed-policies';
import { iamResources } from './resources';
import { roleOperations } from './roles';
import { userOperations } from './users';

/**
 * IAM: users, login profiles, access keys, groups, roles, instance profiles, AWS and customer managed
 * policies, inline policies. Serving it also makes the sandbox recognise IAM users' access keys and
 * evaluate their requests (and assumed roles') against IAM policies.
 */
export const service: ServiceDefinition = {
  name: 'iam',
  protocols: ['awsQuery'],
  xmlns: 'https://iam.amazonaws.com/doc/2010-05-08/',
  namespace: 'com.amazonaws.iam',
  global: true,
  load: () => import('@aws-sdk/client-iam'),
  operations: {
    ...userOperations,
    ...boundaryOperations,
    ...loginProfileOperations,
    ...accessKeyOperations,
    ...groupOperations,
    ...roleOperations,
    ...instanceProfileOperations,
    ...managedPolicyOperations,
    ...attachmentOperations,
    ...inlinePolicyOperations,
    ...accountOperations,
  },
  resources: iamResources,
  credentials: resolveIamUserKey,
  authorizer: authorize,
};

export default service;
