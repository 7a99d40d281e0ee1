import { performance } from 'node:perf_hooks';
import type { Handler } from '../../core/types';
import { type Item, itemSize, itemToStored, itemToWire, validationError } from './attributes';
import { readUnits, writeUnits } from './capacity';
import { checkAllUsed } from './expressions';
import { checkItemSize, type Input, project, projection, storeItem } from './items';
import { storageKey } from './keys';
import { publishRequest } from './metrics';
import { activeTable, type Table } from './state';
import { take, throttled } from './throughput';

/*
 * BatchWriteItem: up to 25 puts and deletes. Each item is charged on its own; items the table's capacity
 * cannot take come back in UnprocessedItems (one WriteThrottleEvent each), and when none could be
 * processed the whole call fails with ProvisionedThroughputExceededException, as AWS documents for
 * BatchWriteItem.
 */

interface WriteRequest {
  PutRequest?: { Item: Item };
  DeleteRequest?: { Key: Item };
}

const MAX_REQUESTS = 25;

function validate(requests: Record<string, WriteRequest[]>): number {
  let total = 0;
  for (const list of Object.values(requests)) {
    for (const r of list) {
      if ((r.PutRequest === undefined) === (r.DeleteRequest === undefined))
        throw validationError(
          'Supplied AttributeValue has more than one datatypes set, must contain exactly one of the supported datatypes',
        );
      total++;
    }
  }
  if (total === 0 || total > MAX_REQUESTS)
    throw validationError(
      `1 validation error detected: Value at 'requestItems' failed to satisfy constraint: Map value must satisfy constraint: [Member must have length less than or equal to 25, Member must have length greater than or equal to 1]`,
    );
  return total;
}

const batchWriteItem: Handler = (ctx, input) => {
  const started = performance.now();
  const requests = input.RequestItems as Record<string, WriteRequest[]>;
  validate(requests);
  const now = ctx.now().getTime();
  const unprocessed: Record<string, WriteRequest[]> = {};
  const perTable = new Map<Table, { units: number; throttles: number }>();
  let processed = 0;
  const prepared = Object.entries(requests).map(([name, list]) => {
    const table = activeTable(ctx, name);
    return { name, table, list: list.map((r) => prepare(table, r)) };
  });
  for (const { name, table, list } of prepared) {
    const tally = perTable.get(table) ?? { units: 0, throttles: 0 };
    perTable.set(table, tally);
    for (const p of list) {
      const old = table.items[p.key];
      const units = writeUnits(Math.max(p.size, old ? itemSize(old) : 0));
      if (!take(table, 'write', units, now)) {
        tally.throttles++;
        unprocessed[name] = [...(unprocessed[name] ?? []), p.wire];
        continue;
      }
      storeItem(ctx, table, p.key, p.item);
      tally.units += units;
      processed++;
    }
  }
  for (const [table, t] of perTable) {
    publishRequest(ctx, table, {
      operation: 'BatchWriteItem',
      writeUnits: t.units,
      writeThrottles: t.throttles,
      throttled: processed === 0,
      latencyMs: performance.now() - started,
    });
  }
  if (processed === 0) throw throttled();
  return {
    UnprocessedItems: unprocessed,
    ...(input.ReturnConsumedCapacity === 'TOTAL' || input.ReturnConsumedCapacity === 'INDEXES'
      ? {
          ConsumedCapacity: [...perTable].map(([table, t]) => ({
            TableName: table.TableName,
            CapacityUnits: t.units,
          })),
        }
      : {}),
  };
};

function prepare(table: Table, r: WriteRequest) {
  if (r.PutRequest) {
    const item = itemToStored(r.PutRequest.Item);
    const key = storageKey(table, item, false);
    return { key, item, size: checkItemSize(item), wire: { PutRequest: { Item: itemToWire(item) } } };
  }
  const keyItem = itemToStored((r.DeleteRequest as { Key: Item }).Key);
  const key = storageKey(table, keyItem, true);
  return { key, item: undefined, size: 0, wire: { DeleteRequest: { Key: itemToWire(keyItem) } } };
}

interface KeysAndAttributes {
  Keys: Item[];
  ConsistentRead?: boolean;
  ProjectionExpression?: string;
  ExpressionAttributeNames?: Record<string, string>;
}

/** BatchGetItem: "up to 100 items"; each item is charged as its own GetItem, keys past the capacity come back. */
const MAX_KEYS = 100;

const batchGetItem: Handler = (ctx, input) => {
  const started = performance.now();
  const requests = input.RequestItems as Record<string, KeysAndAttributes>;
  const total = Object.values(requests).reduce((n, r) => n + r.Keys.length, 0);
  if (total === 0 || total > MAX_KEYS)
    throw validationError('Too many items requested for the BatchGetItem call');
  const now = ctx.now().getTime();
  const responses: Record<string, Item[]> = {};
  const unprocessed: Record<string, KeysAndAttributes> = {};
  const perTable = new Map<Table, { units: number; throttles: number }>();
  let processed = 0;
  for (const [name, r] of Object.entries(requests)) {
    const table = activeTable(ctx, name);
    const used = new Set<string>();
    const names = projection(r as Input, used);
    checkAllUsed({ names: r.ExpressionAttributeNames }, used);
    const tally = perTable.get(table) ?? { units: 0, throttles: 0 };
    perTable.set(table, tally);
    const keys = r.Keys.map((k) => itemToStored(k));
    const seen = new Set<string>();
    for (const keyItem of keys) {
      const key = storageKey(table, keyItem, true);
      if (seen.has(key)) throw validationError('Provided list of item keys contains duplicates');
      seen.add(key);
      const item = table.items[key];
      const units = readUnits(item ? itemSize(item) : 0, r.ConsistentRead === true);
      if (!take(table, 'read', units, now)) {
        tally.throttles++;
        const back = unprocessed[name] ?? { ...r, Keys: [] };
        back.Keys.push(itemToWire(keyItem));
        unprocessed[name] = back;
        continue;
      }
      tally.units += units;
      processed++;
      responses[name] = responses[name] ?? [];
      if (item) responses[name].push(itemToWire(project(item, names)));
    }
  }
  for (const [table, t] of perTable)
    publishRequest(ctx, table, {
      operation: 'BatchGetItem',
      readUnits: t.units,
      readThrottles: t.throttles,
      throttled: processed === 0,
      latencyMs: performance.now() - started,
    });
  if (processed === 0) throw throttled();
  return {
    Responses: responses,
    UnprocessedKeys: unprocessed,
    ...(input.ReturnConsumedCapacity === 'TOTAL' || input.ReturnConsumedCapacity === 'INDEXES'
      ? {
          ConsumedCapacity: [...perTable].map(([table, t]) => ({
            TableName: table.TableName,
            CapacityUnits: t.units,
          })),
        }
      : {}),
  };
};

export const batchOperations: Record<string, Handler> = {
  BatchWriteItem: batchWriteItem,
  BatchGetItem: batchGetItem,
};
