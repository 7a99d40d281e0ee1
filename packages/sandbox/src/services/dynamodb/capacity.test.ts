import { describe, expect, it } from 'vitest';
import { itemSize } from './attributes';
import { BURST_SECONDS, newBucket, readUnits, tryConsume, writeUnits } from './capacity';

/*
 * Throttling from AWS's documented arithmetic, nothing else:
 * - "One read capacity unit represents one strongly consistent read per second, or two eventually
 *   consistent reads per second, for an item up to 4 KB in size" and larger items take "additional read
 *   capacity units" per 4 KB; one write capacity unit is one write per second of up to 1 KB
 *   (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/provisioned-capacity-mode.html,
 *   https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/read-write-operations.html).
 * - "DynamoDB currently retains up to five minutes (300 seconds) of unused read and write capacity"
 *   (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/burst-adaptive-capacity.html).
 * So a steady load of r reads a second costing u units each on a table of c units is throttled when
 * r × u > c, and the first throttle comes after 300 × c / (r × u − c) seconds of a full bucket.
 */

const KB = 1024;

interface Row {
  rcu: number;
  readsPerSecond: number;
  itemBytes: number;
  consistent: boolean;
  unitsPerRead: number;
  throttled: boolean;
}

const TABLE: Row[] = [
  { rcu: 1, readsPerSecond: 1, itemBytes: 1 * KB, consistent: true, unitsPerRead: 1, throttled: false },
  { rcu: 1, readsPerSecond: 2, itemBytes: 1 * KB, consistent: false, unitsPerRead: 0.5, throttled: false },
  { rcu: 1, readsPerSecond: 2, itemBytes: 1 * KB, consistent: true, unitsPerRead: 1, throttled: true },
  { rcu: 1, readsPerSecond: 3, itemBytes: 1 * KB, consistent: false, unitsPerRead: 0.5, throttled: true },
  { rcu: 1, readsPerSecond: 1, itemBytes: 4 * KB, consistent: true, unitsPerRead: 1, throttled: false },
  { rcu: 1, readsPerSecond: 1, itemBytes: 4 * KB + 1, consistent: true, unitsPerRead: 2, throttled: true },
  { rcu: 1, readsPerSecond: 1, itemBytes: 8 * KB, consistent: false, unitsPerRead: 1, throttled: false },
  { rcu: 5, readsPerSecond: 5, itemBytes: 7 * KB, consistent: false, unitsPerRead: 1, throttled: false },
  { rcu: 5, readsPerSecond: 5, itemBytes: 7 * KB, consistent: true, unitsPerRead: 2, throttled: true },
  { rcu: 10, readsPerSecond: 3, itemBytes: 12 * KB, consistent: true, unitsPerRead: 3, throttled: false },
  { rcu: 10, readsPerSecond: 4, itemBytes: 12 * KB, consistent: true, unitsPerRead: 3, throttled: true },
  { rcu: 25, readsPerSecond: 100, itemBytes: 100, consistent: false, unitsPerRead: 0.5, throttled: true },
];

/** Runs a steady load for `seconds` on the sandbox's bucket; the second of the first throttle, if any. */
function firstThrottle(row: Row, seconds: number): number | undefined {
  const bucket = newBucket(row.rcu, 0);
  const units = readUnits(row.itemBytes, row.consistent);
  for (let s = 0; s < seconds; s++) {
    for (let i = 0; i < row.readsPerSecond; i++) {
      // Reads spread evenly over the second.
      const at = s * 1000 + Math.floor((i * 1000) / row.readsPerSecond);
      if (!tryConsume(bucket, row.rcu, units, at)) return s;
    }
  }
  return undefined;
}

describe('read throttling by the documented arithmetic', () => {
  it.each(TABLE)(
    '$rcu RCU, $readsPerSecond reads/s of $itemBytes bytes, consistent $consistent: $unitsPerRead units a read, throttled $throttled',
    (row) => {
      expect(readUnits(row.itemBytes, row.consistent)).toBe(row.unitsPerRead);
      const demand = row.readsPerSecond * row.unitsPerRead;
      expect(demand > row.rcu).toBe(row.throttled);
      if (!row.throttled) {
        expect(firstThrottle(row, 2 * BURST_SECONDS + 60)).toBeUndefined();
        return;
      }
      // A full bucket (300 s of capacity) drains at demand − rcu units a second.
      const drained = (BURST_SECONDS * row.rcu) / (demand - row.rcu);
      const at = firstThrottle(row, Math.ceil(drained) + 60);
      // Reads are whole: the last one that fits may leave up to one read's cost unused.
      const slack = Math.ceil(row.unitsPerRead / (demand - row.rcu)) + 1;
      expect(at).toBeGreaterThanOrEqual(Math.floor(drained) - slack);
      expect(at).toBeLessThanOrEqual(Math.ceil(drained) + 1);
    },
  );

  it('writes: 1 unit per started KB; a missing item still costs the minimum read', () => {
    expect([1, 1024, 1025, 400 * KB].map(writeUnits)).toEqual([1, 1, 2, 400]);
    expect(readUnits(0, true)).toBe(1);
    expect(readUnits(0, false)).toBe(0.5);
  });

  it('a request larger than the whole bucket passes only when the bucket is full, leaving a debt', () => {
    const bucket = newBucket(1, 0);
    expect(tryConsume(bucket, 1, 400, 0)).toBe(true);
    expect(tryConsume(bucket, 1, 0.5, 99_000)).toBe(false);
    expect(tryConsume(bucket, 1, 0.5, 101_000)).toBe(true);
  });

  it('item sizes as "DynamoDB item sizes and formats" counts them', () => {
    expect(itemSize({ pk: { S: 'abc' } })).toBe(2 + 3);
    // 5 significant digits: 3 bytes + 1.
    expect(itemSize({ n: { N: '12345' } })).toBe(1 + 4);
    // -0.00120: leading and trailing zeroes trimmed, 2 significant digits: 1 byte + 1.
    expect(itemSize({ n: { N: '-0.00120' } })).toBe(1 + 2);
    expect(itemSize({ b: { BOOL: true }, z: { NULL: true } })).toBe(2 + 2);
    // A list of two strings: 3 bytes overhead + 1 byte per element + contents.
    expect(itemSize({ l: { L: [{ S: 'ab' }, { S: 'c' }] } })).toBe(1 + 3 + (2 + 1) + (1 + 1));
    expect(itemSize({ m: { M: { k: { S: 'v' } } } })).toBe(1 + 3 + (1 + 1 + 1));
  });
});
