import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CreateTrailCommand,
  DescribeTrailsCommand,
  GetTrailStatusCommand,
  StartLoggingCommand,
} from '@aws-sdk/client-cloudtrail';
import { CreateTableCommand, DescribeTableCommand } from '@aws-sdk/client-dynamodb';
import { CreateKeyPairCommand, DescribeKeyPairsCommand } from '@aws-sdk/client-ec2';
import {
  AddRoleToInstanceProfileCommand,
  CreateInstanceProfileCommand,
  CreateRoleCommand,
  GetInstanceProfileCommand,
  ListInstanceProfilesCommand,
  ListRolesCommand,
} from '@aws-sdk/client-iam';
import {
  CreateBucketCommand,
  ListBucketsCommand,
  PutBucketPolicyCommand,
  PutBucketTaggingCommand,
  PutObjectCommand,
} from '@aws-sdk/client-s3';
import { type RunningSandbox, startSandbox } from '@handson/sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  clientsFor,
  ec2TagSpecifications,
  iamTags,
  isNotFound,
  labTags,
  removeResource,
  sweep,
} from '../src/index.ts';

// The kinds of resource the labs create that the sweep first missed: tagged S3 buckets (Lab 01), EC2
// resources outside the clients' region (Lab 06's attacker runs in several), DynamoDB tables (Lab 07), the
// Cloud9 instance profile (Lab 03) and CloudTrail trails (Lab 06).
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
    // Objects too: S3 deletes only an empty bucket.
    for (const Key of ['a.txt', 'dir/b.txt'])
      await c.s3.send(new PutObjectCommand({ Bucket: 'handson-sweep-tagged', Key, Body: Key }));
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

describe('sweep: instance profiles and trails', () => {
  const quiet = { log: () => undefined };
  const names = (list: { InstanceProfileName?: string; RoleName?: string }[] | undefined) =>
    (list ?? []).map((x) => x.InstanceProfileName ?? x.RoleName);

  it('removes a tagged instance profile with its role taken out first, and leaves untagged ones', async () => {
    const { iam } = on();
    const AssumeRolePolicyDocument = JSON.stringify({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }],
    });
    const pair = async (name: string, profileTags?: ReturnType<typeof iamTags>, roleTags = profileTags) => {
      await iam.send(new CreateRoleCommand({ RoleName: name, AssumeRolePolicyDocument, Tags: roleTags }));
      await iam.send(new CreateInstanceProfileCommand({ InstanceProfileName: name, Tags: profileTags }));
      await iam.send(new AddRoleToInstanceProfileCommand({ InstanceProfileName: name, RoleName: name }));
    };
    await pair('sweep-cloud9', iamTags('97-sweep'));
    // The lab's profile holding a role that is not the lab's: the profile goes, the role stays.
    await pair('sweep-mixed', iamTags('97-sweep'), []);
    await pair('sweep-theirs');
    const c = on();
    const listed = await sweep('97-sweep', { clients: c, ...quiet });
    expect(listed.skipped).toEqual([]);
    expect(listed.found.map((f) => `${f.kind} ${f.id}`)).toEqual([
      'iam:instance-profile sweep-cloud9',
      'iam:instance-profile sweep-mixed',
      'iam:role sweep-cloud9',
    ]);
    const removed = await sweep('97-sweep', { clients: c, delete: true, ...quiet });
    expect(removed.deleted?.results).toEqual([
      { description: 'delete iam:instance-profile sweep-cloud9 (its role first)', status: 'done' },
      { description: 'delete iam:instance-profile sweep-mixed (its role first)', status: 'done' },
      { description: 'delete iam:role sweep-cloud9 (instance profiles and policies first)', status: 'done' },
    ]);
    expect(names((await iam.send(new ListInstanceProfilesCommand({}))).InstanceProfiles)).toEqual([
      'sweep-theirs',
    ]);
    expect(names((await iam.send(new ListRolesCommand({}))).Roles)).toEqual(['sweep-mixed', 'sweep-theirs']);
    const theirs = await iam.send(new GetInstanceProfileCommand({ InstanceProfileName: 'sweep-theirs' }));
    expect(names(theirs.InstanceProfile?.Roles)).toEqual(['sweep-theirs']);
  });

  it('removes tagged trails in their home region only, logging stopped first, and leaves untagged ones', async () => {
    const c = on();
    const Bucket = 'handson-sweep-trail-logs';
    await c.s3.send(new CreateBucketCommand({ Bucket }));
    const Policy = JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Principal: { Service: 'cloudtrail.amazonaws.com' },
          Action: 's3:GetBucketAcl',
          Resource: `arn:aws:s3:::${Bucket}`,
        },
        {
          Effect: 'Allow',
          Principal: { Service: 'cloudtrail.amazonaws.com' },
          Action: 's3:PutObject',
          Resource: `arn:aws:s3:::${Bucket}/*`,
        },
      ],
    });
    await c.s3.send(new PutBucketPolicyCommand({ Bucket, Policy }));
    const trail = (Name: string, region: string, TagsList?: ReturnType<typeof labTags>, multi = false) =>
      on(region).cloudtrail.send(
        new CreateTrailCommand({ Name, S3BucketName: Bucket, TagsList, IsMultiRegionTrail: multi }),
      );
    await trail('sweep-trail', 'ap-northeast-1', labTags('96-sweep'));
    await on().cloudtrail.send(new StartLoggingCommand({ Name: 'sweep-trail' }));
    // A multi-region trail shows in every region: found once, where it lives.
    await trail('sweep-everywhere', 'eu-west-1', labTags('96-sweep'), true);
    await trail('sweep-untagged', 'ap-northeast-1');
    const options = { clients: c, regions: ['eu-west-1'], clientsIn: on, ...quiet };
    const listed = await sweep('96-sweep', options);
    expect(listed.skipped).toEqual([]);
    expect(listed.found.map((f) => `${f.kind} ${f.id} ${f.region ?? ''}`)).toEqual([
      'cloudtrail:trail sweep-trail ',
      'cloudtrail:trail sweep-everywhere eu-west-1',
    ]);
    const removed = await sweep('96-sweep', { ...options, delete: true });
    expect(removed.deleted?.results.map((r) => `${r.status} ${r.description}`)).toEqual([
      'done delete cloudtrail:trail sweep-trail (logging stopped first)',
      'done delete cloudtrail:trail sweep-everywhere in eu-west-1 (logging stopped first)',
    ]);
    for (const region of ['ap-northeast-1', 'eu-west-1']) {
      const { trailList } = await on(region).cloudtrail.send(new DescribeTrailsCommand({}));
      expect(trailList?.map((t) => t.Name)).toEqual(region === 'eu-west-1' ? [] : ['sweep-untagged']);
    }
  });

  it('removeResource removes one resource of a kind, and says not found when it is gone', async () => {
    const c = on();
    await c.cloudtrail.send(
      new CreateTrailCommand({ Name: 'removed-trail', S3BucketName: 'handson-sweep-trail-logs' }),
    );
    await c.cloudtrail.send(new StartLoggingCommand({ Name: 'removed-trail' }));
    expect((await c.cloudtrail.send(new GetTrailStatusCommand({ Name: 'removed-trail' }))).IsLogging).toBe(
      true,
    );
    await removeResource('cloudtrail:trail', 'removed-trail', c);
    const again = await removeResource('cloudtrail:trail', 'removed-trail', c).catch((error) => error);
    expect(isNotFound(again)).toBe(true);
    expect((await c.cloudtrail.send(new DescribeTrailsCommand({}))).trailList?.map((t) => t.Name)).toEqual([
      'sweep-untagged',
    ]);
  });
});
