import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateTableCommand, DescribeTableCommand } from '@aws-sdk/client-dynamodb';
import { CreateKeyPairCommand, DescribeKeyPairsCommand } from '@aws-sdk/client-ec2';
import { CreateBucketCommand, ListBucketsCommand, PutBucketTaggingCommand } from '@aws-sdk/client-s3';
import { type RunningSandbox, startSandbox } from '@handson/sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clientsFor, ec2TagSpecifications, sweep } from '../src/index.ts';

// The kinds of resource the labs create that the sweep first missed: tagged S3 buckets (Lab 01) and EC2
// resources outside the clients' region (Lab 06's attacker runs in several).
let sandbox: RunningSandbox;
const root = mkdtempSync(join(tmpdir(), 'handson-sweep-'));
beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, host: '127.0.0.1', dataDir: join(root, 'data'), seed: 11 });
});
afterAll(async () => {
  await sandbox?.close();
  rmSync(root, { recursive: true, force: true });
});

const admin = { accessKeyId: 'test', secretAccessKey: 'test' };
const on = (region = 'ap-northeast-1') =>
  clientsFor({ env: { HANDSON_SANDBOX_URL: sandbox.url }, credentials: admin, region });

describe('sweep beyond IAM, SQS, CloudFormation and one region of EC2', () => {
  it('finds and deletes tagged buckets and EC2 resources in every region, and leaves untagged ones', async () => {
    const c = on();
    await c.s3.send(new CreateBucketCommand({ Bucket: 'handson-sweep-tagged' }));
    await c.s3.send(
      new PutBucketTaggingCommand({
        Bucket: 'handson-sweep-tagged',
        Tagging: { TagSet: [{ Key: 'handson:lab', Value: '99-sweep' }] },
      }),
    );
    await c.s3.send(new CreateBucketCommand({ Bucket: 'handson-sweep-untagged' }));
    for (const region of ['us-east-1', 'eu-west-1']) {
      await on(region).ec2.send(
        new CreateKeyPairCommand({
          KeyName: 'sweep-key',
          TagSpecifications: ec2TagSpecifications('99-sweep', ['key-pair']),
        }),
      );
    }
    const options = {
      clients: c,
      clientsIn: (region: string) => on(region),
      regions: 'all' as const,
      log: () => undefined,
    };

    const listed = await sweep('99-sweep', options);
    expect(listed.skipped).toEqual([]);
    expect(listed.found.map((f) => `${f.kind} ${f.id} ${f.region ?? ''}`).sort()).toEqual([
      'ec2:key-pair sweep-key eu-west-1',
      'ec2:key-pair sweep-key us-east-1',
      's3:bucket handson-sweep-tagged ',
    ]);
    // Without `regions`, only the clients' region is looked at, as before.
    expect((await sweep('99-sweep', { clients: c, log: () => undefined })).found.map((f) => f.kind)).toEqual([
      's3:bucket',
    ]);

    const deleted = await sweep('99-sweep', { ...options, delete: true });
    expect(deleted.deleted?.ok).toBe(true);
    expect((await sweep('99-sweep', options)).found).toEqual([]);
    expect((await c.s3.send(new ListBucketsCommand({}))).Buckets?.map((b) => b.Name)).toEqual([
      'handson-sweep-untagged',
    ]);
    expect((await on('us-east-1').ec2.send(new DescribeKeyPairsCommand({}))).KeyPairs).toEqual([]);
  });

  it('finds and deletes tagged DynamoDB tables (Lab 07) and leaves untagged ones', async () => {
    const c = on();
    const table = (TableName: string, Tags?: { Key: string; Value: string }[]) =>
      c.dynamodb.send(
        new CreateTableCommand({
          TableName,
          AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
          KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
          BillingMode: 'PAY_PER_REQUEST',
          ...(Tags ? { Tags } : {}),
        }),
      );
    await table('sweep-tagged', [{ Key: 'handson:lab', Value: '98-sweep' }]);
    await table('sweep-untagged');
    // A new table is CREATING for a few seconds and cannot be deleted meanwhile.
    sandbox.clock.advance(10_000);
    const listed = await sweep('98-sweep', { clients: c, log: () => undefined });
    expect(listed.skipped).toEqual([]);
    expect(listed.found.map((f) => `${f.kind} ${f.id}`)).toEqual(['dynamodb:table sweep-tagged']);
    const deleted = await sweep('98-sweep', { clients: c, delete: true, log: () => undefined });
    expect(deleted.deleted?.ok).toBe(true);
    expect((await sweep('98-sweep', { clients: c, log: () => undefined })).found).toEqual([]);
    const untagged = await c.dynamodb.send(new DescribeTableCommand({ TableName: 'sweep-untagged' }));
    expect(untagged.Table?.TableStatus).not.toBe('DELETING');
  });
});
