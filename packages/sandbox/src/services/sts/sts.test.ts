import {
  AttachRolePolicyCommand,
  CreateAccessKeyCommand,
  CreateRoleCommand,
  CreateUserCommand,
  ListUsersCommand,
  PutUserPolicyCommand,
} from '@aws-sdk/client-iam';
import { ListBucketsCommand } from '@aws-sdk/client-s3';
import { AssumeRoleCommand, GetCallerIdentityCommand, GetSessionTokenCommand } from '@aws-sdk/client-sts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  cliAs,
  iamClient,
  type Keys,
  operatorKeys,
  s3Client,
  sdkError,
  startTestSandbox,
  stsClient,
  type TestSandbox,
} from '../iam/__fixtures__/sandbox';

/* STS through the real SDK v3 STS client and /usr/bin/aws. */

let sb: TestSandbox;
let iam: ReturnType<typeof iamClient>;
const ACCOUNT = '123456789012';
const trust = (principal: object, extra: object = {}) =>
  JSON.stringify({
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Principal: principal, Action: 'sts:AssumeRole', ...extra }],
  });
const roleArn = (name: string) => `arn:aws:iam::${ACCOUNT}:role/${name}`;
const asKeys = (c: { AccessKeyId?: string; SecretAccessKey?: string; SessionToken?: string }): Keys => ({
  accessKeyId: c.AccessKeyId!,
  secretAccessKey: c.SecretAccessKey!,
  sessionToken: c.SessionToken!,
});

let alice: Keys;
beforeAll(async () => {
  sb = await startTestSandbox('sts');
  iam = iamClient(sb.url);
  // Alice first: a trust policy may only name a user that exists.
  await iam.send(new CreateUserCommand({ UserName: 'alice' }));
  const k = await iam.send(new CreateAccessKeyCommand({ UserName: 'alice' }));
  alice = { accessKeyId: k.AccessKey!.AccessKeyId!, secretAccessKey: k.AccessKey!.SecretAccessKey! };
  await iam.send(
    new CreateRoleCommand({ RoleName: 'admin-trusting', AssumeRolePolicyDocument: trust({ AWS: ACCOUNT }) }),
  );
  await iam.send(
    new AttachRolePolicyCommand({
      RoleName: 'admin-trusting',
      PolicyArn: 'arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess',
    }),
  );
  await iam.send(
    new CreateRoleCommand({
      RoleName: 'ec2-only',
      AssumeRolePolicyDocument: trust({ Service: 'ec2.amazonaws.com' }),
    }),
  );
  await iam.send(
    new CreateRoleCommand({
      RoleName: 'alice-only',
      AssumeRolePolicyDocument: trust(
        { AWS: `arn:aws:iam::${ACCOUNT}:user/alice` },
        {
          Condition: { StringEquals: { 'sts:ExternalId': 'lab-01' } },
        },
      ),
    }),
  );
  await iam.send(
    new AttachRolePolicyCommand({
      RoleName: 'alice-only',
      PolicyArn: 'arn:aws:iam::aws:policy/IAMReadOnlyAccess',
    }),
  );
});
afterAll(() => sb.close());

describe('GetCallerIdentity', { timeout: 120_000 }, () => {
  it('root, user and assumed role (needs no permission)', async () => {
    expect(await stsClient(sb.url).send(new GetCallerIdentityCommand({}))).toMatchObject({
      Account: ACCOUNT,
      Arn: `arn:aws:iam::${ACCOUNT}:root`,
      UserId: ACCOUNT,
    });
    const me = await stsClient(sb.url, alice).send(new GetCallerIdentityCommand({}));
    expect(me).toMatchObject({ Account: ACCOUNT, Arn: `arn:aws:iam::${ACCOUNT}:user/alice` });
    expect(me.UserId).toMatch(/^AIDA/);
    const cli = await cliAs(
      sb.url,
      ['sts', 'get-caller-identity', '--query', 'Arn', '--output', 'text'],
      alice,
    );
    expect(cli.stdout).toBe(`arn:aws:iam::${ACCOUNT}:user/alice\n`);
  });
});

