import { DescribeInstancesCommand, EC2Client } from '@aws-sdk/client-ec2';
import { GetUserCommand, IAMClient } from '@aws-sdk/client-iam';
import { ListBucketsCommand, S3Client } from '@aws-sdk/client-s3';
import { SANDBOX_TEST_REGION as region, sandboxCli } from '@handson/test-support';
import { Hash } from '@smithy/hash-node';
import { SignatureV4 } from '@smithy/signature-v4';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type Authorizer,
  type IssuedCredential,
  type RunningSandbox,
  type ServiceDefinition,
  startSandbox,
} from '../src/index.js';
import { serviceInfo } from '../src/services/index.js';
import s3 from '../src/services/s3/index.js';
import { fakeEc2, fakeIam } from './support/fake-services.js';

/*
 * Identity through a test credential resolver and authorizer, registered through the same exported
 * functions the IAM and STS services use.
 */

const user = (name: string) => ({
  type: 'user' as const,
  accountId: '123456789012',
  arn: `arn:aws:iam::123456789012:user/${name}`,
  userId: 'AIDAEXAMPLEUSER00001',
  accessKeyId: '',
  userName: name,
});

const KEYS: Record<string, IssuedCredential> = {
  AKIAS3READER0000001: {
    principal: { ...user('s3-reader'), accessKeyId: 'AKIAS3READER0000001' },
    secretAccessKey: 's3-reader-secret',
    status: 'Active',
  },
  AKIAINACTIVE0000001: {
    principal: { ...user('retired'), accessKeyId: 'AKIAINACTIVE0000001' },
    secretAccessKey: 'retired-secret',
    status: 'Inactive',
  },
  ASIASESSION00000001: {
    principal: {
      type: 'assumed-role',
      accountId: '123456789012',
      arn: 'arn:aws:sts::123456789012:assumed-role/handson-role/cli',
      userId: 'AROAEXAMPLEROLE00001:cli',
      accessKeyId: 'ASIASESSION00000001',
      roleName: 'handson-role',
      sessionName: 'cli',
    },
    secretAccessKey: 'session-secret',
    sessionToken: 'the-session-token',
    status: 'Active',
  },
};

const decisions: { action: string; resources: string[]; arn: string }[] = [];

const testAuthorizer: Authorizer = (ctx, action, resources) => {
  decisions.push({ action, resources, arn: ctx.principal.arn });
  if (action === 'iam:GetUser' && ctx.principal.userName === 's3-reader') return 'explicit-deny';
  if (action === 'cloudformation:CreateStack') return 'allow';
  if (action === 's3:CreateBucket' && ctx.principal.userName === 's3-reader') return 'implicit-deny';
  return action.startsWith('s3:') ? 'allow' : 'implicit-deny';
};

/** The policy evaluator the IAM definition below answers with; one test swaps it for a moment. */
let decide: Authorizer = testAuthorizer;

let sandbox: RunningSandbox;
beforeAll(async () => {
  const iam: ServiceDefinition = {
    ...fakeIam,
    credentials: (_state, id) => KEYS[id],
    authorizer: (...args) => decide(...args),
  };

  const stacks: ServiceDefinition = {
    ...serviceInfo('cloudformation'),
    operations: {
      async CreateStack(ctx, input) {
        await ctx.call('s3', 'CreateBucket', {
          Bucket: `${String(input.StackName)}-bucket`,
          CreateBucketConfiguration: { LocationConstraint: ctx.region },
        });
        return { StackId: 'arn:aws:cloudformation:ap-northeast-1:123456789012:stack/x/1' };
      },
    },
  };
  sandbox = await startSandbox({ port: 0, discover: false, services: [s3, iam, fakeEc2, stacks] });
});
afterAll(() => sandbox.close());

const creds = (id: string, secret?: string, sessionToken?: string) => ({
  accessKeyId: id,
  secretAccessKey: secret ?? KEYS[id]?.secretAccessKey ?? 'x',
  ...(sessionToken ? { sessionToken } : {}),
});

