import { AwsError, type RequestContext } from '../../core/types';
import { tryConsume } from './capacity';
import { publishRequest } from './metrics';
import type { Table } from './state';

/** AWS's message for a provisioned table whose capacity (and burst) is used up. */
export const THROTTLE_MESSAGE =
  'The level of configured provisioned throughput for the table was exceeded. Consider increasing your provisioning level with the UpdateTable API.';

export function throttled(): AwsError {
  return new AwsError('ProvisionedThroughputExceededException', THROTTLE_MESSAGE);
}

/** On-demand tables are not throttled by the sandbox (AWS's on-demand limits are far above a lab's load). */
export function take(table: Table, direction: 'read' | 'write', units: number, nowMs: number): boolean {
  if (table.billingMode === 'PAY_PER_REQUEST') return true;
  return direction === 'read'
    ? tryConsume(table.read, table.rcu, units, nowMs)
    : tryConsume(table.write, table.wcu, units, nowMs);
}

/** Charges a single-item or Query/Scan request; throws, after publishing the throttle, when it cannot. */
export function charge(
  ctx: RequestContext,
  table: Table,
  direction: 'read' | 'write',
  units: number,
  operation: string,
): void {
  if (take(table, direction, units, ctx.now().getTime())) return;
  publishRequest(ctx, table, {
    operation,
    throttled: true,
    ...(direction === 'read' ? { readThrottles: 1 } : { writeThrottles: 1 }),
  });
  throw throttled();
}

export function consumed(
  table: Table,
  units: number,
  mode: unknown,
): { ConsumedCapacity?: Record<string, unknown> } {
  if (mode !== 'TOTAL' && mode !== 'INDEXES') return {};
  return {
    ConsumedCapacity: {
      TableName: table.TableName,
      CapacityUnits: units,
      ...(mode === 'INDEXES' ? { Table: { CapacityUnits: units } } : {}),
    },
  };
}
