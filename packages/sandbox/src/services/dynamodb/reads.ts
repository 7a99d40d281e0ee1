import { performance } from 'node:perf_hooks';
import type { Handler, RequestContext } from '../../core/types';
import {
  type AttributeValue,
  type Item,
  itemSize,
  itemToStored,
  itemToWire,
  sameValue,
  validationError,
} from './attributes';
import { readUnits } from './capacity';
import {
  type Condition,
  checkAllUsed,
  legacyKeyConditions,
  matchesAll,
  parseExpression,
} from './expressions';
import { type Input, placeholders, project, projection } from './items';
import { keyNames, keyOf, sortedItems, storageKey } from './keys';
import { publishRequest } from './metrics';
import { activeTable, type Table } from './state';
import { charge, consumed } from './throughput';

/*
 * Query and Scan: read items in key order until Limit items or 1 MB have been read ("A single Query
 * operation can retrieve a maximum of 1 MB of data", before any filter), charge the sum of the sizes of the
 * items read rounded up to 4 KB once, then filter and project.
 */

const PAGE_BYTES = 1024 * 1024;

interface Page {
  read: Item[];
  more: boolean;
  bytes: number;
}

function readPage(table: Table, candidates: Item[], input: Input): Page {
  const limit = input.Limit;
  if (limit !== undefined && (!Number.isInteger(limit) || limit < 1))
    throw validationError(
      `1 validation error detected: Value '${limit}' at 'limit' failed to satisfy constraint: Member must have value greater than or equal to 1`,
    );
  let start = 0;
  if (input.ExclusiveStartKey) {
    const after = storageKey(table, itemToStored(input.ExclusiveStartKey), true);
    const at = candidates.findIndex((item) => storageKey(table, keyOf(table, item), true) === after);
    start = at + 1;
  }
  const read: Item[] = [];
  let bytes = 0;
  let i = start;
  for (; i < candidates.length; i++) {
    if (limit !== undefined && read.length >= limit) break;
    if (bytes >= PAGE_BYTES) break;
    const item = candidates[i] as Item;
    read.push(item);
    bytes += itemSize(item);
  }
  return { read, more: i < candidates.length, bytes };
}

function filterOf(input: Input, used: Set<string>): Condition[] {
  return typeof input.FilterExpression === 'string'
    ? parseExpression(input.FilterExpression, placeholders(input), used)
    : [];
}

function answer(
  ctx: RequestContext,
  table: Table,
  input: Input,
  page: Page,
  filter: Condition[],
  names: string[] | undefined,
  op: string,
  started: number,
) {
  const units = readUnits(page.bytes, input.ConsistentRead === true);
  charge(ctx, table, 'read', units, op);
  const kept = page.read.filter((item) => matchesAll(item, filter));
  const count = input.Select === 'COUNT';
  publishRequest(ctx, table, {
    operation: op,
    readUnits: units,
    latencyMs: performance.now() - started,
    returnedItems: kept.length,
  });
  const last = page.read[page.read.length - 1];
  return {
    ...(count ? {} : { Items: kept.map((item) => itemToWire(project(item, names))) }),
    Count: kept.length,
    ScannedCount: page.read.length,
    ...(page.more && last ? { LastEvaluatedKey: itemToWire(keyOf(table, last)) } : {}),
    ...consumed(table, units, input.ReturnConsumedCapacity),
  };
}

/** Splits key conditions into the partition key value and the sort key conditions. */
function keyConditions(
  table: Table,
  conditions: Condition[],
): { hashValue: AttributeValue; range: Condition[] } {
  const { hash, range } = keyNames(table);
  const onHash = conditions.filter((c) => c.name === hash);
  const eq = onHash[0];
  if (onHash.length !== 1 || !eq || eq.kind !== 'compare' || eq.op !== '=')
    throw validationError(`Query condition missed key schema element: ${hash}`);
  const rest = conditions.filter((c) => c !== eq);
  if (
    rest.length > 1 ||
    rest.some((c) => c.name !== range || c.kind === 'exists' || (c.kind === 'compare' && c.op === '<>'))
  )
    throw validationError('Query key condition not supported');
  return { hashValue: eq.value, range: rest };
}

const query: Handler = (ctx, input) => {
  const started = performance.now();
  const table = activeTable(ctx, input.TableName);
  if (input.IndexName)
    throw validationError('The table does not have the specified index: ' + input.IndexName);
  const used = new Set<string>();
  const conditions =
    typeof input.KeyConditionExpression === 'string'
      ? parseExpression(input.KeyConditionExpression, placeholders(input), used)
      : input.KeyConditions
        ? legacyKeyConditions(input.KeyConditions)
        : undefined;
  if (!conditions)
    throw validationError(
      'Either the KeyConditions or KeyConditionExpression parameter must be specified in the request.',
    );
  const { hashValue, range } = keyConditions(table, conditions);
  const filter = filterOf(input, used);
  const names = projection(input, used);
  checkAllUsed(placeholders(input), used);
  const { hash } = keyNames(table);
  let candidates = sortedItems(
    table,
    Object.values(table.items).filter((item) => sameValue(item[hash], hashValue) && matchesAll(item, range)),
  );
  if (input.ScanIndexForward === false) candidates = candidates.reverse();
  return answer(ctx, table, input, readPage(table, candidates, input), filter, names, 'Query', started);
};

const scan: Handler = (ctx, input) => {
  const started = performance.now();
  const table = activeTable(ctx, input.TableName);
  if (input.IndexName)
    throw validationError('The table does not have the specified index: ' + input.IndexName);
  if (input.Segment !== undefined || input.TotalSegments !== undefined)
    throw validationError('The sandbox does not emulate parallel scans (Segment, TotalSegments).');
  const used = new Set<string>();
  const filter = filterOf(input, used);
  const names = projection(input, used);
  checkAllUsed(placeholders(input), used);
  return answer(
    ctx,
    table,
    input,
    readPage(table, sortedItems(table), input),
    filter,
    names,
    'Scan',
    started,
  );
};

export const readOperations: Record<string, Handler> = { Query: query, Scan: scan };
