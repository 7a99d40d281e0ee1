import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateAccessKeyCommand, CreateUserCommand, PutUserPolicyCommand } from '@aws-sdk/client-iam';
import {
  CreateBucketCommand,
  DeleteBucketCommand,
  DeleteObjectCommand,
  DeleteObjectsCommand,
  GetBucketPolicyCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutBucketPolicyCommand,
  PutObjectCommand,
} from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  cliAs,
  iamClient,
  type Keys,
  REGION,
  s3Client,
  sdkError,
  startTestSandbox,
  type TestSandbox,
} from '../iam/__fixtures__/sandbox';

/* S3 objects and bucket policies through the real SDK v3 S3 client and /usr/bin/aws. */

let sb: TestSandbox;
const BUCKET = 'handson-objects-test';
const location = { CreateBucketConfiguration: { LocationConstraint: REGION } } as const;

beforeAll(async () => {
  sb = await startTestSandbox('s3-objects');
  await s3Client(sb.url).send(new CreateBucketCommand({ Bucket: BUCKET, ...location }));
});
afterAll(() => sb?.close());

describe('objects', () => {
  it('keeps bytes as sent (binary included) and answers them with their type, size and MD5 ETag', async () => {
    const s3 = s3Client(sb.url);
    const bytes = Buffer.from([0x1f, 0x8b, 0x00, 0xff, 0xfe, 0x80, 0x0a]);
    const put = await s3.send(
      new PutObjectCommand({ Bucket: BUCKET, Key: 'bin/a.gz', Body: bytes, ContentType: 'application/gzip' }),
    );
    expect(put.ETag).toBe(`"${createHash('md5').update(bytes).digest('hex')}"`);
    const got = await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'bin/a.gz' }));
    expect(Buffer.from(await got.Body!.transformToByteArray())).toEqual(bytes);
    expect(got.ContentType).toBe('application/gzip');
    expect(got.ContentLength).toBe(bytes.length);
    expect(got.ETag).toBe(put.ETag);
    const head = await s3.send(new HeadObjectCommand({ Bucket: BUCKET, Key: 'bin/a.gz' }));
    expect(head.ContentLength).toBe(bytes.length);
    expect(await sdkError(s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'missing' })))).toMatchObject({
      name: 'NoSuchKey',
      status: 404,
    });
    expect(await sdkError(s3.send(new HeadObjectCommand({ Bucket: BUCKET, Key: 'missing' })))).toMatchObject({
      name: 'NotFound',
    });
  });

  it('lists by prefix and delimiter, page by page, and refuses to delete a bucket that is not empty', async () => {
    const s3 = s3Client(sb.url);
    const keys = ['logs/2026/01/a', 'logs/2026/01/b', 'logs/2026/02/c', 'logs/top', 'other'];
    for (const Key of keys) await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key, Body: Key }));
    const seen: string[] = [];
    let ContinuationToken: string | undefined;
    do {
      const page = await s3.send(
        new ListObjectsV2Command({ Bucket: BUCKET, Prefix: 'logs/', MaxKeys: 2, ContinuationToken }),
      );
      seen.push(...(page.Contents ?? []).map((c) => c.Key as string));
      ContinuationToken = page.NextContinuationToken;
    } while (ContinuationToken);
    expect(seen).toEqual(keys.slice(0, 4));
    const rolled = await s3.send(
      new ListObjectsV2Command({ Bucket: BUCKET, Prefix: 'logs/2026/', Delimiter: '/' }),
    );
    expect(rolled.CommonPrefixes?.map((p) => p.Prefix)).toEqual(['logs/2026/01/', 'logs/2026/02/']);
    expect(await sdkError(s3.send(new DeleteBucketCommand({ Bucket: BUCKET })))).toMatchObject({
      name: 'BucketNotEmpty',
      status: 409,
    });
    await s3.send(new DeleteObjectCommand({ Bucket: BUCKET, Key: 'other' }));
    const gone = await s3.send(
      new DeleteObjectsCommand({
        Bucket: BUCKET,
        Delete: { Objects: keys.slice(0, 4).map((Key) => ({ Key })) },
      }),
    );
    expect(gone.Deleted).toHaveLength(4);
    const rest = await s3.send(new ListObjectsV2Command({ Bucket: BUCKET }));
    expect(rest.Contents?.map((c) => c.Key)).toEqual(['bin/a.gz']);
  });

  it('works with the AWS CLI: s3 cp up and down, s3 ls, s3api get-object', async () => {
    const dir = mkdtempSync(join(tmpdir(), 's3-cli-'));
    writeFileSync(join(dir, 'in.txt'), 'ログ: hello\n');
    const up = await cliAs(sb.url, ['s3', 'cp', join(dir, 'in.txt'), `s3://${BUCKET}/cli/in.txt`]);
    expect(up.stderr).toBe('');
    expect(up.code).toBe(0);
    const ls = await cliAs(sb.url, ['s3', 'ls', `s3://${BUCKET}/cli/`]);
    expect(ls.stdout).toMatch(/\d{4}-\d\d-\d\d \d\d:\d\d:\d\d +\d+ in\.txt\n$/);
    const down = await cliAs(sb.url, [
      's3api',
      'get-object',
      '--bucket',
      BUCKET,
      '--key',
      'cli/in.txt',
      join(dir, 'out.txt'),
    ]);
    expect(down.code).toBe(0);
    expect(JSON.parse(down.stdout).ContentLength).toBe(Buffer.byteLength('ログ: hello\n'));
    expect(readFileSync(join(dir, 'out.txt'), 'utf8')).toBe('ログ: hello\n');
    // The CLI asks for url-encoded keys and decodes them: a key with a space and a plus comes back as it is.
    await s3Client(sb.url).send(new PutObjectCommand({ Bucket: BUCKET, Key: 'cli/a b+c.txt', Body: 'x' }));
    const odd = await cliAs(sb.url, [
      's3api',
      'list-objects-v2',
      '--bucket',
      BUCKET,
      '--prefix',
      'cli/',
      '--query',
      'Contents[].Key',
      '--output',
      'text',
    ]);
    expect(odd.stdout).toBe('cli/a b+c.txt\tcli/in.txt\n');
    await s3Client(sb.url).send(new DeleteObjectCommand({ Bucket: BUCKET, Key: 'cli/a b+c.txt' }));
    const rm = await cliAs(sb.url, ['s3', 'rm', `s3://${BUCKET}/cli/in.txt`]);
    expect(rm.code).toBe(0);
  });

  it('keeps keys named like Object.prototype members as ordinary keys', async () => {
    const s3 = s3Client(sb.url);
    const names = ['__proto__', 'constructor', 'toString'];
    for (const Key of names) await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key, Body: Key }));
    const got = await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: '__proto__' }));
    expect(await got.Body!.transformToString()).toBe('__proto__');
    const listed = await s3.send(new ListObjectsV2Command({ Bucket: BUCKET }));
    expect(listed.Contents?.map((c) => c.Key)).toEqual(expect.arrayContaining(names));
    await s3.send(
      new DeleteObjectsCommand({ Bucket: BUCKET, Delete: { Objects: names.map((Key) => ({ Key })) } }),
    );
    expect(
      await sdkError(s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'constructor' }))),
    ).toMatchObject({
      name: 'NoSuchKey',
    });
  });

  it('judges an IAM user by the object ARN: s3:GetObject on one prefix reads there only', async () => {
    const iam = iamClient(sb.url);
    await iam.send(new CreateUserCommand({ UserName: 'reader' }));
    await iam.send(
      new PutUserPolicyCommand({
        UserName: 'reader',
        PolicyName: 'read-public',
        PolicyDocument: JSON.stringify({
          Version: '2012-10-17',
          Statement: [
            { Effect: 'Allow', Action: 's3:GetObject', Resource: `arn:aws:s3:::${BUCKET}/public/*` },
          ],
        }),
      }),
    );
    const key = (await iam.send(new CreateAccessKeyCommand({ UserName: 'reader' }))).AccessKey!;
    const keys: Keys = { accessKeyId: key.AccessKeyId!, secretAccessKey: key.SecretAccessKey! };
    const admin = s3Client(sb.url);
    await admin.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'public/ok', Body: 'ok' }));
    await admin.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'secret/no', Body: 'no' }));
    const reader = s3Client(sb.url, keys);
    const ok = await reader.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'public/ok' }));
    expect(await ok.Body!.transformToString()).toBe('ok');
    expect(
      await sdkError(reader.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'secret/no' }))),
    ).toMatchObject({
      name: 'AccessDenied',
    });
    expect(
      await sdkError(reader.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'public/x', Body: 'x' }))),
    ).toMatchObject({ name: 'AccessDenied' });
  });
});