describe('AssumeRole', () => {
  it('issues ASIA credentials with a session token and expiry; the session acts with the role policies', async () => {
    const before = sb.sandbox.clock.now().getTime();
    const out = await stsClient(sb.url, await operatorKeys(sb.url)).send(
      new AssumeRoleCommand({ RoleArn: roleArn('admin-trusting'), RoleSessionName: 'lab' }),
    );
    // The sandbox stamps the expiry when it serves the call, which is somewhere between these two readings.
    const after = sb.sandbox.clock.now().getTime();
    expect(out.Credentials?.AccessKeyId).toMatch(/^ASIA[A-Z2-7]{16}$/);
    expect(out.Credentials?.SecretAccessKey).toMatch(/^[A-Za-z0-9+/]{40}$/);
    expect(out.Credentials?.SessionToken?.length).toBeGreaterThan(100);
    const expires = out.Credentials!.Expiration!.getTime();
    expect(expires - before).toBeGreaterThan(3590_000);
    expect(expires - after).toBeLessThanOrEqual(3600_000);
    expect(out.AssumedRoleUser?.Arn).toBe(`arn:aws:sts::${ACCOUNT}:assumed-role/admin-trusting/lab`);
    expect(out.AssumedRoleUser?.AssumedRoleId).toMatch(/^AROA[A-Z2-7]{17}:lab$/);

    const keys = asKeys(out.Credentials!);
    const who = await stsClient(sb.url, keys).send(new GetCallerIdentityCommand({}));
    expect(who).toMatchObject({ Arn: out.AssumedRoleUser?.Arn, UserId: out.AssumedRoleUser?.AssumedRoleId });
    await s3Client(sb.url, keys).send(new ListBucketsCommand({}));
    expect(await sdkError(iamClient(sb.url, keys).send(new ListUsersCommand({})))).toMatchObject({
      name: 'AccessDenied',
    });
    // Without its session token the key is not accepted.
    expect(
      await sdkError(
        stsClient(sb.url, { ...keys, sessionToken: undefined }).send(new GetCallerIdentityCommand({})),
      ),
    ).toMatchObject({ name: 'InvalidClientTokenId' });
  });

  it('the trust policy decides: a service-only role and a missing role are AccessDenied', {
    timeout: 120_000,
  }, async () => {
    for (const name of ['ec2-only', 'does-not-exist']) {
      expect(
        await sdkError(
          stsClient(sb.url, await operatorKeys(sb.url)).send(
            new AssumeRoleCommand({ RoleArn: roleArn(name), RoleSessionName: 'lab' }),
          ),
        ),
      ).toEqual({
        name: 'AccessDenied',
        message: `User: arn:aws:iam::${ACCOUNT}:user/operator is not authorized to perform: sts:AssumeRole on resource: ${roleArn(name)}`,
        status: 403,
      });
    }
    const cli = await cliAs(
      sb.url,
      ['sts', 'assume-role', '--role-arn', roleArn('ec2-only'), '--role-session-name', 'lab'],
      await operatorKeys(sb.url),
    );
    expect(cli.stderr).toBe(
      `\nAn error occurred (AccessDenied) when calling the AssumeRole operation: User: arn:aws:iam::${ACCOUNT}:user/operator is not authorized to perform: sts:AssumeRole on resource: ${roleArn('ec2-only')}\n`,
    );
  });

  it('a user needs both the trust (with its condition) and an identity policy allowing sts:AssumeRole', async () => {
    const sts = stsClient(sb.url, alice);
    const input = { RoleArn: roleArn('alice-only'), RoleSessionName: 'alice', ExternalId: 'lab-01' };
    // Trusted by the role, but no identity policy allows sts:AssumeRole yet.
    expect(await sdkError(sts.send(new AssumeRoleCommand(input)))).toMatchObject({ name: 'AccessDenied' });
    await iam.send(
      new PutUserPolicyCommand({
        UserName: 'alice',
        PolicyName: 'assume',
        PolicyDocument: JSON.stringify({
          Version: '2012-10-17',
          Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: 'arn:aws:iam::*:role/alice-*' }],
        }),
      }),
    );
    expect(await sdkError(sts.send(new AssumeRoleCommand({ ...input, ExternalId: 'wrong' })))).toMatchObject({
      name: 'AccessDenied',
    });
    expect(
      await sdkError(sts.send(new AssumeRoleCommand({ ...input, RoleArn: roleArn('admin-trusting') }))),
    ).toMatchObject({
      name: 'AccessDenied',
    });
    const out = await sts.send(new AssumeRoleCommand(input));
    const keys = asKeys(out.Credentials!);
    expect(
      (await iamClient(sb.url, keys).send(new ListUsersCommand({}))).Users?.map((u) => u.UserName),
    ).toEqual(['alice', 'operator']);
    expect(await sdkError(s3Client(sb.url, keys).send(new ListBucketsCommand({})))).toMatchObject({
      name: 'AccessDenied',
    });
  });

  it('a session policy narrows the role', async () => {
    const out = await stsClient(sb.url, await operatorKeys(sb.url)).send(
      new AssumeRoleCommand({
        RoleArn: roleArn('admin-trusting'),
        RoleSessionName: 'narrow',
        Policy: JSON.stringify({
          Version: '2012-10-17',
          Statement: [{ Effect: 'Allow', Action: 'sqs:*', Resource: '*' }],
        }),
      }),
    );
    expect(out.PackedPolicySize).toBeGreaterThan(0);
    expect(
      await sdkError(s3Client(sb.url, asKeys(out.Credentials!)).send(new ListBucketsCommand({}))),
    ).toMatchObject({
      name: 'AccessDenied',
    });
  });

  it.each([
    [
      { DurationSeconds: 7200 },
      'The requested DurationSeconds exceeds the MaxSessionDuration set for this role.',
    ],
    [
      { DurationSeconds: 60 },
      "1 validation error detected: Value '60' at 'durationSeconds' failed to satisfy constraint: Member must have value greater than or equal to 900",
    ],
    [
      { RoleSessionName: 'has space' },
      "1 validation error detected: Value 'has space' at 'roleSessionName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]*",
    ],
  ])('ValidationError for %j', async (extra, message) => {
    const err = await sdkError(
      stsClient(sb.url, await operatorKeys(sb.url)).send(
        new AssumeRoleCommand({ RoleArn: roleArn('admin-trusting'), RoleSessionName: 'ok', ...extra }),
      ),
    );
    expect(err).toMatchObject({ name: 'ValidationError', message });
  });

  it('role chaining is limited to one hour', async () => {
    await iam.send(
      new AttachRolePolicyCommand({
        RoleName: 'admin-trusting',
        PolicyArn: 'arn:aws:iam::aws:policy/AdministratorAccess',
      }),
    );
    const first = await stsClient(sb.url, await operatorKeys(sb.url)).send(
      new AssumeRoleCommand({ RoleArn: roleArn('admin-trusting'), RoleSessionName: 'first' }),
    );
    const chained = stsClient(sb.url, asKeys(first.Credentials!));
    expect(
      await sdkError(
        chained.send(
          new AssumeRoleCommand({
            RoleArn: roleArn('admin-trusting'),
            RoleSessionName: 'second',
            DurationSeconds: 7200,
          }),
        ),
      ),
    ).toMatchObject({
      name: 'ValidationError',
      message:
        'The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.',
    });
    const second = await chained.send(
      new AssumeRoleCommand({ RoleArn: roleArn('admin-trusting'), RoleSessionName: 'second' }),
    );
    expect(second.AssumedRoleUser?.Arn).toBe(`arn:aws:sts::${ACCOUNT}:assumed-role/admin-trusting/second`);
  });
});

