import { createHash } from 'node:crypto';
import { asDict, withDicts } from '../../core/dict.js';
import { AwsError, type RequestContext, type StateAccess } from '../../core/types.js';

/** One stored object. The bytes are kept base64 in the JSON state, so they persist with the rest. */
export interface ObjectRecord {
  Key: string;
  Body: string;
  Size: number;
  /** `"<md5 hex>"`, quotes included, as S3 answers it for a single-part upload. */
  ETag: string;
  LastModified: Date;
  ContentType?: string;
  ContentEncoding?: string;
}

export interface BucketRecord {
  Name: string;
  CreationDate: Date;
  Region: string;
  /** PutBucketTagging's tag set (labs tag what they create; teardown checks the tag before deleting). */
  Tags?: Array<{ Key: string; Value: string }>;
  /** The bucket policy as PutBucketPolicy stored it (the text, checked to be a policy document). */
  Policy?: string;
  Objects?: Record<string, ObjectRecord>;
}

export interface S3State {
  buckets: Record<string, BucketRecord>;
  /** Bytes of all objects of the account, kept so a put can be refused before memory grows unbounded. */
  storedBytes?: number;
  /** How many objects the account holds (empty objects cost state too). */
  storedObjects?: number;
}

const init = (): S3State => ({ buckets: {} });

export const state = (ctx: RequestContext) => withDicts(ctx.store<S3State>('s3', 'global', init));

/** The account's S3 state outside a request (CloudTrail delivering log files). */
export const accountState = (access: StateAccess, accountId: string) =>
  withDicts(access.get<S3State>(accountId, 's3', 'global', init));

/** A bucket's objects, as a map without a prototype (object keys are caller-chosen names). */
export function objectsOf(bucket: BucketRecord): Record<string, ObjectRecord> {
  bucket.Objects ??= {};
  return asDict(bucket.Objects);
}

/**
 * What the sandbox holds of object bytes per account: AWS has no such bound, but the sandbox keeps objects
 * in memory and in its state files, so a client writing in a loop meets an error rather than a full disk.
 */
export const MAX_STORED_BYTES = 64 * 1024 * 1024;
/** The same for the number of objects: a loop of empty puts must meet an error too. */
export const MAX_STORED_OBJECTS = 100_000;

export function noSuchBucket(): AwsError {
  return new AwsError('NoSuchBucket', 'The specified bucket does not exist', { status: 404 });
}

/** Stores `body` under `key`, replacing what was there; refused beyond MAX_STORED_BYTES. */
export function storeObject(
  s: S3State,
  bucket: BucketRecord,
  key: string,
  body: Buffer,
  meta: { now: Date; ContentType?: string; ContentEncoding?: string },
): ObjectRecord {
  const objects = objectsOf(bucket);
  const before = objects[key]?.Size ?? 0;
  const total = (s.storedBytes ?? 0) - before + body.length;
  const count = (s.storedObjects ?? 0) + (objects[key] ? 0 : 1);
  if (count > MAX_STORED_OBJECTS) {
    throw new AwsError(
      'TooManyObjects',
      `The sandbox holds at most ${MAX_STORED_OBJECTS} objects per account; delete objects to make room.`,
    );
  }
  if (total > MAX_STORED_BYTES) {
    throw new AwsError(
      'EntityTooLarge',
      `The sandbox holds at most ${MAX_STORED_BYTES} bytes of objects per account; delete objects to make room.`,
    );
  }
  const record: ObjectRecord = {
    Key: key,
    Body: body.toString('base64'),
    Size: body.length,
    ETag: `"${createHash('md5').update(body).digest('hex')}"`,
    // S3 keeps whole seconds in Last-Modified.
    LastModified: new Date(Math.floor(meta.now.getTime() / 1000) * 1000),
    ...(meta.ContentType ? { ContentType: meta.ContentType } : {}),
    ...(meta.ContentEncoding ? { ContentEncoding: meta.ContentEncoding } : {}),
  };
  objects[key] = record;
  s.storedBytes = total;
  s.storedObjects = count;
  return record;
}

export function removeObject(s: S3State, bucket: BucketRecord, key: string): boolean {
  const objects = objectsOf(bucket);
  const found = objects[key];
  if (!found) return false;
  delete objects[key];
  s.storedBytes = Math.max(0, (s.storedBytes ?? 0) - found.Size);
  s.storedObjects = Math.max(0, (s.storedObjects ?? 0) - 1);
  return true;
}
