import {
  AttachUserPolicyCommand,
  CreateAccessKeyCommand,
  CreateUserCommand,
  IAMClient,
  ListUsersCommand,
} from '@aws-sdk/client-iam';
import { ListBucketsCommand, S3Client } from '@aws-sdk/client-s3';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import {
  SANDBOX_TEST_REGION as region,
  sandboxCli,
  SANDBOX_TEST_CREDENTIALS as testCredentials,
} from '@handson/test-support';
import { Hash } from '@smithy/hash-node';
import { SignatureV4 } from '@smithy/signature-v4';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningSandbox, startSandbox } from '../src/index.js';

/*
 * Query-string (presigned) authentication is what any web page can send (an <img src> is a GET), so it is
 * served only for a key the sandbox issued, with a signature that checks out, within its lifetime by the
 * real clock. Header signatures are held to AWS's 15-minute window by the real clock too.
 */

let sb: RunningSandbox;
let user: { accessKeyId: string; secretAccessKey: string };
const root = () => new IAMClient({ endpoint: sb.url, region, credentials: testCredentials });

beforeAll(async () => {
  sb = await startSandbox({ seed: 'presigned-auth' });
  const iam = root();
  await iam.send(new CreateUserCommand({ UserName: 'presigner' }));
  await iam.send(
    new AttachUserPolicyCommand({
      UserName: 'presigner',
      PolicyArn: 'arn:aws:iam::aws:policy/AdministratorAccess',
    }),
  );
  const key = await iam.send(new CreateAccessKeyCommand({ UserName: 'presigner' }));
  user = { accessKeyId: key.AccessKey!.AccessKeyId!, secretAccessKey: key.AccessKey!.SecretAccessKey! };
});
afterAll(() => sb?.close());

const amzDate = (ms = Date.now()) =>
  new Date(ms)
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');

/** A presigned URL as a page would write it: any key, signature all zeros. */
function madeUp(service: string, keyId: string, extra: Record<string, string>, path = '/'): string {
  const date = amzDate();
  const q = new URLSearchParams({
    ...extra,
    'X-Amz-Algorithm': 'AWS4-HMAC-SHA256',
    'X-Amz-Credential': `${keyId}/${date.slice(0, 8)}/${region}/${service}/aws4_request`,
    'X-Amz-Date': date,
    'X-Amz-Expires': '300',
    'X-Amz-SignedHeaders': 'host',
    'X-Amz-Signature': '0'.repeat(64),
  });
  return `${sb.url}${path}?${q}`;
}

async function presign(
  service: string,
  query: Record<string, string>,
  opts: { expiresIn?: number; signingDate?: Date; path?: string; withHost?: boolean } = {},
): Promise<string> {
  const signer = new SignatureV4({
    credentials: user,
    region,
    service,
    sha256: Hash.bind(null, 'sha256'),
    uriEscapePath: service !== 's3',
  });
  const host = new URL(sb.url).host;
  const signed = await signer.presign(
    {
      method: 'GET',
      protocol: 'http:',
      hostname: '127.0.0.1',
      path: opts.path ?? '/',
      query,
      headers: opts.withHost === false ? {} : { host },
    },
    { expiresIn: opts.expiresIn ?? 300, ...(opts.signingDate ? { signingDate: opts.signingDate } : {}) },
  );
  return `${sb.url}${opts.path ?? '/'}?${new URLSearchParams(signed.query as Record<string, string>)}`;
}

async function users(): Promise<string[]> {
  const out = await root().send(new ListUsersCommand({}));
  return (out.Users ?? []).map((u) => u.UserName ?? '');
}

const createUser = (name: string) => ({ Action: 'CreateUser', Version: '2010-05-08', UserName: name });

