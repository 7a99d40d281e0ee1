import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CreateKeyPairCommand,
  CreateSecurityGroupCommand,
  CreateVpcCommand,
  DescribeImagesCommand,
  DescribeInstancesCommand,
  RunInstancesCommand,
} from '@aws-sdk/client-ec2';
import {
  CreateAccessKeyCommand,
  CreateUserCommand,
  DeleteUserCommand,
  GetUserCommand,
} from '@aws-sdk/client-iam';
import { CreateBucketCommand, DeleteBucketCommand, ListBucketsCommand, S3Client } from '@aws-sdk/client-s3';
import {
  CreateQueueCommand,
  DeleteQueueCommand,
  GetQueueUrlCommand,
  ListQueuesCommand,
} from '@aws-sdk/client-sqs';
import { STSClient } from '@aws-sdk/client-sts';
import { type RunningSandbox, startSandbox } from '@handson/sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  announceAccount,
  clientIn,
  clients,
  clientsFor,
  ec2TagSpecifications,
  ensureSandbox,
  iamTags,
  resolveTarget,
  SANDBOX_FALLBACK_CREDENTIALS,
  setNoticeSink,
  sqsTags,
  sweep,
  teardown,
  withEnv,
} from '../src/index.ts';

let sandbox: RunningSandbox;
const root = mkdtempSync(join(tmpdir(), 'handson-aws-sandbox-'));
const admin = { accessKeyId: 'test', secretAccessKey: 'test' };

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, host: '127.0.0.1', dataDir: join(root, 'data'), seed: 7 });
});
afterAll(async () => {
  await sandbox?.close();
});

const on = () => clientsFor({ env: { HANDSON_SANDBOX_URL: sandbox.url }, credentials: admin });

describe('clients on the real sandbox', () => {
  it('find a running sandbox without starting another, and talk to it with the fallback identity', async () => {
    expect(await ensureSandbox({ url: sandbox.url })).toEqual({ url: sandbox.url, started: false });
    await withEnv(
      {
        HANDSON_SANDBOX_URL: sandbox.url,
        HANDSON_TARGET: undefined,
        AWS_ENDPOINT_URL: undefined,
        AWS_ACCESS_KEY_ID: undefined,
        AWS_SECRET_ACCESS_KEY: undefined,
        AWS_PROFILE: undefined,
        AWS_DEFAULT_PROFILE: undefined,
        HOME: root,
        AWS_EC2_METADATA_DISABLED: 'true',
      },
      async () => {
        const set = clients();
        expect(set.target.kind).toBe('sandbox');
        await set.sqs.send(
          new CreateQueueCommand({ QueueName: 'handson-aws-fallback', tags: sqsTags('04-sqs-order') }),
        );
        const listed = await set.sqs.send(new ListQueuesCommand({ QueueNamePrefix: 'handson-aws-fallback' }));
        expect(listed.QueueUrls).toEqual([`${sandbox.url}/123456789012/handson-aws-fallback`]);
        expect(await set.credentials()).toEqual(SANDBOX_FALLBACK_CREDENTIALS);
        // Path-style S3 on the sandbox: a bucket in the hostname (handson-path-style.127.0.0.1) would not resolve.
        expect(await clientIn(set, S3Client).config.forcePathStyle).toBe(true);
        await set.s3.send(
          new CreateBucketCommand({
            Bucket: 'handson-path-style',
            CreateBucketConfiguration: { LocationConstraint: 'ap-northeast-1' },
          }),
        );
        const buckets = (await set.s3.send(new ListBucketsCommand({}))).Buckets ?? [];
        expect(buckets.map((b) => b.Name)).toEqual(['handson-path-style']);
        await set.s3.send(new DeleteBucketCommand({ Bucket: 'handson-path-style' }));
        await set.sqs.send(new DeleteQueueCommand({ QueueUrl: listed.QueueUrls![0] }));
      },
    );
  });

  it('switch identity through a credentials file the lab writes', async () => {
    const { iam } = on();
    await iam.send(new CreateUserCommand({ UserName: 'handson-switch-user', Tags: iamTags('01-iam-users') }));
    const key = (await iam.send(new CreateAccessKeyCommand({ UserName: 'handson-switch-user' }))).AccessKey!;
    const ini = join(root, 'handson-switch-user.ini');
    writeFileSync(
      ini,
      `[handson-switch-user]\naws_access_key_id=${key.AccessKeyId}\naws_secret_access_key=${key.SecretAccessKey}\n`,
      { mode: 0o600 },
    );
    const user = clientsFor({
      env: { HANDSON_SANDBOX_URL: sandbox.url, HOME: root },
      profile: 'handson-switch-user',
      credentialsFile: ini,
    });
    expect((await user.credentials()).accessKeyId).toBe(key.AccessKeyId);
    // The sandbox knows the key: the request is the new user's, who has no policy yet.
    const denied = await user.iam.send(new GetUserCommand({})).catch((e: Error) => e);
    expect((denied as Error).name).toBe('AccessDenied');
    expect((denied as Error).message).toMatch(
      /^User: arn:aws:iam::123456789012:user\/handson-switch-user is not authorized/,
    );
    await sweep('01-iam-users', { clients: on(), delete: true, log: () => undefined });
  });
});