describe('GetSessionToken', () => {
  it('needs no permission: a user without any policy gets session credentials', async () => {
    await iam.send(new CreateUserCommand({ UserName: 'no-policies' }));
    const k = await iam.send(new CreateAccessKeyCommand({ UserName: 'no-policies' }));
    const bare = { accessKeyId: k.AccessKey!.AccessKeyId!, secretAccessKey: k.AccessKey!.SecretAccessKey! };
    const out = await stsClient(sb.url, bare).send(new GetSessionTokenCommand({ DurationSeconds: 900 }));
    expect(out.Credentials?.AccessKeyId).toMatch(/^ASIA/);
    const cli = await cliAs(
      sb.url,
      ['sts', 'get-session-token', '--query', 'Credentials.AccessKeyId', '--output', 'text'],
      bare,
    );
    expect(cli.stdout).toMatch(/^ASIA[A-Z2-7]{16}\n$/);
  });

  it("gives a user temporary credentials with the user's permissions, but not for IAM", async () => {
    await iam.send(
      new PutUserPolicyCommand({
        UserName: 'alice',
        PolicyName: 'all',
        PolicyDocument: JSON.stringify({
          Version: '2012-10-17',
          Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }],
        }),
      }),
    );
    const out = await stsClient(sb.url, alice).send(new GetSessionTokenCommand({ DurationSeconds: 900 }));
    expect(out.Credentials?.AccessKeyId).toMatch(/^ASIA/);
    const keys = asKeys(out.Credentials!);
    expect((await stsClient(sb.url, keys).send(new GetCallerIdentityCommand({}))).Arn).toBe(
      `arn:aws:iam::${ACCOUNT}:user/alice`,
    );
    await s3Client(sb.url, keys).send(new ListBucketsCommand({}));
    expect(await sdkError(iamClient(sb.url, keys).send(new ListUsersCommand({})))).toMatchObject({
      name: 'AccessDenied',
    });
  });
});

describe('expiry', { timeout: 120_000 }, () => {
  it('after the expiration the sandbox answers ExpiredToken (SDK and CLI)', async () => {
    const out = await stsClient(sb.url, await operatorKeys(sb.url)).send(
      new AssumeRoleCommand({
        RoleArn: roleArn('admin-trusting'),
        RoleSessionName: 'short',
        DurationSeconds: 900,
      }),
    );
    const keys = asKeys(out.Credentials!);
    await stsClient(sb.url, keys).send(new GetCallerIdentityCommand({}));
    sb.sandbox.clock.advance(901_000);
    expect(await sdkError(s3Client(sb.url, keys).send(new ListBucketsCommand({})))).toMatchObject({
      name: 'ExpiredToken',
      message: 'The security token included in the request is expired',
    });
    const cli = await cliAs(sb.url, ['sts', 'get-caller-identity'], keys);
    expect(cli.stderr).toBe(
      '\nAn error occurred (ExpiredToken) when calling the GetCallerIdentity operation: The security token included in the request is expired\n',
    );
  });
});