describe('presigned (query-string) requests', () => {
  it('an <img src>-style GET with made-up presign parameters creates nothing, whatever the key', async () => {
    for (const keyId of ['test', 'AKIAIOSFODNN7EXAMPLE', 'ASIAIOSFODNN7EXAMPLE', user.accessKeyId]) {
      const res = await fetch(madeUp('iam', keyId, createUser(`img-${keyId.slice(0, 4).toLowerCase()}`)));
      expect(res.status, keyId).toBe(403);
      const body = await res.text();
      const code = keyId === user.accessKeyId ? 'SignatureDoesNotMatch' : 'InvalidClientTokenId';
      expect(body, keyId).toContain(`<Code>${code}</Code>`);
    }
    const s3 = await fetch(madeUp('s3', 'AKIAIOSFODNN7EXAMPLE', {}, '/img-bucket'), { method: 'PUT' });
    expect(s3.status).toBe(403);
    expect(await s3.text()).toContain('<Code>InvalidAccessKeyId</Code>');
    const ec2 = await fetch(
      madeUp('ec2', 'test', { Action: 'CreateVpc', Version: '2016-11-15', CidrBlock: '10.1.0.0/16' }),
    );
    expect(ec2.status).toBe(401);
    expect(await ec2.text()).toContain('<Code>AuthFailure</Code>');
    expect((await users()).filter((u) => u.startsWith('img-'))).toEqual([]);
    const buckets = await new S3Client({
      endpoint: sb.url,
      region,
      credentials: testCredentials,
      forcePathStyle: true,
    }).send(new ListBucketsCommand({}));
    expect(buckets.Buckets ?? []).toEqual([]);
  });

  it('serves a presign from an issued key that checks out, and refuses it once tampered with', async () => {
    const url = await presign('iam', createUser('made-by-presign'));
    expect((await fetch(url)).status).toBe(200);
    expect(await users()).toContain('made-by-presign');
    const tampered = await fetch(url.replace('made-by-presign', 'made-by-tampering'));
    expect(tampered.status).toBe(403);
    expect(await tampered.text()).toContain('<Code>SignatureDoesNotMatch</Code>');
    expect(await users()).not.toContain('made-by-tampering');
  });

  it('refuses X-Amz-Expires over 604800 (made by the AWS CLI) with S3 error, not a 500', async () => {
    const env = { AWS_ACCESS_KEY_ID: user.accessKeyId, AWS_SECRET_ACCESS_KEY: user.secretAccessKey };
    const week = await sandboxCli(
      sb.url,
      ['s3', 'presign', 's3://any-bucket/any-key', '--expires-in', '604801'],
      { env: env },
    );
    expect(week.code, week.stderr).toBe(0);
    const res = await fetch(week.stdout.trim());
    expect(res.status).toBe(400);
    const body = await res.text();
    expect(body).toContain('<Code>AuthorizationQueryParametersError</Code>');
    expect(body).toContain('must be less than 604800 seconds');
    for (const expires of ['0', '-5', '1.5', 'abc', '999999999999999999999']) {
      const url = new URL(await presign('iam', createUser('never')));
      url.searchParams.set('X-Amz-Expires', expires);
      const r = await fetch(url);
      expect(r.status, expires).toBe(400);
      expect(await r.text(), expires).toContain('<Code>AuthorizationQueryParametersError</Code>');
    }
    expect(await users()).not.toContain('never');
  });

  it('judges expiry by the real clock, not the sandbox clock the labs move', async () => {
    const signedAt = new Date(Date.now() - 2 * 3_600_000);
    sb.clock.set(new Date(signedAt.getTime() + 60_000));
    try {
      const expired = await presign('s3', {}, { expiresIn: 3600, signingDate: signedAt });
      const res = await fetch(expired);
      expect(res.status).toBe(403);
      expect(await res.text()).toContain('<Code>AccessDenied</Code><Message>Request has expired</Message>');
      // IAM ignores X-Amz-Expires: 15 minutes from X-Amz-Date, as for a header signature.
      const iam = await fetch(
        await presign('iam', createUser('too-late'), { expiresIn: 604800, signingDate: signedAt }),
      );
      expect(iam.status).toBe(403);
      expect(await iam.text()).toMatch(
        /<Code>SignatureDoesNotMatch<\/Code>\s*<Message>Signature expired: \d{8}T\d{6}Z is now earlier than/,
      );
    } finally {
      sb.clock.resume();
      sb.clock.set(new Date());
    }
    expect(await users()).not.toContain('too-late');
  });

  it('needs the host header among the signed headers of an issued key', async () => {
    const url = await presign('iam', createUser('no-host'), { withHost: false });
    expect(new URL(url).searchParams.get('X-Amz-SignedHeaders')).not.toContain('host');
    const res = await fetch(url);
    expect(res.status).toBe(403);
    expect(await res.text()).toContain('<Code>IncompleteSignature</Code>');
    expect(await users()).not.toContain('no-host');
  });
});

describe('header signatures', () => {
  it('are refused outside 15 minutes of the real clock, as each service words it', async () => {
    const skewed = { endpoint: sb.url, region, maxAttempts: 1, systemClockOffset: -20 * 60_000 };
    const iam = await new IAMClient({ ...skewed, credentials: user })
      .send(new CreateUserCommand({ UserName: 'skewed' }))
      .catch((e: Error) => e);
    expect((iam as Error).name).toBe('SignatureDoesNotMatch');
    expect((iam as Error).message).toMatch(
      /^Signature expired: \d{8}T\d{6}Z is now earlier than \d{8}T\d{6}Z \(\d{8}T\d{6}Z - 15 min\.\)$/,
    );
    const s3 = await new S3Client({ ...skewed, credentials: testCredentials, forcePathStyle: true })
      .send(new ListBucketsCommand({}))
      .catch((e: Error) => e);
    expect((s3 as Error).name).toBe('RequestTimeTooSkewed');
    expect(await users()).not.toContain('skewed');
  });

  it("refuse a made-up session token on a user's long-term key: InvalidClientTokenId", async () => {
    const c = new STSClient({
      endpoint: sb.url,
      region,
      maxAttempts: 1,
      credentials: { ...user, sessionToken: 'made-up-token' },
    });
    const err = (await c.send(new GetCallerIdentityCommand({})).catch((e: Error) => e)) as Error;
    expect(err.name).toBe('InvalidClientTokenId');
    const cli = await sandboxCli(sb.url, ['sts', 'get-caller-identity'], {
      env: {
        AWS_ACCESS_KEY_ID: user.accessKeyId,
        AWS_SECRET_ACCESS_KEY: user.secretAccessKey,
        AWS_SESSION_TOKEN: 'made-up-token',
      },
    });
    expect(cli.stderr).toContain('(InvalidClientTokenId)');
  });
});
