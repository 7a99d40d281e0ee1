import type { RequestContext, ServiceDefinition } from '../../core/types';
import { batchOperations } from './batch';
import { itemOperations } from './items';
import { readOperations } from './reads';
import { tableArn, tableNameOf } from './state';
import { tableOperations } from './tables';
import { updateOperations } from './update';

/*
 * DynamoDB (AWS JSON 1.0): tables with provisioned or on-demand capacity, items, Query and Scan, and
 * provisioned throughput enforced as AWS documents it (capacity.ts), publishing AWS/DynamoDB metrics to
 * the sandbox's CloudWatch (metrics.ts). Reads change no stored item but do move the tables' token buckets
 * and metrics: those are saved with the next write.
 */

const READ_ONLY = new Set([
  'DescribeTable',
  'ListTables',
  'ListTagsOfResource',
  'GetItem',
  'BatchGetItem',
  'Query',
  'Scan',
]);

// biome-ignore lint/suspicious/noExplicitAny: decoded model input
function resources(ctx: RequestContext, operation: string, input: Record<string, any>): string[] {
  if (operation === 'ListTables') return ['*'];
  if (typeof input?.ResourceArn === 'string') return [input.ResourceArn];
  if (typeof input?.TableName === 'string') return [tableArn(ctx, tableNameOf(input.TableName))];
  if ((operation === 'BatchWriteItem' || operation === 'BatchGetItem') && input?.RequestItems)
    return Object.keys(input.RequestItems).map((name) => tableArn(ctx, tableNameOf(name)));
  return ['*'];
}

export const service: ServiceDefinition = {
  name: 'dynamodb',
  protocols: ['awsJson1_0'],
  xmlns: 'http://dynamodb.amazonaws.com/doc/2012-08-10/',
  targetPrefix: 'DynamoDB_20120810',
  namespace: 'com.amazonaws.dynamodb',
  load: () => import('@aws-sdk/client-dynamodb'),
  operations: {
    ...tableOperations,
    ...itemOperations,
    ...updateOperations,
    ...readOperations,
    ...batchOperations,
  },
  readOnly: (operation) => READ_ONLY.has(operation),
  resources,
};

export default service;
