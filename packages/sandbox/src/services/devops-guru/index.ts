import type { ServiceDefinition } from '../../core/types';
import { coverageOperations } from './coverage';
import { insightOperations } from './insights';

/*
 * DevOps Guru (restJson1): analysis coverage and reactive insights for DynamoDB tables, from a detector
 * whose rule is stated in rule.ts and the package README. The read operations run the detector; what it
 * records is saved with the next write, and re-evaluating from the metrics gives the same insights.
 */

export const service: ServiceDefinition = {
  name: 'devops-guru',
  operations: { ...coverageOperations, ...insightOperations },
};

export default service;
