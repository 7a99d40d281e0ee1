import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateKeyPairCommand, DescribeKeyPairsCommand, EC2Client } from '@aws-sdk/client-ec2';
import {
  AddUserToGroupCommand,
  CreateGroupCommand,
  CreateRoleCommand,
  CreateUserCommand,
  GetGroupCommand,
  GetRoleCommand,
  GetUserCommand,
  GetUserPolicyCommand,
  IAMClient,
  ListUserPoliciesCommand,
  ListUsersCommand,
  PutUserPolicyCommand,
} from '@aws-sdk/client-iam';
import { CreateBucketCommand, ListBucketsCommand, S3Client } from '@aws-sdk/client-s3';
import {
  SANDBOX_TEST_REGION as region,
  sandboxCli,
  SANDBOX_TEST_CREDENTIALS as testCredentials,
} from '@handson/test-support';
import { afterAll, describe, expect, it } from 'vitest';
import { startSandbox } from '../src/index.js';

/*
 * Names that are also properties of every JavaScript object are ordinary names to AWS: a user named
 * `constructor` or `__proto__` must be created, found, listed and kept across a restart like any other,
 * and asking for one that does not exist must be NoSuchEntity, never a 500.
 */

const NAMES = ['constructor', '__proto__', 'toString', 'hasOwnProperty'];
const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

const doc = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action: 's3:*', Resource: '*' }],
});
const trust = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }],
});

describe('names that are Object.prototype properties', () => {
  it('work as ordinary IAM, EC2 and S3 names, before and after a restart', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'sandbox-proto-'));
    dirs.push(dataDir);
    let sb = await startSandbox({ dataDir, seed: 'proto-names' });
    const clients = (url: string) => {
      const cfg = { endpoint: url, region, credentials: testCredentials, maxAttempts: 1 };
      return {
        iam: new IAMClient(cfg),
        ec2: new EC2Client(cfg),
        s3: new S3Client({ ...cfg, forcePathStyle: true }),
      };
    };
    let { iam, ec2, s3 } = clients(sb.url);
    for (const name of NAMES) {
      const missing = await iam.send(new GetUserCommand({ UserName: name })).catch((e: Error) => e);
      expect((missing as Error).name, name).toBe('NoSuchEntityException');
      await iam.send(new CreateUserCommand({ UserName: name }));
      await iam.send(new CreateGroupCommand({ GroupName: name }));
      await iam.send(new CreateRoleCommand({ RoleName: name, AssumeRolePolicyDocument: trust }));
      await iam.send(new AddUserToGroupCommand({ UserName: name, GroupName: name }));
      await iam.send(new PutUserPolicyCommand({ UserName: name, PolicyName: name, PolicyDocument: doc }));
      await ec2.send(new CreateKeyPairCommand({ KeyName: name }));
    }
    await s3.send(
      new CreateBucketCommand({
        Bucket: 'constructor',
        CreateBucketConfiguration: { LocationConstraint: region },
      }),
    );
    const cli = await sandboxCli(sb.url, [
      'iam',
      'get-user',
      '--user-name',
      '__proto__',
      '--query',
      'User.UserName',
      '--output',
      'text',
    ]);
    expect(cli.stdout).toBe('__proto__\n');

    const check = async () => {
      const users = (await iam.send(new ListUsersCommand({}))).Users?.map((u) => u.UserName);
      expect(users).toEqual([...NAMES].sort((a, b) => a.toLowerCase().localeCompare(b.toLowerCase())));
      for (const name of NAMES) {
        expect((await iam.send(new GetUserCommand({ UserName: name }))).User?.UserName).toBe(name);
        expect((await iam.send(new GetRoleCommand({ RoleName: name }))).Role?.RoleName).toBe(name);
        expect(
          (await iam.send(new GetGroupCommand({ GroupName: name }))).Users?.map((u) => u.UserName),
        ).toEqual([name]);
        expect((await iam.send(new ListUserPoliciesCommand({ UserName: name }))).PolicyNames).toEqual([name]);
        const got = await iam.send(new GetUserPolicyCommand({ UserName: name, PolicyName: name }));
        expect(decodeURIComponent(got.PolicyDocument ?? '')).toBe(doc);
      }
      const keys = (await ec2.send(new DescribeKeyPairsCommand({}))).KeyPairs?.map((k) => k.KeyName).sort();
      expect(keys).toEqual([...NAMES].sort());
      expect((await s3.send(new ListBucketsCommand({}))).Buckets?.map((b) => b.Name)).toEqual([
        'constructor',
      ]);
    };
    await check();
    await sb.close();
    sb = await startSandbox({ dataDir, seed: 'proto-names' });
    ({ iam, ec2, s3 } = clients(sb.url));
    try {
      await check();
    } finally {
      await sb.close();
    }
  });
});
