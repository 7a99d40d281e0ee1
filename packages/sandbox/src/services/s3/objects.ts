import { createHash } from 'node:crypto';
import { AwsError, type Handler, type RequestContext } from '../../core/types.js';
import {
  type BucketRecord,
  noSuchBucket,
  type ObjectRecord,
  objectsOf,
  removeObject,
  state,
  storeObject,
} from './state.js';

/*
 * S3 objects: put, get, head, delete (one or many) and the two listings, enough for `aws s3 cp`, `aws s3 ls`,
 * `aws s3 rm` and CloudTrail's log files. No versions, ranges, multipart uploads or checksums beyond
 * Content-MD5; chunk-signed (`aws-chunked`) uploads are refused with a message saying so.
 */

function bucketOf(ctx: RequestContext, name: unknown): BucketRecord {
  const bucket = state(ctx).buckets[String(name)];
  if (!bucket) throw noSuchBucket();
  return bucket;
}

function noSuchKey(): AwsError {
  return new AwsError('NoSuchKey', 'The specified key does not exist.', { status: 404 });
}

function checkKey(key: unknown): string {
  const text = String(key ?? '');
  // S3 keys are at most 1,024 bytes of UTF-8.
  if (text === '' || Buffer.byteLength(text, 'utf8') > 1024) {
    throw new AwsError('KeyTooLongError', 'Your key is too long');
  }
  return text;
}

function bodyOf(input: Record<string, unknown>): Buffer {
  const body = input.Body;
  if (body === undefined) return Buffer.alloc(0);
  return Buffer.isBuffer(body) ? body : Buffer.from(String(body), 'utf8');
}

export const PutObject: Handler = (ctx, input) => {
  const bucket = bucketOf(ctx, input.Bucket);
  const key = checkKey(input.Key);
  if (String(input.ContentEncoding ?? '').includes('aws-chunked')) {
    throw new AwsError(
      'NotImplemented',
      'The sandbox does not accept aws-chunked uploads; send the object in one body (no streaming checksum).',
      { status: 501 },
    );
  }
  const body = bodyOf(input);
  if (input.ContentMD5 !== undefined) {
    const md5 = createHash('md5').update(body).digest('base64');
    if (md5 !== input.ContentMD5) {
      throw new AwsError('BadDigest', 'The Content-MD5 you specified did not match what we received.');
    }
  }
  const record = storeObject(state(ctx), bucket, key, body, {
    now: ctx.now(),
    ContentType: input.ContentType as string | undefined,
    ContentEncoding: input.ContentEncoding as string | undefined,
  });
  return { ETag: record.ETag };
};

function objectOf(ctx: RequestContext, input: Record<string, unknown>): ObjectRecord {
  const bucket = bucketOf(ctx, input.Bucket);
  const found = objectsOf(bucket)[String(input.Key)];
  if (!found) throw noSuchKey();
  return found;
}

function headers(o: ObjectRecord): Record<string, unknown> {
  return {
    ContentLength: o.Size,
    ETag: o.ETag,
    LastModified: o.LastModified,
    ContentType: o.ContentType ?? 'binary/octet-stream',
    ...(o.ContentEncoding ? { ContentEncoding: o.ContentEncoding } : {}),
    AcceptRanges: 'bytes',
  };
}

export const GetObject: Handler = (ctx, input) => {
  const o = objectOf(ctx, input);
  return { ...headers(o), Body: Buffer.from(o.Body, 'base64') };
};

export const HeadObject: Handler = (ctx, input) => {
  const bucket = bucketOf(ctx, input.Bucket);
  const found = objectsOf(bucket)[String(input.Key)];
  // HEAD has no body: S3 answers a bare 404 (the SDK names it NotFound).
  if (!found) throw new AwsError('NotFound', 'Not Found', { status: 404 });
  return headers(found);
};

/** Deleting a key that is not there succeeds, as S3 answers it without versioning. */
export const DeleteObject: Handler = (ctx, input) => {
  const bucket = bucketOf(ctx, input.Bucket);
  removeObject(state(ctx), bucket, String(input.Key));
  return {};
};

export const DeleteObjects: Handler = (ctx, input) => {
  const bucket = bucketOf(ctx, input.Bucket);
  const objects = ((input.Delete?.Objects ?? []) as { Key?: string }[]).map((o) => String(o.Key ?? ''));
  // S3 takes at most 1,000 keys per request.
  if (objects.length === 0 || objects.length > 1000) {
    throw new AwsError(
      'MalformedXML',
      'The XML you provided was not well-formed or did not validate against our published schema',
    );
  }
  const s = state(ctx);
  for (const key of objects) removeObject(s, bucket, key);
  return input.Delete?.Quiet ? {} : { Deleted: objects.map((Key) => ({ Key })) };
};

interface Listing {
  contents: ObjectRecord[];
  prefixes: string[];
  truncated: boolean;
  /** The last key or common prefix returned: the next page starts after it. */
  last?: string;
}