describe('teardown on the real sandbox', () => {
  it('runs newest first, continues past a failure, and is idempotent (NotFound = already gone)', async () => {
    const c = on();
    const lines: string[] = [];
    const td = teardown('01-iam-users', { log: (line) => lines.push(line) });
    await c.iam.send(new CreateUserCommand({ UserName: 'handson-td-user', Tags: iamTags('01-iam-users') }));
    td.add('delete user handson-td-user', () =>
      c.iam.send(new DeleteUserCommand({ UserName: 'handson-td-user' })),
    );
    const { QueueUrl } = await c.sqs.send(new CreateQueueCommand({ QueueName: 'handson-td-queue' }));
    td.add('delete queue handson-td-queue', () => c.sqs.send(new DeleteQueueCommand({ QueueUrl })));
    td.add('a step that breaks', () => {
      throw new Error('disk on fire');
    });
    td.add('delete user that never existed', () =>
      c.iam.send(new DeleteUserCommand({ UserName: 'handson-never-created' })),
    );

    const first = await td.run();
    expect(first.results.map((r) => [r.description, r.status])).toEqual([
      ['delete user that never existed', 'already-gone'],
      ['a step that breaks', 'failed'],
      ['delete queue handson-td-queue', 'done'],
      ['delete user handson-td-user', 'done'],
    ]);
    expect(first.ok).toBe(false);
    expect(first.results[1]!.error).toBe('Error: disk on fire');
    expect(lines[1]).toBe('teardown 01-iam-users: FAILED        a step that breaks (Error: disk on fire)');

    const again = await td.run();
    expect(again.results.map((r) => r.status)).toEqual([
      'already-gone',
      'failed',
      'already-gone',
      'already-gone',
    ]);
    const gone = await c.sqs
      .send(new GetQueueUrlCommand({ QueueName: 'handson-td-queue' }))
      .catch((e: Error) => e);
    expect((gone as Error).name).toMatch(/QueueDoesNotExist|NonExistentQueue/);
  });
});

describe('sweep on the real sandbox', () => {
  it('lists what carries the lab tag, deletes one lab’s, and leaves the rest', async () => {
    const c = on();
    await c.iam.send(
      new CreateUserCommand({ UserName: 'handson-sweep-user', Tags: iamTags('01-iam-users') }),
    );
    await c.iam.send(new CreateAccessKeyCommand({ UserName: 'handson-sweep-user' }));
    await c.iam.send(new CreateUserCommand({ UserName: 'someone-elses-user' }));
    const { QueueUrl } = await c.sqs.send(
      new CreateQueueCommand({ QueueName: 'handson-sweep-queue', tags: sqsTags('04-sqs-order') }),
    );
    const quiet = { clients: c, log: () => undefined };

    const everything = await sweep(undefined, quiet);
    expect(everything.found).toEqual(
      expect.arrayContaining([
        { kind: 'iam:user', id: 'handson-sweep-user', lab: '01-iam-users' },
        { kind: 'sqs:queue', id: QueueUrl, lab: '04-sqs-order' },
      ]),
    );
    expect(everything.found.some((item) => item.id === 'someone-elses-user')).toBe(false);

    const lab01 = await sweep('01-iam-users', { ...quiet, delete: true });
    expect(lab01.found).toEqual([{ kind: 'iam:user', id: 'handson-sweep-user', lab: '01-iam-users' }]);
    expect(lab01.deleted?.ok).toBe(true);

    const after = await sweep(undefined, quiet);
    expect(after.found.map((item) => item.id)).toEqual([QueueUrl]);
    await c.iam.send(new GetUserCommand({ UserName: 'someone-elses-user' }));
    await sweep('04-sqs-order', { ...quiet, delete: true });
    expect((await sweep(undefined, quiet)).found).toEqual([]);
  });
});

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('ensureSandbox starts one when none answers', () => {
  it('starts the sandbox CLI in the background, waits for health, and clients then work', async () => {
    const url = `http://127.0.0.1:${await freePort()}`;
    const lines: string[] = [];
    const restore = setNoticeSink((line) => lines.push(line));
    let pid: number | undefined;
    try {
      const status = await ensureSandbox({ url, dataDir: join(root, 'started') });
      pid = status.pid;
      expect(status.started).toBe(true);
      expect(lines[0]).toMatch(new RegExp(`^Starting the local AWS sandbox at ${url} \\(log: .*\\) …$`));
      expect(lines[1]).toBe(`Local AWS sandbox ready at ${url} (pid ${pid}; stop it with: kill ${pid}).`);
      const { sqs } = clientsFor({ env: { HANDSON_SANDBOX_URL: url }, credentials: admin });
      expect((await sqs.send(new ListQueuesCommand({}))).$metadata.httpStatusCode).toBe(200);
      // Later callers share that one start instead of starting another.
      expect(await ensureSandbox({ url })).toMatchObject({ url, started: true, pid });
    } finally {
      restore();
      if (pid) process.kill(pid);
    }
  }, 120_000);
});

