import type { ServiceDefinition } from '../../core/types';
import { cloudwatchOperations } from './handlers';

/*
 * CloudWatch metrics. The service signs as `monitoring` (its endpoint prefix) while its IAM actions are
 * `cloudwatch:*`, hence the `actions` map. Metrics come from the services that publish them (DynamoDB)
 * through store.ts, and from PutMetricData. None of these actions is resource-scoped in IAM except
 * through conditions, so resources stay `*`.
 */

export const service: ServiceDefinition = {
  name: 'monitoring',
  // SDK v3 speaks AWS JSON 1.0 with awsQuery-compatible errors, CLI 2.9 awsQuery.
  protocols: ['awsJson1_0', 'awsQuery'],
  xmlns: 'http://monitoring.amazonaws.com/doc/2010-08-01/',
  targetPrefix: 'GraniteServiceVersion20100801',
  namespace: 'com.amazonaws.cloudwatch',
  queryCompatible: true,
  load: () => import('@aws-sdk/client-cloudwatch'),
  operations: cloudwatchOperations,
  readOnly: (operation) => operation !== 'PutMetricData',
  actions: Object.fromEntries(Object.keys(cloudwatchOperations).map((op) => [op, `cloudwatch:${op}`])),
};

export default service;
