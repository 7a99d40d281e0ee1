import { performance } from 'node:perf_hooks';
import { AwsError, type Handler, type RequestContext } from '../../core/types';
import { type Item, itemSize, itemToStored, itemToWire, MAX_ITEM_BYTES, validationError } from './attributes';
import { readUnits, writeUnits } from './capacity';
import { type Condition, checkAllUsed, matchesAll, type Placeholders, parseExpression } from './expressions';
import { storageKey } from './keys';
import { publishRequest } from './metrics';
import { activeTable, dynamoState, MAX_STORED_BYTES, type Table } from './state';
import { charge, consumed } from './throughput';

/* Single-item operations: PutItem, GetItem, DeleteItem. Query, Scan and BatchWriteItem are in their own files. */

// biome-ignore lint/suspicious/noExplicitAny: decoded model input
export type Input = Record<string, any>;

export function placeholders(input: Input): Placeholders {
  return { names: input.ExpressionAttributeNames, values: input.ExpressionAttributeValues };
}

/** Top-level attribute names of a ProjectionExpression (nested paths answer a ValidationException). */
export function projection(input: Input, used: Set<string>): string[] | undefined {
  if (typeof input.ProjectionExpression !== 'string') return undefined;
  return input.ProjectionExpression.split(',').map((raw: string) => {
    const token = raw.trim();
    if (token.startsWith('#')) {
      const name = input.ExpressionAttributeNames?.[token];
      if (name === undefined)
        throw validationError(
          `Invalid ProjectionExpression: An expression attribute name used in the document path is not defined; attribute name: ${token}`,
        );
      used.add(token);
      return name;
    }
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(token))
      throw validationError(
        `Invalid ProjectionExpression: the sandbox projects top-level attributes only; near "${token}"`,
      );
    return token;
  });
}

export function project(item: Item, names: string[] | undefined): Item {
  if (!names) return item;
  return Object.fromEntries(names.filter((n) => item[n] !== undefined).map((n) => [n, item[n]])) as Item;
}

function condition(input: Input, used: Set<string>): Condition[] | undefined {
  return typeof input.ConditionExpression === 'string'
    ? parseExpression(input.ConditionExpression, placeholders(input), used)
    : undefined;
}

function conditionFailed(): AwsError {
  return new AwsError('ConditionalCheckFailedException', 'The conditional request failed');
}

/** Replaces or removes an item, keeping the table's and the region's byte counts. */
export function storeItem(ctx: RequestContext, table: Table, key: string, item: Item | undefined): void {
  const old = table.items[key];
  const delta = (item ? itemSize(item) : 0) - (old ? itemSize(old) : 0);
  if (delta > 0) {
    const total = Object.values(dynamoState(ctx).tables).reduce((n, t) => n + t.bytes, 0);
    if (total + delta > MAX_STORED_BYTES)
      throw new AwsError(
        'LimitExceededException',
        `The sandbox keeps at most ${MAX_STORED_BYTES} bytes of items per account and region.`,
      );
  }
  if (item) table.items[key] = item;
  else delete table.items[key];
  table.bytes += delta;
}

export function checkItemSize(item: Item): number {
  const size = itemSize(item);
  if (size > MAX_ITEM_BYTES) throw validationError('Item size has exceeded the maximum allowed size');
  return size;
}

const putItem: Handler = (ctx, input) => {
  const started = performance.now();
  const table = activeTable(ctx, input.TableName);
  const item = itemToStored(input.Item);
  const key = storageKey(table, item, false);
  const size = checkItemSize(item);
  const used = new Set<string>();
  const cond = condition(input, used);
  checkAllUsed(placeholders(input), used);
  const old = table.items[key];
  const units = writeUnits(Math.max(size, old ? itemSize(old) : 0));
  charge(ctx, table, 'write', units, 'PutItem');
  if (cond && !matchesAll(old, cond)) {
    publishRequest(ctx, table, { operation: 'PutItem', writeUnits: units });
    throw conditionFailed();
  }
  storeItem(ctx, table, key, item);
  publishRequest(ctx, table, {
    operation: 'PutItem',
    writeUnits: units,
    latencyMs: performance.now() - started,
  });
  return {
    ...(input.ReturnValues === 'ALL_OLD' && old ? { Attributes: itemToWire(old) } : {}),
    ...consumed(table, units, input.ReturnConsumedCapacity),
  };
};

const getItem: Handler = (ctx, input) => {
  const started = performance.now();
  const table = activeTable(ctx, input.TableName);
  const key = storageKey(table, itemToStored(input.Key), true);
  const used = new Set<string>();
  const names = projection(input, used);
  checkAllUsed({ names: input.ExpressionAttributeNames }, used);
  const item = table.items[key];
  const units = readUnits(item ? itemSize(item) : 0, input.ConsistentRead === true);
  charge(ctx, table, 'read', units, 'GetItem');
  publishRequest(ctx, table, {
    operation: 'GetItem',
    readUnits: units,
    latencyMs: performance.now() - started,
  });
  return {
    ...(item ? { Item: itemToWire(project(item, names)) } : {}),
    ...consumed(table, units, input.ReturnConsumedCapacity),
  };
};

const deleteItem: Handler = (ctx, input) => {
  const started = performance.now();
  const table = activeTable(ctx, input.TableName);
  const key = storageKey(table, itemToStored(input.Key), true);
  const used = new Set<string>();
  const cond = condition(input, used);
  checkAllUsed(placeholders(input), used);
  const old = table.items[key];
  const units = writeUnits(old ? itemSize(old) : 0);
  charge(ctx, table, 'write', units, 'DeleteItem');
  if (cond && !matchesAll(old, cond)) {
    publishRequest(ctx, table, { operation: 'DeleteItem', writeUnits: units });
    throw conditionFailed();
  }
  storeItem(ctx, table, key, undefined);
  publishRequest(ctx, table, {
    operation: 'DeleteItem',
    writeUnits: units,
    latencyMs: performance.now() - started,
  });
  return {
    ...(input.ReturnValues === 'ALL_OLD' && old ? { Attributes: itemToWire(old) } : {}),
    ...consumed(table, units, input.ReturnConsumedCapacity),
  };
};

export const itemOperations: Record<string, Handler> = {
  PutItem: putItem,
  GetItem: getItem,
  DeleteItem: deleteItem,
};