describe('sweep on the real sandbox: EC2', () => {
  it('finds tagged instances, key pairs, security groups and VPCs and removes them in dependency order', async () => {
    const c = on();
    const quiet = { clients: c, log: () => undefined };
    const lab = '05-vpc-peering';
    const vpc = (
      await c.ec2.send(
        new CreateVpcCommand({
          CidrBlock: '10.77.0.0/16',
          TagSpecifications: ec2TagSpecifications(lab, 'vpc'),
        }),
      )
    ).Vpc!;
    const group = await c.ec2.send(
      new CreateSecurityGroupCommand({
        GroupName: 'handson-sweep-sg',
        Description: 'sweep test',
        VpcId: vpc.VpcId,
        TagSpecifications: ec2TagSpecifications(lab, 'security-group'),
      }),
    );
    await c.ec2.send(
      new CreateKeyPairCommand({
        KeyName: 'handson-sweep-key',
        TagSpecifications: ec2TagSpecifications(lab, 'key-pair'),
      }),
    );
    const image = (await c.ec2.send(new DescribeImagesCommand({ Owners: ['amazon'] }))).Images![0]!;
    const instance = (
      await c.ec2.send(
        new RunInstancesCommand({
          ImageId: image.ImageId,
          InstanceType: 't2.micro',
          MinCount: 1,
          MaxCount: 1,
          TagSpecifications: ec2TagSpecifications(lab, 'instance', { Name: 'handson-sweep' }),
        }),
      )
    ).Instances![0]!;

    const found = await sweep(lab, quiet);
    expect(found.skipped).toEqual([]);
    expect(found.found).toEqual([
      { kind: 'ec2:instance', id: instance.InstanceId, lab },
      { kind: 'ec2:key-pair', id: 'handson-sweep-key', lab },
      { kind: 'ec2:security-group', id: group.GroupId, lab },
      { kind: 'ec2:vpc', id: vpc.VpcId, lab },
    ]);
    const removed = await sweep(lab, { ...quiet, delete: true });
    expect(removed.deleted?.results.map((r) => r.status)).toEqual(['done', 'done', 'done', 'done']);
    expect((await sweep(lab, quiet)).found).toEqual([]);
    const after = await c.ec2.send(new DescribeInstancesCommand({ InstanceIds: [instance.InstanceId!] }));
    expect(after.Reservations?.[0]?.Instances?.[0]?.State?.Name).toBe('terminated');
  }, 120_000);
});

describe('the real-AWS announcement', () => {
  it('names the account (STS GetCallerIdentity) and region once per identity and region', async () => {
    const target = resolveTarget({ HANDSON_TARGET: 'aws', AWS_REGION: 'ap-northeast-1', HOME: root });
    // The lookup goes to the sandbox's STS instead of real AWS; everything else is the aws target's path.
    const stsOnSandbox = (region: string, credentials: typeof admin) =>
      new STSClient({ region, credentials, endpoint: sandbox.url });
    const lines: string[] = [];
    const restore = setNoticeSink((line) => lines.push(line));
    try {
      await announceAccount(target, async () => admin, stsOnSandbox);
      await announceAccount(target, async () => admin, stsOnSandbox);
      await announceAccount({ ...target, region: 'us-east-1' }, async () => admin, stsOnSandbox);
    } finally {
      restore();
    }
    expect(lines).toEqual([
      'Target: real AWS account 123456789012 (arn:aws:iam::123456789012:root) in region ap-northeast-1. ' +
        'This run creates and changes resources there.',
      'Target: real AWS account 123456789012 (arn:aws:iam::123456789012:root) in region us-east-1. ' +
        'This run creates and changes resources there.',
    ]);
  });
});