describe('bucket policies', () => {
  it('stores a valid policy as sent and refuses what S3 refuses', async () => {
    const s3 = s3Client(sb.url);
    const policy = JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Principal: { Service: 'cloudtrail.amazonaws.com' },
          Action: 's3:GetBucketAcl',
          Resource: `arn:aws:s3:::${BUCKET}`,
        },
      ],
    });
    await s3.send(new PutBucketPolicyCommand({ Bucket: BUCKET, Policy: policy }));
    expect((await s3.send(new GetBucketPolicyCommand({ Bucket: BUCKET }))).Policy).toBe(policy);
    const bad = (Policy: string) => sdkError(s3.send(new PutBucketPolicyCommand({ Bucket: BUCKET, Policy })));
    expect(await bad('not json')).toMatchObject({ name: 'MalformedPolicy' });
    const other = JSON.parse(policy);
    other.Statement[0].Resource = 'arn:aws:s3:::someone-elses-bucket';
    expect(await bad(JSON.stringify(other))).toMatchObject({
      name: 'MalformedPolicy',
      message: 'Policy has invalid resource',
    });
    delete other.Statement[0].Principal;
    other.Statement[0].Resource = `arn:aws:s3:::${BUCKET}`;
    expect(await bad(JSON.stringify(other))).toMatchObject({ message: 'Missing required field Principal' });
  });
});