/** Keys after `after` with `prefix`, rolled up at `delimiter`, at most `max` entries, in UTF-8 byte order. */
function list(
  bucket: BucketRecord,
  opts: { prefix: string; delimiter?: string; after?: string; max: number },
): Listing {
  // Starting after a common prefix skips every key under it, as S3 does with such a marker.
  const rolledUp = opts.delimiter && opts.after?.endsWith(opts.delimiter) ? opts.after : undefined;
  const keys = Object.keys(objectsOf(bucket))
    .filter((k) => k.startsWith(opts.prefix) && (opts.after === undefined || k > opts.after))
    .filter((k) => rolledUp === undefined || !k.startsWith(rolledUp))
    .sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
  const out: Listing = { contents: [], prefixes: [], truncated: false };
  for (const key of keys) {
    const rest = key.slice(opts.prefix.length);
    const cut = opts.delimiter ? rest.indexOf(opts.delimiter) : -1;
    const prefix =
      cut >= 0 ? opts.prefix + rest.slice(0, cut + (opts.delimiter as string).length) : undefined;
    if (prefix !== undefined && prefix === out.prefixes.at(-1)) continue;
    if (out.contents.length + out.prefixes.length === opts.max) {
      out.truncated = true;
      break;
    }
    if (prefix !== undefined) {
      out.prefixes.push(prefix);
      out.last = prefix;
    } else {
      out.contents.push(objectsOf(bucket)[key] as ObjectRecord);
      out.last = key;
    }
  }
  return out;
}

function maxKeys(ctx: RequestContext, input: Record<string, unknown>): number {
  const asked = input.MaxKeys === undefined ? 1000 : Number(input.MaxKeys);
  return Math.max(0, Math.min(asked, 1000, ctx.pageSize ?? 1000));
}

/** `EncodingType=url` (the AWS CLI always asks for it): keys and prefixes URL-encoded, `/` kept. */
const encoder = (input: Record<string, unknown>) => (text: string) =>
  input.EncodingType === 'url' ? encodeURIComponent(text).replace(/%2F/g, '/') : text;

const entry = (o: ObjectRecord, encode: (t: string) => string) => ({
  Key: encode(o.Key),
  LastModified: o.LastModified,
  ETag: o.ETag,
  Size: o.Size,
  StorageClass: 'STANDARD',
});

export const ListObjectsV2: Handler = (ctx, input) => {
  const bucket = bucketOf(ctx, input.Bucket);
  let after = input.StartAfter as string | undefined;
  if (input.ContinuationToken !== undefined) {
    const token = String(input.ContinuationToken);
    after = Buffer.from(token, 'base64url').toString('utf8');
    if (!token || Buffer.from(after, 'utf8').toString('base64url') !== token) {
      throw new AwsError('InvalidArgument', 'The continuation token provided is incorrect');
    }
  }
  const prefix = String(input.Prefix ?? '');
  const max = maxKeys(ctx, input);
  const page = list(bucket, { prefix, delimiter: input.Delimiter as string | undefined, after, max });
  const encode = encoder(input);
  return {
    Name: bucket.Name,
    Prefix: prefix,
    Delimiter: input.Delimiter,
    MaxKeys: input.MaxKeys ?? 1000,
    KeyCount: page.contents.length + page.prefixes.length,
    IsTruncated: page.truncated,
    ...(input.ContinuationToken !== undefined ? { ContinuationToken: input.ContinuationToken } : {}),
    ...(input.StartAfter !== undefined ? { StartAfter: input.StartAfter } : {}),
    ...(page.truncated && page.last !== undefined
      ? { NextContinuationToken: Buffer.from(page.last, 'utf8').toString('base64url') }
      : {}),
    ...(input.EncodingType ? { EncodingType: input.EncodingType } : {}),
    Contents: page.contents.map((o) => entry(o, encode)),
    CommonPrefixes: page.prefixes.map((Prefix) => ({ Prefix: encode(Prefix) })),
  };
};

export const ListObjects: Handler = (ctx, input) => {
  const bucket = bucketOf(ctx, input.Bucket);
  const prefix = String(input.Prefix ?? '');
  const marker = input.Marker as string | undefined;
  const delimiter = input.Delimiter as string | undefined;
  const page = list(bucket, { prefix, delimiter, after: marker || undefined, max: maxKeys(ctx, input) });
  const encode = encoder(input);
  return {
    Name: bucket.Name,
    Prefix: prefix,
    Marker: marker ?? '',
    Delimiter: delimiter,
    MaxKeys: input.MaxKeys ?? 1000,
    IsTruncated: page.truncated,
    // S3 gives NextMarker only when a delimiter was asked for; clients use the last key otherwise.
    ...(page.truncated && delimiter && page.last !== undefined ? { NextMarker: page.last } : {}),
    ...(input.EncodingType ? { EncodingType: input.EncodingType } : {}),
    Contents: page.contents.map((o) => entry(o, encode)),
    CommonPrefixes: page.prefixes.map((Prefix) => ({ Prefix: encode(Prefix) })),
  };
};
