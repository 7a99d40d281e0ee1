import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { SANDBOX_TEST_REGION as region, sandboxCli } from '@handson/test-support';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningSandbox, startSandbox } from '../src/index.js';
import { fakeEc2 } from './support/fake-services.js';

/*
 * The Lab 01 story through the real IAM, STS and S3 services and the server's enforcement hook: a user in a
 * group with AmazonS3FullAccess lists buckets and is refused by EC2; a role with only IAMFullAccess can do
 * neither. EC2 is the test definition until the EC2 service lands; only its authorization is exercised.
 */

let sandbox: RunningSandbox;
let dataDir: string;
let services: string[];

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'sandbox-enforce-'));
  const probe = await startSandbox({});
  services = probe.services;
  await probe.close();
  sandbox = await startSandbox({ dataDir, services: services.includes('ec2') ? [] : [fakeEc2] });
});
afterAll(async () => {
  await sandbox?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

const cli = (args: string[], env: Record<string, string> = {}) => sandboxCli(sandbox.url, args, { env });

async function json(args: string[], env: Record<string, string> = {}) {
  const res = await cli([...args, '--output', 'json'], env);
  expect(res.stderr).toBe('');
  return JSON.parse(res.stdout);
}

describe('IAM enforcement through the server (real IAM, STS, S3)', { timeout: 180_000 }, () => {
  it('is available', () => {
    expect(services).toEqual(expect.arrayContaining(['iam', 'sts', 's3']));
  });

  it('a user in a group with AmazonS3FullAccess lists buckets and cannot describe instances', async () => {
    await cli(['s3', 'mb', 's3://cf-templates-t1azjfgdsw8s-ap-northeast-1']);
    await json(['iam', 'create-user', '--user-name', 'handson-cli-novice-user']);
    await json(['iam', 'create-group', '--group-name', 'handson-cli-novice-group']);
    await cli([
      'iam',
      'attach-group-policy',
      '--group-name',
      'handson-cli-novice-group',
      '--policy-arn',
      'arn:aws:iam::aws:policy/AmazonS3FullAccess',
    ]);
    await cli([
      'iam',
      'add-user-to-group',
      '--group-name',
      'handson-cli-novice-group',
      '--user-name',
      'handson-cli-novice-user',
    ]);
    const key = (await json(['iam', 'create-access-key', '--user-name', 'handson-cli-novice-user']))
      .AccessKey;
    expect(key.AccessKeyId).toMatch(/^AKIA[A-Z0-9]{16}$/);
    const env = { AWS_ACCESS_KEY_ID: key.AccessKeyId, AWS_SECRET_ACCESS_KEY: key.SecretAccessKey };

    const ls = await cli(['s3', 'ls'], env);
    expect(ls.stderr).toBe('');
    expect(ls.stdout).toContain(' cf-templates-t1azjfgdsw8s-ap-northeast-1\n');

    const ec2 = await cli(['ec2', 'describe-instances', '--instance-ids', 'i-0cdb696a00000737'], env);
    expect(ec2.stderr.trim()).toBe(
      'An error occurred (UnauthorizedOperation) when calling the DescribeInstances operation: You are not authorized to perform this operation.',
    );

    const sts = new STSClient({
      endpoint: sandbox.url,
      region,
      credentials: { accessKeyId: key.AccessKeyId, secretAccessKey: key.SecretAccessKey },
    });
    const me = await sts.send(new GetCallerIdentityCommand({}));
    expect(me.Arn).toBe('arn:aws:iam::123456789012:user/handson-cli-novice-user');
    sts.destroy();

    const wrongSecret = await cli(['s3', 'ls'], { ...env, AWS_SECRET_ACCESS_KEY: 'not-the-secret' });
    expect(wrongSecret.stderr).toContain('(SignatureDoesNotMatch)');

    await cli([
      'iam',
      'update-access-key',
      '--user-name',
      'handson-cli-novice-user',
      '--access-key-id',
      key.AccessKeyId,
      '--status',
      'Inactive',
    ]);
    const inactive = await cli(['sts', 'get-caller-identity'], env);
    expect(inactive.stderr.trim()).toBe(
      'An error occurred (InvalidClientTokenId) when calling the GetCallerIdentity operation: The security token included in the request is invalid.',
    );
  });

  it('a role with only IAMFullAccess cannot list buckets or describe instances', async () => {
    const trust = JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::123456789012:root' }, Action: 'sts:AssumeRole' },
      ],
    });
    await json([
      'iam',
      'create-role',
      '--role-name',
      'handson-cloud9-environment-role',
      '--assume-role-policy-document',
      trust,
    ]);
    await cli([
      'iam',
      'attach-role-policy',
      '--role-name',
      'handson-cloud9-environment-role',
      '--policy-arn',
      'arn:aws:iam::aws:policy/IAMFullAccess',
    ]);
    // An administrator user assumes it: AWS refuses the account root ("Roles may not be assumed by root accounts.").
    await cli(['iam', 'create-user', '--user-name', 'operator']);
    await cli([
      'iam',
      'attach-user-policy',
      '--user-name',
      'operator',
      '--policy-arn',
      'arn:aws:iam::aws:policy/AdministratorAccess',
    ]);
    const key = (await json(['iam', 'create-access-key', '--user-name', 'operator'])).AccessKey;
    const operator = { AWS_ACCESS_KEY_ID: key.AccessKeyId, AWS_SECRET_ACCESS_KEY: key.SecretAccessKey };
    const assumed = await json(
      [
        'sts',
        'assume-role',
        '--role-arn',
        'arn:aws:iam::123456789012:role/handson-cloud9-environment-role',
        '--role-session-name',
        'cloud9',
      ],
      operator,
    );
    const c = assumed.Credentials;
    const env = {
      AWS_ACCESS_KEY_ID: c.AccessKeyId,
      AWS_SECRET_ACCESS_KEY: c.SecretAccessKey,
      AWS_SESSION_TOKEN: c.SessionToken,
    };

    const ls = await cli(['s3', 'ls'], env);
    expect(ls.stderr.trim()).toBe(
      'An error occurred (AccessDenied) when calling the ListBuckets operation: Access Denied',
    );
    const ec2 = await cli(['ec2', 'describe-instances'], env);
    expect(ec2.stderr).toContain('(UnauthorizedOperation)');
    const policies = await json(
      ['iam', 'list-attached-role-policies', '--role-name', 'handson-cloud9-environment-role'],
      env,
    );
    expect(policies.AttachedPolicies).toEqual([
      { PolicyName: 'IAMFullAccess', PolicyArn: 'arn:aws:iam::aws:policy/IAMFullAccess' },
    ]);
    const noToken = await cli(['sts', 'get-caller-identity'], { ...env, AWS_SESSION_TOKEN: '' });
    expect(noToken.stderr).toContain('(InvalidClientTokenId)');
  });

  it('keeps users, keys and enforcement across a restart', async () => {
    await sandbox.close();
    sandbox = await startSandbox({ dataDir, services: services.includes('ec2') ? [] : [fakeEc2] });
    const users = await json(['iam', 'list-users', '--query', 'Users[].UserName']);
    expect(users).toEqual(['handson-cli-novice-user', 'operator']);
    const keys = await json([
      'iam',
      'list-access-keys',
      '--user-name',
      'handson-cli-novice-user',
      '--query',
      'AccessKeyMetadata[].Status',
    ]);
    expect(keys).toEqual(['Inactive']);
  });
});
