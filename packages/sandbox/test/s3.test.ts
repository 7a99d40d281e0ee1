import {
  CreateBucketCommand,
  DeleteBucketCommand,
  DeleteBucketTaggingCommand,
  GetBucketLocationCommand,
  GetBucketTaggingCommand,
  ListBucketsCommand,
  ListObjectsV2Command,
  PutBucketTaggingCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import {
  SANDBOX_TEST_REGION as region,
  sandboxCli,
  SANDBOX_TEST_CREDENTIALS as testCredentials,
} from '@handson/test-support';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningSandbox, startSandbox } from '../src/index.js';
import s3 from '../src/services/s3/index.js';

let sandbox: RunningSandbox;
let client: S3Client;

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, discover: false, services: [s3] });
  client = new S3Client({
    endpoint: sandbox.url,
    region,
    credentials: testCredentials,
    forcePathStyle: true,
  });
});
afterAll(async () => {
  client.destroy();
  await sandbox.close();
});

describe('S3 through SDK v3', () => {
  it('creates, lists with owner and creation date, and deletes buckets', async () => {
    sandbox.clock.freeze(new Date('2021-05-16T09:21:41Z'));
    await client.send(
      new CreateBucketCommand({
        Bucket: 'cf-templates-t1azjfgdsw8s-ap-northeast-1',
        CreateBucketConfiguration: { LocationConstraint: region },
      }),
    );
    await client.send(
      new CreateBucketCommand({
        Bucket: 'another-bucket',
        CreateBucketConfiguration: { LocationConstraint: region },
      }),
    );
    const listed = await client.send(new ListBucketsCommand({}));
    expect(listed.Buckets?.map((b) => b.Name)).toEqual([
      'another-bucket',
      'cf-templates-t1azjfgdsw8s-ap-northeast-1',
    ]);
    expect(listed.Buckets?.[1]?.CreationDate).toEqual(new Date('2021-05-16T09:21:41Z'));
    expect(listed.Owner?.ID).toMatch(/^[0-9a-f]{64}$/);
    const location = await client.send(new GetBucketLocationCommand({ Bucket: 'another-bucket' }));
    expect(location.LocationConstraint).toBe(region);
    const objects = await client.send(new ListObjectsV2Command({ Bucket: 'another-bucket' }));
    expect(objects).toMatchObject({ Name: 'another-bucket', KeyCount: 0, IsTruncated: false });
    await client.send(new DeleteBucketCommand({ Bucket: 'another-bucket' }));
    const after = await client.send(new ListBucketsCommand({}));
    expect(after.Buckets?.map((b) => b.Name)).toEqual(['cf-templates-t1azjfgdsw8s-ap-northeast-1']);
    sandbox.clock.resume();
  });

  it('answers NoSuchBucket and BucketAlreadyOwnedByYou as S3 does', async () => {
    const missing = await client
      .send(new DeleteBucketCommand({ Bucket: 'no-such-bucket-here' }))
      .catch((e) => e);
    expect(missing.name).toBe('NoSuchBucket');
    expect(missing.$metadata.httpStatusCode).toBe(404);
    expect(missing.message).toBe('The specified bucket does not exist');
    await client.send(
      new CreateBucketCommand({
        Bucket: 'twice-made',
        CreateBucketConfiguration: { LocationConstraint: region },
      }),
    );
    const again = await client
      .send(
        new CreateBucketCommand({
          Bucket: 'twice-made',
          CreateBucketConfiguration: { LocationConstraint: region },
        }),
      )
      .catch((e) => e);
    expect(again.name).toBe('BucketAlreadyOwnedByYou');
    expect(again.$metadata.httpStatusCode).toBe(409);
  });

  it('rejects invalid bucket names', async () => {
    const bad = await client
      .send(
        new CreateBucketCommand({
          Bucket: 'Bad_Name',
          CreateBucketConfiguration: { LocationConstraint: region },
        }),
      )
      .catch((e) => e);
    expect(bad.name).toBe('InvalidBucketName');
  });
});

