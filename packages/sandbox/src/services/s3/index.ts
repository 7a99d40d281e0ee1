import { createHash } from 'node:crypto';
import { AwsError, type ServiceDefinition } from '../../core/types.js';
import { DeleteBucketPolicy, GetBucketPolicy, PutBucketPolicy } from './bucket-policy.js';
import * as objects from './objects.js';
import { noSuchBucket, objectsOf, state } from './state.js';

/**
 * S3's bucket operations (`aws s3 ls`, `mb`, `rb`), bucket policies, and objects (objects.ts).
 * Buckets live in the account's global S3 state with the region they were created in.
 */

/** The canonical user id S3 shows as the bucket owner: 64 hex characters, stable per account. */
export function canonicalUserId(accountId: string): string {
  return createHash('sha256').update(`s3-canonical-user/${accountId}`).digest('hex');
}

// S3's bucket naming rules (general purpose buckets).
function validBucketName(name: string): boolean {
  return (
    /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(name) &&
    !/\.\./.test(name) &&
    !/^\d+\.\d+\.\d+\.\d+$/.test(name) &&
    !/^xn--|^sthree-|-s3alias$|--ol-s3$/.test(name)
  );
}

export const service: ServiceDefinition = {
  name: 's3',
  protocols: ['restXml'],
  xmlns: 'http://s3.amazonaws.com/doc/2006-03-01/',
  namespace: 'com.amazonaws.s3',
  global: true,
  load: () => import('@aws-sdk/client-s3'),
  actions: {
    ListBuckets: 's3:ListAllMyBuckets',
    HeadBucket: 's3:ListBucket',
    ListObjectsV2: 's3:ListBucket',
    ListObjects: 's3:ListBucket',
    GetBucketLocation: 's3:GetBucketLocation',
    PutBucketTagging: 's3:PutBucketTagging',
    GetBucketTagging: 's3:GetBucketTagging',
    DeleteBucketTagging: 's3:PutBucketTagging',
    HeadObject: 's3:GetObject',
    DeleteObjects: 's3:DeleteObject',
  },
  resources: (_ctx, operation, input) => {
    if (operation === 'ListBuckets' || !input.Bucket) return ['*'];
    const bucket = `arn:aws:s3:::${String(input.Bucket)}`;
    // Object operations act on the object's ARN (DeleteObjects on each key: the bucket's objects).
    if (operation === 'DeleteObjects') return [`${bucket}/*`];
    return input.Key !== undefined ? [`${bucket}/${String(input.Key)}`] : [bucket];
  },
  operations: {
    ...objects,
    PutBucketPolicy,
    GetBucketPolicy,
    DeleteBucketPolicy,
    ListBuckets(ctx) {
      const buckets = Object.values(state(ctx).buckets).sort((a, b) => a.Name.localeCompare(b.Name));
      return {
        Buckets: buckets.map((b) => ({ Name: b.Name, CreationDate: b.CreationDate, BucketRegion: b.Region })),
        Owner: { DisplayName: 'handson-sandbox', ID: canonicalUserId(ctx.accountId) },
      };
    },
    CreateBucket(ctx, input) {
      const name = String(input.Bucket);
      if (!validBucketName(name)) {
        throw new AwsError('InvalidBucketName', 'The specified bucket is not valid.', { status: 400 });
      }
      const location = input.CreateBucketConfiguration?.LocationConstraint as string | undefined;
      // Outside us-east-1, S3 wants the region named in the body (the CLI and SDK send it).
      if (ctx.region !== 'us-east-1' && location !== undefined && location !== ctx.region) {
        throw new AwsError(
          'IllegalLocationConstraintException',
          `The ${location} location constraint is incompatible for the region specific endpoint this request was sent to.`,
        );
      }
      if (ctx.region !== 'us-east-1' && location === undefined) {
        throw new AwsError(
          'IllegalLocationConstraintException',
          'The unspecified location constraint is incompatible for the region specific endpoint this request was sent to.',
        );
      }
      const s = state(ctx);
      if (s.buckets[name]) {
        throw new AwsError(
          'BucketAlreadyOwnedByYou',
          'Your previous request to create the named bucket succeeded and you already own it.',
          { status: 409 },
        );
      }
      s.buckets[name] = {
        Name: name,
        CreationDate: new Date(Math.floor(ctx.now().getTime() / 1000) * 1000),
        Region: ctx.region,
      };
      return { Location: `/${name}` };
    },
    DeleteBucket(ctx, input) {
      const s = state(ctx);
      const name = String(input.Bucket);
      const bucket = s.buckets[name];
      if (!bucket) throw noSuchBucket();
      if (Object.keys(objectsOf(bucket)).length > 0) {
        throw new AwsError('BucketNotEmpty', 'The bucket you tried to delete is not empty', { status: 409 });
      }
      delete s.buckets[name];
      return {};
    },
    HeadBucket(ctx, input) {
      const bucket = state(ctx).buckets[String(input.Bucket)];
      if (!bucket) throw new AwsError('NotFound', 'Not Found', { status: 404 });
      return { BucketRegion: bucket.Region };
    },
    GetBucketLocation(ctx, input) {
      const bucket = state(ctx).buckets[String(input.Bucket)];
      if (!bucket) throw noSuchBucket();
      return { LocationConstraint: bucket.Region === 'us-east-1' ? undefined : bucket.Region };
    },
    PutBucketTagging(ctx, input) {
      const bucket = state(ctx).buckets[String(input.Bucket)];
      if (!bucket) throw noSuchBucket();
      const tags = ((input.Tagging?.TagSet ?? []) as Array<{ Key?: string; Value?: string }>).map((t) => ({
        Key: String(t.Key ?? ''),
        Value: String(t.Value ?? ''),
      }));
      const keys = new Set(tags.map((t) => t.Key));
      if (keys.size !== tags.length) {
        throw new AwsError('InvalidTag', 'Cannot provide multiple Tags with the same key', { status: 400 });
      }
      if (tags.length > 50) {
        throw new AwsError('BadRequest', 'Object tags cannot be greater than 50', { status: 400 });
      }
      if (tags.some((t) => t.Key === '' || t.Key.length > 128 || t.Value.length > 256)) {
        throw new AwsError('InvalidTag', 'The TagKey you have provided is invalid', { status: 400 });
      }
      bucket.Tags = tags;
      return {};
    },
    GetBucketTagging(ctx, input) {
      const bucket = state(ctx).buckets[String(input.Bucket)];
      if (!bucket) throw noSuchBucket();
      if (!bucket.Tags || bucket.Tags.length === 0) {
        throw new AwsError('NoSuchTagSet', 'The TagSet does not exist', { status: 404 });
      }
      return { TagSet: bucket.Tags };
    },
    DeleteBucketTagging(ctx, input) {
      const bucket = state(ctx).buckets[String(input.Bucket)];
      if (!bucket) throw noSuchBucket();
      delete bucket.Tags;
      return {};
    },
  },
};

export default service;
