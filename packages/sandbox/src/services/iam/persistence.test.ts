import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CreateAccessKeyCommand,
  CreateLoginProfileCommand,
  CreateRoleCommand,
  CreateUserCommand,
  ListUsersCommand,
  PutUserPolicyCommand,
} from '@aws-sdk/client-iam';
import { ListBucketsCommand } from '@aws-sdk/client-s3';
import { AssumeRoleCommand, GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { afterAll, describe, expect, it } from 'vitest';
import {
  iamClient,
  operatorKeys,
  s3Client,
  sdkError,
  startTestSandbox,
  stsClient,
} from './__fixtures__/sandbox';

/* IAM and STS state survives a restart, and a seed replays the same ids. */

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function listFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? listFiles(p) : [p];
  });
}

describe('persistence', () => {
  it('users, keys, policies and sessions are still there after a restart; passwords are not on disk', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'iam-persist-'));
    dirs.push(dir);
    let sb = await startTestSandbox('persist', dir);
    const iam = iamClient(sb.url);
    await iam.send(new CreateUserCommand({ UserName: 'keeper' }));
    const k = await iam.send(new CreateAccessKeyCommand({ UserName: 'keeper' }));
    const keys = { accessKeyId: k.AccessKey!.AccessKeyId!, secretAccessKey: k.AccessKey!.SecretAccessKey! };
    await iam.send(
      new PutUserPolicyCommand({
        UserName: 'keeper',
        PolicyName: 's3',
        PolicyDocument: JSON.stringify({
          Version: '2012-10-17',
          Statement: [{ Effect: 'Allow', Action: 's3:*', Resource: '*' }],
        }),
      }),
    );
    await iam.send(
      new CreateRoleCommand({
        RoleName: 'kept',
        AssumeRolePolicyDocument: JSON.stringify({
          Statement: [{ Effect: 'Allow', Principal: { AWS: '123456789012' }, Action: 'sts:AssumeRole' }],
        }),
      }),
    );
    const session = await stsClient(sb.url, await operatorKeys(sb.url)).send(
      new AssumeRoleCommand({ RoleArn: 'arn:aws:iam::123456789012:role/kept', RoleSessionName: 'kept' }),
    );
    await iam.send(new CreateLoginProfileCommand({ UserName: 'keeper', Password: 'Secret-Pass-4242' }));
    await sb.close();

    for (const file of listFiles(dir)) expect(readFileSync(file, 'utf8')).not.toContain('Secret-Pass-4242');

    sb = await startTestSandbox('persist', dir);
    try {
      expect((await iamClient(sb.url).send(new ListUsersCommand({}))).Users?.map((u) => u.UserName)).toEqual([
        'keeper',
        'operator',
      ]);
      await s3Client(sb.url, keys).send(new ListBucketsCommand({}));
      expect(await sdkError(iamClient(sb.url, keys).send(new ListUsersCommand({})))).toMatchObject({
        name: 'AccessDenied',
      });
      const who = await stsClient(sb.url, {
        accessKeyId: session.Credentials!.AccessKeyId!,
        secretAccessKey: session.Credentials!.SecretAccessKey!,
        sessionToken: session.Credentials!.SessionToken!,
      }).send(new GetCallerIdentityCommand({}));
      expect(who.Arn).toBe('arn:aws:sts::123456789012:assumed-role/kept/kept');
    } finally {
      await sb.close();
    }
  });
});

describe('seeded ids', () => {
  it('the same seed gives the same user id and access key; another seed does not', async () => {
    const ids: string[][] = [];
    for (let i = 0; i < 2; i++) {
      const sb = await startTestSandbox('same-seed');
      try {
        const iam = iamClient(sb.url);
        const u = await iam.send(new CreateUserCommand({ UserName: 'seeded' }));
        const k = await iam.send(new CreateAccessKeyCommand({ UserName: 'seeded' }));
        ids.push([u.User!.UserId!, k.AccessKey!.AccessKeyId!, k.AccessKey!.SecretAccessKey!]);
      } finally {
        await sb.close();
      }
    }
    expect(ids[0]).toEqual(ids[1]);
    const other = await startTestSandbox('another-seed');
    try {
      const u = await iamClient(other.url).send(new CreateUserCommand({ UserName: 'seeded' }));
      expect(u.User!.UserId).not.toBe(ids[0]![0]);
    } finally {
      await other.close();
    }
  });
});
