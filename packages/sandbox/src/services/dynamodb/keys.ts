import { type AttributeValue, compareKeys, type Item, validationError } from './attributes';
import type { Table } from './state';

/* Primary keys: checking them against the table's key schema and the map key items are stored under. */

export function keyNames(table: Table): { hash: string; range?: string } {
  const hash = table.KeySchema.find((k) => k.KeyType === 'HASH')?.AttributeName as string;
  const range = table.KeySchema.find((k) => k.KeyType === 'RANGE')?.AttributeName;
  return range === undefined ? { hash } : { hash, range };
}

function typeOfKey(table: Table, name: string): string {
  return table.AttributeDefinitions.find((d) => d.AttributeName === name)?.AttributeType ?? 'S';
}

function checkKeyValue(table: Table, name: string, v: AttributeValue | undefined, inItem: boolean): void {
  if (v === undefined) {
    throw validationError(
      inItem
        ? `One or more parameter values were invalid: Missing the key ${name} in the item`
        : 'The provided key element does not match the schema',
    );
  }
  const want = typeOfKey(table, name);
  const actual = Object.keys(v)[0] as string;
  if (actual !== want) {
    throw validationError(
      inItem
        ? `One or more parameter values were invalid: Type mismatch for key ${name} expected: ${want} actual: ${actual}`
        : 'The provided key element does not match the schema',
    );
  }
  const text = (v as Record<string, unknown>)[actual];
  if (actual !== 'N' && text === '')
    throw validationError(
      `One or more parameter values are not valid. The AttributeValue for a key attribute cannot contain an empty ${actual === 'S' ? 'string' : 'binary'} value. Key: ${name}`,
    );
}

/** The storage key of an item (PutItem) or of a Key (GetItem, DeleteItem: exactly the key attributes). */
export function storageKey(table: Table, item: Item, exact: boolean): string {
  const { hash, range } = keyNames(table);
  checkKeyValue(table, hash, item[hash], !exact);
  if (range !== undefined) checkKeyValue(table, range, item[range], !exact);
  if (exact && Object.keys(item).length !== (range === undefined ? 1 : 2))
    throw validationError('The provided key element does not match the schema');
  return JSON.stringify(range === undefined ? [item[hash]] : [item[hash], item[range]]);
}

/** Just the key attributes of an item (LastEvaluatedKey). */
export function keyOf(table: Table, item: Item): Item {
  const { hash, range } = keyNames(table);
  const out: Item = { [hash]: item[hash] as AttributeValue };
  if (range !== undefined) out[range] = item[range] as AttributeValue;
  return out;
}

/** Items in key order: by partition key value, then sort key (Scan's order is the sandbox's choice). */
export function sortedItems(table: Table, items: Item[] = Object.values(table.items)): Item[] {
  const { hash, range } = keyNames(table);
  return items.sort((a, b) => {
    const byHash = compareKeys(a[hash] as AttributeValue, b[hash] as AttributeValue);
    if (byHash !== 0 || range === undefined) return byHash;
    return compareKeys(a[range] as AttributeValue, b[range] as AttributeValue);
  });
}