describe('S3 bucket tagging', () => {
  it('puts, gets and deletes a tag set; no tag set is NoSuchTagSet, as S3 answers', async () => {
    const Bucket = 'handson-tagged-bucket';
    await client.send(
      new CreateBucketCommand({ Bucket, CreateBucketConfiguration: { LocationConstraint: region } }),
    );
    const none = await client.send(new GetBucketTaggingCommand({ Bucket })).catch((e) => e);
    expect(none.name).toBe('NoSuchTagSet');
    expect(none.$metadata.httpStatusCode).toBe(404);
    const TagSet = [
      { Key: 'handson:lab', Value: '01-iam-users-groups' },
      { Key: 'note', Value: 'a b/c' },
    ];
    await client.send(new PutBucketTaggingCommand({ Bucket, Tagging: { TagSet } }));
    expect((await client.send(new GetBucketTaggingCommand({ Bucket }))).TagSet).toEqual(TagSet);
    const duplicate = await client
      .send(
        new PutBucketTaggingCommand({
          Bucket,
          Tagging: { TagSet: [TagSet[0]!, { ...TagSet[0]!, Value: 'x' }] },
        }),
      )
      .catch((e) => e);
    expect(duplicate.name).toBe('InvalidTag');
    await client.send(new DeleteBucketTaggingCommand({ Bucket }));
    expect((await client.send(new GetBucketTaggingCommand({ Bucket })).catch((e) => e)).name).toBe(
      'NoSuchTagSet',
    );
    const missing = await client
      .send(new PutBucketTaggingCommand({ Bucket: 'no-such-bucket-here', Tagging: { TagSet } }))
      .catch((e) => e);
    expect(missing.name).toBe('NoSuchBucket');
    await client.send(new DeleteBucketCommand({ Bucket }));
  });
});

describe('S3 through /usr/bin/aws', { timeout: 120_000 }, () => {
  it('put-bucket-tagging and get-bucket-tagging', async () => {
    await sandboxCli(sandbox.url, ['s3', 'mb', 's3://handson-cli-tagged']);
    const put = await sandboxCli(sandbox.url, [
      's3api',
      'put-bucket-tagging',
      '--bucket',
      'handson-cli-tagged',
      '--tagging',
      'TagSet=[{Key=handson:lab,Value=01-iam-users-groups}]',
    ]);
    expect(put).toMatchObject({ code: 0, stdout: '' });
    const get = await sandboxCli(sandbox.url, [
      's3api',
      'get-bucket-tagging',
      '--bucket',
      'handson-cli-tagged',
      '--query',
      'TagSet[].[Key,Value]',
      '--output',
      'text',
    ]);
    expect(get.stdout).toBe('handson:lab\t01-iam-users-groups\n');
    await sandboxCli(sandbox.url, ['s3', 'rb', 's3://handson-cli-tagged']);
  });

  it('mb, ls and rb work and errors read as the CLI prints them', async () => {
    sandbox.clock.freeze(new Date('2021-05-16T09:21:41Z'));
    const mb = await sandboxCli(sandbox.url, ['s3', 'mb', 's3://handson-cli-bucket']);
    expect(mb).toMatchObject({ code: 0, stdout: 'make_bucket: handson-cli-bucket\n' });
    const ls = await sandboxCli(sandbox.url, ['s3', 'ls'], { env: { TZ: 'UTC' } });
    expect(ls.code).toBe(0);
    expect(ls.stdout).toContain('2021-05-16 09:21:41 handson-cli-bucket\n');
    const api = await sandboxCli(sandbox.url, [
      's3api',
      'list-buckets',
      '--query',
      'Buckets[?Name==`handson-cli-bucket`].CreationDate',
      '--output',
      'text',
    ]);
    expect(api.stdout.trim()).toBe('2021-05-16T09:21:41+00:00');
    sandbox.clock.resume();
    const location = await sandboxCli(sandbox.url, [
      's3api',
      'get-bucket-location',
      '--bucket',
      'handson-cli-bucket',
      '--output',
      'text',
    ]);
    expect(location.stdout).toBe('ap-northeast-1\n');
    const inside = await sandboxCli(sandbox.url, ['s3', 'ls', 's3://handson-cli-bucket']);
    expect(inside).toMatchObject({ code: 0, stdout: '' });
    const head = await sandboxCli(sandbox.url, ['s3api', 'head-bucket', '--bucket', 'no-such-bucket-here']);
    expect(head.stderr.trim()).toBe(
      'An error occurred (404) when calling the HeadBucket operation: Not Found',
    );
    const rb = await sandboxCli(sandbox.url, ['s3', 'rb', 's3://handson-cli-bucket', '--force']);
    expect(rb).toMatchObject({ code: 0, stdout: 'remove_bucket: handson-cli-bucket\n' });
    const rbAgain = await sandboxCli(sandbox.url, [
      's3api',
      'delete-bucket',
      '--bucket',
      'handson-cli-bucket',
    ]);
    expect(rbAgain.code).toBe(254);
    expect(rbAgain.stderr.trim()).toBe(
      'An error occurred (NoSuchBucket) when calling the DeleteBucket operation: The specified bucket does not exist',
    );
  });
});
