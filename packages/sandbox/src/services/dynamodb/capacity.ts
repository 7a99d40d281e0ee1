/*
 * Provisioned throughput as DynamoDB documents it.
 *
 * Units (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/read-write-operations.html):
 * a read of up to 4 KB costs 1 read unit strongly consistent, 0.5 eventually consistent, and larger items
 * take the next multiple of 4 KB; Query and Scan add up the sizes of all items they read, then round up
 * once; a read of a missing item still costs the minimum. A write costs 1 write unit per 1 KB, rounded up;
 * PutItem that replaces an item costs by the larger of the two.
 *
 * Throttling (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/burst-adaptive-capacity.html):
 * a table serves its provisioned units per second, and "DynamoDB currently retains up to five minutes
 * (300 seconds) of unused read and write capacity" for bursts. That is a token bucket per table and
 * direction, refilled at the provisioned rate and holding at most 300 s of it. A request that finds too few
 * tokens fails with ProvisionedThroughputExceededException and consumes nothing.
 *
 * Two choices AWS does not document, stated here: a new table starts with a full bucket, and a single
 * request that costs more than a full bucket (a 400 KB write on a 1-WCU table costs 400 > 300 units) is
 * admitted when the bucket is full and leaves it in debt, so that it is slow rather than impossible.
 */

export const READ_BLOCK_BYTES = 4 * 1024;
export const WRITE_BLOCK_BYTES = 1024;
export const BURST_SECONDS = 300;

export interface Bucket {
  tokens: number;
  /** Epoch ms of the last refill (the sandbox clock). */
  at: number;
}

export function readUnits(bytes: number, consistentRead: boolean): number {
  const blocks = Math.max(1, Math.ceil(bytes / READ_BLOCK_BYTES));
  return consistentRead ? blocks : blocks / 2;
}

export function writeUnits(bytes: number): number {
  return Math.max(1, Math.ceil(bytes / WRITE_BLOCK_BYTES));
}

export function newBucket(unitsPerSecond: number, nowMs: number): Bucket {
  return { tokens: unitsPerSecond * BURST_SECONDS, at: nowMs };
}

/** Adds what the provisioned rate earned since the last refill, up to 300 s worth. */
export function refill(bucket: Bucket, unitsPerSecond: number, nowMs: number): void {
  const capacity = unitsPerSecond * BURST_SECONDS;
  if (nowMs > bucket.at) {
    bucket.tokens = Math.min(capacity, bucket.tokens + (unitsPerSecond * (nowMs - bucket.at)) / 1000);
    bucket.at = nowMs;
  }
  if (bucket.tokens > capacity) bucket.tokens = capacity;
}

/** Takes `cost` units if the bucket holds them (or is full); false means throttled. */
export function tryConsume(bucket: Bucket, unitsPerSecond: number, cost: number, nowMs: number): boolean {
  refill(bucket, unitsPerSecond, nowMs);
  const full = bucket.tokens >= unitsPerSecond * BURST_SECONDS;
  if (bucket.tokens < cost && !full) return false;
  bucket.tokens -= cost;
  return true;
}

/** Whether `cost` units could be taken now, without taking them (batch writes check before they write). */
export function canConsume(bucket: Bucket, unitsPerSecond: number, cost: number, nowMs: number): boolean {
  refill(bucket, unitsPerSecond, nowMs);
  return bucket.tokens >= cost || bucket.tokens >= unitsPerSecond * BURST_SECONDS;
}
