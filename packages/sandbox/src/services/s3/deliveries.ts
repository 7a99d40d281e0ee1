import type { StateAccess } from '../../core/types.js';
import { accountState, storeObject } from './state.js';

/**
 * Writes an object as another service delivers it (CloudTrail's log files): no request of its own, so no
 * authorization and no data event. False when the bucket is gone; throws EntityTooLarge when full.
 */
export function deliverObject(
  access: StateAccess,
  accountId: string,
  bucketName: string,
  key: string,
  body: Buffer,
  meta: { now: Date; ContentType?: string; ContentEncoding?: string },
): boolean {
  const s = accountState(access, accountId);
  const bucket = s.buckets[bucketName];
  if (!bucket) return false;
  storeObject(s, bucket, key, body, meta);
  return true;
}

/** The region a bucket was created in, for another service's records (CloudTrail files S3 events there). */
export function bucketRegion(access: StateAccess, accountId: string, bucketName: string): string | undefined {
  return accountState(access, accountId).buckets[bucketName]?.Region;
}
