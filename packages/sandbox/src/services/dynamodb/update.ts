import { performance } from 'node:perf_hooks';
import { AwsError, type Handler } from '../../core/types';
import { type Item, itemSize, itemToStored, itemToWire, validationError } from './attributes';
import { writeUnits } from './capacity';
import { checkAllUsed, matchesAll, parseExpression } from './expressions';
import { checkItemSize, type Input, placeholders, storeItem } from './items';
import { keyNames, storageKey } from './keys';
import { publishRequest } from './metrics';
import { activeTable } from './state';
import { charge, consumed } from './throughput';
import { applyUpdate, parseUpdate } from './update-expression';

/* UpdateItem: creates or changes one item by an UpdateExpression, charged by the larger of old and new. */

function changedAttributes(item: Item | undefined, names: Set<string>): Item | undefined {
  if (!item) return undefined;
  return Object.fromEntries(Object.entries(item).filter(([k]) => names.has(k))) as Item;
}

function returned(input: Input, old: Item | undefined, updated: Item, names: Set<string>): Item | undefined {
  switch (input.ReturnValues) {
    case 'ALL_OLD':
      return old;
    case 'ALL_NEW':
      return updated;
    case 'UPDATED_OLD':
      return changedAttributes(old, names);
    case 'UPDATED_NEW':
      return changedAttributes(updated, names);
    default:
      return undefined;
  }
}

const updateItem: Handler = (ctx, input) => {
  const started = performance.now();
  const table = activeTable(ctx, input.TableName);
  if (input.AttributeUpdates)
    throw validationError('The sandbox applies UpdateExpression only, not the legacy AttributeUpdates.');
  const keyItem = itemToStored(input.Key);
  const key = storageKey(table, keyItem, true);
  const used = new Set<string>();
  const plan =
    typeof input.UpdateExpression === 'string'
      ? parseUpdate(input.UpdateExpression, placeholders(input), used)
      : { set: [], remove: [], add: [], delete: [] };
  const cond =
    typeof input.ConditionExpression === 'string'
      ? parseExpression(input.ConditionExpression, placeholders(input), used)
      : undefined;
  checkAllUsed(placeholders(input), used);
  const names = new Set([...plan.set, ...plan.add, ...plan.delete].map((a) => a.name).concat(plan.remove));
  const { hash, range } = keyNames(table);
  for (const n of [hash, range])
    if (n !== undefined && names.has(n))
      throw validationError(
        `One or more parameter values were invalid: Cannot update attribute ${n}. This attribute is part of the key`,
      );
  const old = table.items[key];
  const updated = applyUpdate(old ?? keyItem, plan);
  const units = writeUnits(Math.max(checkItemSize(updated), old ? itemSize(old) : 0));
  charge(ctx, table, 'write', units, 'UpdateItem');
  if (cond && !matchesAll(old, cond)) {
    publishRequest(ctx, table, { operation: 'UpdateItem', writeUnits: units });
    throw new AwsError('ConditionalCheckFailedException', 'The conditional request failed');
  }
  storeItem(ctx, table, key, updated);
  publishRequest(ctx, table, {
    operation: 'UpdateItem',
    writeUnits: units,
    latencyMs: performance.now() - started,
  });
  const attributes = returned(input, old, updated, names);
  return {
    ...(attributes && Object.keys(attributes).length ? { Attributes: itemToWire(attributes) } : {}),
    ...consumed(table, units, input.ReturnConsumedCapacity),
  };
};

export const updateOperations: Record<string, Handler> = { UpdateItem: updateItem };
