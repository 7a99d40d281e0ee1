import {
  DeleteBucketCommand,
  DeleteObjectsCommand,
  type DeleteObjectsCommandOutput,
  GetBucketTaggingCommand,
  ListBucketsCommand,
  ListObjectsV2Command,
  type ListObjectsV2CommandOutput,
} from '@aws-sdk/client-s3';
import type { AwsClients } from '../clients.js';
import type { Found, KindOps } from './kind.js';

/** A bucket's first page of keys; none from an endpoint that keeps no objects (it answers NotImplemented). */
async function firstKeys(c: AwsClients, Bucket: string): Promise<string[]> {
  const page = await c.s3.send(new ListObjectsV2Command({ Bucket })).catch((error: Error) => {
    if (error.name === 'NotImplemented') return {} as ListObjectsV2CommandOutput;
    throw error;
  });
  return (page.Contents ?? []).map((o) => o.Key!);
}

/** Every object, a page (up to 1,000 keys) a request, then the bucket: S3 deletes only an empty one. */
async function removeBucket(c: AwsClients, Bucket: string): Promise<void> {
  for (let keys = await firstKeys(c, Bucket); keys.length > 0; keys = await firstKeys(c, Bucket)) {
    const out: DeleteObjectsCommandOutput = await c.s3.send(
      new DeleteObjectsCommand({ Bucket, Delete: { Objects: keys.map((Key) => ({ Key })), Quiet: true } }),
    );
    // Quiet answers only the keys it could not delete: listing them again would never end.
    const failed = out.Errors?.[0];
    if (failed) {
      throw Object.assign(new Error(`${failed.Key}: ${failed.Message}`), { name: failed.Code ?? 'S3Error' });
    }
  }
  await c.s3.send(new DeleteBucketCommand({ Bucket }));
}

export const bucket: KindOps = {
  list: async (c) => {
    const out: Found[] = [];
    for (const { Name } of (await c.s3.send(new ListBucketsCommand({}))).Buckets ?? []) {
      try {
        out.push({
          id: Name!,
          tags: (await c.s3.send(new GetBucketTaggingCommand({ Bucket: Name }))).TagSet,
        });
      } catch (error) {
        // A bucket without tags answers NoSuchTagSet: not a lab's.
        if ((error as Error).name !== 'NoSuchTagSet') throw error;
      }
    }
    return out;
  },
  remove: removeBucket,
};
