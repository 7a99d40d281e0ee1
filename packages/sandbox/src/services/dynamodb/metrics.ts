import type { RequestContext } from '../../core/types';
import { recordMetric } from '../cloudwatch/store';
import type { Table } from './state';

/*
 * The AWS/DynamoDB metrics of what each request did, with the names, dimensions and units of "DynamoDB
 * Metrics and dimensions" (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/metrics-dimensions.html):
 * consumed units per table, throttle events per table, ThrottledRequests and SuccessfulRequestLatency per
 * table and operation, ReturnedItemCount per table and operation for Query and Scan.
 */

export const NAMESPACE = 'AWS/DynamoDB';

export interface RequestOutcome {
  operation: string;
  readUnits?: number;
  writeUnits?: number;
  /** Throttle events: one per item a request could not read or write. */
  readThrottles?: number;
  writeThrottles?: number;
  /**
   * The whole request failed with ProvisionedThroughputExceededException. For BatchGetItem and
   * BatchWriteItem "ThrottledRequests is only incremented if every request in the batch is throttled"
   * (DynamoDB metrics and dimensions); their throttled items count as Read/WriteThrottleEvents.
   */
  throttled?: boolean;
  latencyMs?: number;
  returnedItems?: number;
}

function put(ctx: RequestContext, name: string, dims: Record<string, string>, value: number, unit: string) {
  recordMetric(ctx, { namespace: NAMESPACE, name, dimensions: dims, value, unit, time: ctx.now() });
}

export function publishRequest(ctx: RequestContext, table: Table, o: RequestOutcome): void {
  const byTable = { TableName: table.TableName };
  const byOp = { TableName: table.TableName, Operation: o.operation };
  if (o.readUnits) put(ctx, 'ConsumedReadCapacityUnits', byTable, o.readUnits, 'Count');
  if (o.writeUnits) put(ctx, 'ConsumedWriteCapacityUnits', byTable, o.writeUnits, 'Count');
  if (o.readThrottles) put(ctx, 'ReadThrottleEvents', byTable, o.readThrottles, 'Count');
  if (o.writeThrottles) put(ctx, 'WriteThrottleEvents', byTable, o.writeThrottles, 'Count');
  if (o.throttled) put(ctx, 'ThrottledRequests', byOp, 1, 'Count');
  else if (o.latencyMs !== undefined) put(ctx, 'SuccessfulRequestLatency', byOp, o.latencyMs, 'Milliseconds');
  if (o.returnedItems !== undefined) put(ctx, 'ReturnedItemCount', byOp, o.returnedItems, 'Count');
  publishProvisioned(ctx, table);
}

/** Provisioned capacity as a gauge, written with every request and every change (none for on-demand). */
export function publishProvisioned(ctx: RequestContext, table: Table): void {
  if (table.billingMode !== 'PROVISIONED') return;
  const byTable = { TableName: table.TableName };
  put(ctx, 'ProvisionedReadCapacityUnits', byTable, table.rcu, 'Count');
  put(ctx, 'ProvisionedWriteCapacityUnits', byTable, table.wcu, 'Count');
}
