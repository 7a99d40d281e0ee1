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
  operations: cloudwatchOperations,
  readOnly: (operation) => operation !== 'PutMetricData',
  actions: Object.fromEntries(Object.keys(cloudwatchOperations).map((op) => [op, `cloudwatch:${op}`])),
};

export default service;