describe('SigV4 identity', () => {
  it('lets an issued key through with the right secret, and the authorizer sees the mapped action', async () => {
    const c = new S3Client({
      endpoint: sandbox.url,
      region,
      credentials: creds('AKIAS3READER0000001'),
      forcePathStyle: true,
    });
    const out = await c.send(new ListBucketsCommand({}));
    expect(out.Buckets).toEqual([]);
    expect(decisions.at(-1)).toEqual({
      action: 's3:ListAllMyBuckets',
      resources: ['*'],
      arn: 'arn:aws:iam::123456789012:user/s3-reader',
    });
    c.destroy();
  });

  it('refuses an issued key signed with the wrong secret: SignatureDoesNotMatch', async () => {
    const c = new IAMClient({
      endpoint: sandbox.url,
      region,
      credentials: creds('AKIAS3READER0000001', 'wrong'),
      maxAttempts: 1,
    });
    const err = await c.send(new GetUserCommand({})).catch((e) => e);
    expect(err.name).toBe('SignatureDoesNotMatch');
    expect(err.$metadata.httpStatusCode).toBe(403);
    c.destroy();
    const cli = await sandboxCli(sandbox.url, ['s3', 'ls'], {
      env: {
        AWS_ACCESS_KEY_ID: 'AKIAS3READER0000001',
        AWS_SECRET_ACCESS_KEY: 'wrong',
      },
    });
    expect(cli.stderr.trim()).toBe(
      'An error occurred (SignatureDoesNotMatch) when calling the ListBuckets operation: The request signature we calculated does not match the signature you provided. Check your key and signing method.',
    );
  });

  it('answers EC2 authentication failures with AuthFailure, as EC2 does', async () => {
    const bad = await sandboxCli(sandbox.url, ['ec2', 'describe-vpcs'], {
      env: {
        AWS_ACCESS_KEY_ID: 'AKIAS3READER0000001',
        AWS_SECRET_ACCESS_KEY: 'wrong',
      },
    });
    expect(bad.stderr.trim()).toBe(
      'An error occurred (AuthFailure) when calling the DescribeVpcs operation: AWS was not able to validate the provided access credentials',
    );
  });

  it('refuses an inactive key: InvalidClientTokenId', async () => {
    const c = new IAMClient({
      endpoint: sandbox.url,
      region,
      credentials: creds('AKIAINACTIVE0000001'),
      maxAttempts: 1,
    });
    const err = await c.send(new GetUserCommand({})).catch((e) => e);
    expect(err.name).toBe('InvalidClientTokenId');
    expect(err.message).toBe('The security token included in the request is invalid.');
    c.destroy();
  });

  it('needs the session token of session credentials', async () => {
    const good = new S3Client({
      endpoint: sandbox.url,
      region,
      credentials: creds('ASIASESSION00000001', undefined, 'the-session-token'),
      forcePathStyle: true,
    });
    await expect(good.send(new ListBucketsCommand({}))).resolves.toMatchObject({ Buckets: [] });
    const bad = new IAMClient({
      endpoint: sandbox.url,
      region,
      credentials: creds('ASIASESSION00000001', undefined, 'stolen'),
      maxAttempts: 1,
    });
    const err = await bad.send(new GetUserCommand({})).catch((e) => e);
    expect(err.name).toBe('InvalidClientTokenId');
    good.destroy();
    bad.destroy();
  });

  it('verifies presigned (query-string) signatures made by the CLI and the signer', async () => {
    const env = { AWS_ACCESS_KEY_ID: 'AKIAS3READER0000001', AWS_SECRET_ACCESS_KEY: 's3-reader-secret' };
    const presigned = await sandboxCli(
      sandbox.url,
      ['s3', 'presign', 's3://some-bucket/some/key.txt', '--expires-in', '300'],
      { env: env },
    );
    expect(presigned.code).toBe(0);
    const url = presigned.stdout.trim();
    expect(url).toContain('X-Amz-Signature=');
    // The signature checks out, so the request reaches S3's GetObject, which finds no such bucket.
    const ok = await fetch(url);
    expect(ok.status).toBe(404);
    expect(await ok.text()).toContain('<Code>NoSuchBucket</Code>');
    const tampered = await fetch(url.replace('some/key.txt', 'other/key.txt'));
    expect(tampered.status).toBe(403);
    expect(await tampered.text()).toContain('<Code>SignatureDoesNotMatch</Code>');

    const signer = new SignatureV4({
      credentials: creds('AKIAS3READER0000001'),
      region,
      service: 's3',
      sha256: Hash.bind(null, 'sha256'),
      uriEscapePath: false,
    });
    const host = new URL(sandbox.url).host;
    const signed = await signer.presign(
      {
        method: 'GET',
        protocol: 'http:',
        hostname: '127.0.0.1',
        path: '/',
        query: {},
        headers: { host, 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' },
      },
      {
        expiresIn: 300,
        unsignableHeaders: new Set(['x-amz-content-sha256']),
        unhoistableHeaders: new Set(['x-amz-content-sha256']),
      },
    );
    const qs = new URLSearchParams(signed.query as Record<string, string>).toString();
    const list = await fetch(`${sandbox.url}/?${qs}`);
    expect(list.status).toBe(200);
    expect(await list.text()).toContain('<ListAllMyBucketsResult');
  });

  it('refuses an expired presigned URL', async () => {
    const signer = new SignatureV4({
      credentials: creds('AKIAS3READER0000001'),
      region,
      service: 's3',
      sha256: Hash.bind(null, 'sha256'),
      uriEscapePath: false,
    });
    const host = new URL(sandbox.url).host;
    const signed = await signer.presign(
      { method: 'GET', protocol: 'http:', hostname: '127.0.0.1', path: '/', query: {}, headers: { host } },
      { expiresIn: 60, signingDate: new Date(Date.now() - 3_600_000) },
    );
    const res = await fetch(`${sandbox.url}/?${new URLSearchParams(signed.query as Record<string, string>)}`);
    expect(res.status).toBe(403);
    const text = await res.text();
    expect(text).toContain('<Code>AccessDenied</Code><Message>Request has expired</Message>');
  });

  it('lets any unknown key act as the account root without checking its secret', async () => {
    const cli = await sandboxCli(
      sandbox.url,
      ['iam', 'get-user', '--query', 'User.Arn', '--output', 'text'],
      {
        env: {
          AWS_ACCESS_KEY_ID: 'AKIAUNKNOWN02EXAMPLE',
          AWS_SECRET_ACCESS_KEY: 'anything',
        },
      },
    );
    expect(cli).toMatchObject({ code: 0, stdout: 'arn:aws:iam::123456789012:user/root\n' });
  });
});

describe('authorization errors per service', () => {
  const env = { AWS_ACCESS_KEY_ID: 'AKIAS3READER0000001', AWS_SECRET_ACCESS_KEY: 's3-reader-secret' };

  it('EC2: UnauthorizedOperation with the blog message', async () => {
    const c = new EC2Client({
      endpoint: sandbox.url,
      region,
      credentials: creds('AKIAS3READER0000001'),
      maxAttempts: 1,
    });
    const err = await c.send(new DescribeInstancesCommand({})).catch((e) => e);
    expect(err.name).toBe('UnauthorizedOperation');
    c.destroy();
    const cli = await sandboxCli(
      sandbox.url,
      ['ec2', 'describe-instances', '--instance-ids', 'i-0cdb696a00000737'],
      { env: env },
    );
    expect(cli.stderr.trim()).toBe(
      'An error occurred (UnauthorizedOperation) when calling the DescribeInstances operation: You are not authorized to perform this operation.',
    );
  });

  it('IAM: AccessDenied naming the principal, action and kind of denial', async () => {
    const cli = await sandboxCli(sandbox.url, ['iam', 'get-user', '--user-name', 'someone'], { env: env });
    expect(cli.stderr.trim()).toBe(
      'An error occurred (AccessDenied) when calling the GetUser operation: User: arn:aws:iam::123456789012:user/s3-reader is not authorized to perform: iam:GetUser with an explicit deny in an identity-based policy',
    );
    const c = new IAMClient({
      endpoint: sandbox.url,
      region,
      credentials: creds('AKIAS3READER0000001'),
      maxAttempts: 1,
    });
    const err = await c.send(new GetUserCommand({})).catch((e) => e);
    expect(err.name).toBe('AccessDenied');
    expect(err.$metadata.httpStatusCode).toBe(403);
    c.destroy();
  });

  it('S3: AccessDenied "Access Denied" as the blog shows', async () => {
    const cli = await sandboxCli(sandbox.url, ['s3', 'ls'], {
      env: {
        AWS_ACCESS_KEY_ID: 'ASIASESSION00000001',
        AWS_SECRET_ACCESS_KEY: 'session-secret',
        AWS_SESSION_TOKEN: 'the-session-token',
      },
    });
    expect(cli.code).toBe(0);
    decide = () => 'implicit-deny';
    const denied = await sandboxCli(sandbox.url, ['s3', 'ls'], { env: env });
    expect(denied.stderr.trim()).toBe(
      'An error occurred (AccessDenied) when calling the ListBuckets operation: Access Denied',
    );
    decide = testAuthorizer;
  });

  it('ctx.call acts as the same principal and is authorized like a direct call', async () => {
    const denied = await sandboxCli(
      sandbox.url,
      ['cloudformation', 'create-stack', '--stack-name', 'x', '--template-body', '{}'],
      { env: env },
    );
    expect(denied.stderr.trim()).toBe(
      'An error occurred (AccessDenied) when calling the CreateStack operation: Access Denied',
    );
    expect(decisions.slice(-2).map((d) => d.action)).toEqual([
      'cloudformation:CreateStack',
      's3:CreateBucket',
    ]);
    const asRoot = await sandboxCli(sandbox.url, [
      'cloudformation',
      'create-stack',
      '--stack-name',
      'x',
      '--template-body',
      '{}',
    ]);
    expect(asRoot.code).toBe(0);
  });
});
