import { CreateKeyPairCommand, EC2Client } from '@aws-sdk/client-ec2';
import { CreateAccessKeyCommand, CreateUserCommand, IAMClient } from '@aws-sdk/client-iam';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { CreateQueueCommand, SQSClient } from '@aws-sdk/client-sqs';
import { fuzz } from '@handson/test-support';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorContentType, type FuzzCase, type FuzzContext, fuzzCases, PROTOCOLS } from './fuzz-cases';
import { authorization, type RawRequest, type RawResponse, send } from './http';
import { figure, SCALE, scaled } from './scale';
import { privateSandbox, serviceState } from './world';

// Thousands of requests AWS would refuse, in every protocol, against a started sandbox over HTTP.
const RUNS_PER_PROTOCOL = scaled(400);

let world: Awaited<ReturnType<typeof privateSandbox>>;
let ctx: FuzzContext;
const tally = new Map<string, number>();

beforeAll(async () => {
  world = await privateSandbox('fuzz');
  const config = {
    endpoint: world.sandbox.url,
    region: 'ap-northeast-1',
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
  };
  const iam = new IAMClient(config);
  await iam.send(new CreateUserCommand({ UserName: 'fuzz-base' }));
  const key = await iam.send(new CreateAccessKeyCommand({ UserName: 'fuzz-base' }));
  const queue = await new SQSClient(config).send(new CreateQueueCommand({ QueueName: 'fuzz-queue' }));
  await new S3Client({ ...config, forcePathStyle: true }).send(
    new CreateBucketCommand({ Bucket: 'fuzz-bucket' }),
  );
  // EC2 makes the default VPC on first use: one real write first, so only the fuzz could change state later.
  await new EC2Client(config).send(new CreateKeyPairCommand({ KeyName: 'fuzz-base' }));
  ctx = { issuedKeyId: key.AccessKey!.AccessKeyId!, queueUrl: queue.QueueUrl!, bucket: 'fuzz-bucket' };
});
afterAll(async () => {
  const total = [...tally.values()].reduce((a, b) => a + b, 0);
  figure('bad input', { requests: total, kinds: tally.size });
  const byKind = new Map<string, number>();
  for (const [key, n] of tally) {
    const kind = key.slice(key.indexOf(' ') + 1);
    byKind.set(kind, (byKind.get(kind) ?? 0) + n);
  }
  for (const [kind, n] of [...byKind].sort()) figure(`bad input, ${kind}`, { requests: n });
  await world?.close();
});

/** What makes an answer an AWS error: status, content type, an error code and a request id. */
function awsShapeProblem(c: FuzzCase, res: RawResponse): string | undefined {
  if (res.status < 400 || res.status > 599) return `status ${res.status} for a request AWS refuses`;
  if (res.status === 500) return `500 InternalFailure: ${res.body.slice(0, 300)}`;
  const type = String(res.headers['content-type'] ?? '');
  if (!errorContentType(c.protocol).test(type)) return `content type '${type}'`;
  if (c.request.method === 'HEAD') return undefined;
  let code: string | undefined;
  if (c.protocol === 'sqs-json') {
    try {
      code = (JSON.parse(res.body) as { __type?: string }).__type;
    } catch {
      return `body is not JSON: ${res.body.slice(0, 200)}`;
    }
  } else {
    code = /<Code>([^<]+)<\/Code>/.exec(res.body)?.[1];
  }
  if (!code) return `no error code in ${res.body.slice(0, 200)}`;
  const requestId =
    res.headers['x-amzn-requestid'] ??
    res.headers['x-amz-request-id'] ??
    /<RequestI[dD]>([^<]+)<\/RequestI[dD]>/.exec(res.body)?.[1];
  if (!requestId) return `no request id (code ${code})`;
  return undefined;
}

async function healthy(): Promise<boolean> {
  const res = await send(world.sandbox.url, { method: 'GET', path: '/_sandbox/health', headers: {} });
  return res.status === 200 && JSON.parse(res.body).status === 'ok';
}

describe('the sandbox under bad input', () => {
  for (const protocol of PROTOCOLS) {
    it(
      `${protocol}: every malformed request gets an AWS-shaped error, the server stays up, state unchanged`,
      async () => {
        const before = serviceState(world.state());
        await fc.assert(
          fc.asyncProperty(fuzzCases(protocol, ctx), async (c) => {
            const res = await send(world.sandbox.url, c.request);
            tally.set(`${protocol} ${c.kind}`, (tally.get(`${protocol} ${c.kind}`) ?? 0) + 1);
            const problem = awsShapeProblem(c, res);
            if (problem) throw new Error(`${c.kind}: ${problem}`);
          }),
          fuzz(RUNS_PER_PROTOCOL, 20211128),
        );
        expect(await healthy()).toBe(true);
        expect(serviceState(world.state())).toEqual(before);
      },
      60_000 * SCALE,
    );
  }

  it('a foreign, unparsable or missing Host, or any Origin, is refused with a plain 403 before any work', async () => {
    const port = new URL(world.sandbox.url).port;
    const create = 'Action=CreateUser&Version=2010-05-08&UserName=fz-host';
    const hosts = [
      `evil.example:${port}`,
      `127.0.0.1.evil.example:${port}`,
      `localhost:${Number(port) + 1}`,
      '127.0.0.1',
      'a b',
      '[::1',
      `:${port}`,
      '\u00e9vil.example',
      'x'.repeat(300),
    ];
    const before = serviceState(world.state());
    const requests: RawRequest[] = [
      ...hosts.map((host) => ({
        method: 'POST',
        path: '/',
        headers: { host, 'content-type': 'application/x-www-form-urlencoded', ...authorization('iam') },
        body: create,
      })),
      ...['https://evil.example', 'null', `http://127.0.0.1:${port}`].map((origin) => ({
        method: 'POST',
        path: '/',
        headers: { origin, 'content-type': 'application/x-www-form-urlencoded', ...authorization('iam') },
        body: create,
      })),
    ];
    for (const request of requests) {
      const res = await send(world.sandbox.url, request);
      tally.set('http foreign Host or Origin', (tally.get('http foreign Host or Origin') ?? 0) + 1);
      expect(res.status, JSON.stringify(request.headers)).toBe(403);
      expect(res.headers['content-type']).toMatch(/^text\/plain/);
      expect(res.body.trimEnd().split('\n')).toHaveLength(1);
    }
    expect(await healthy()).toBe(true);
    expect(serviceState(world.state())).toEqual(before);
  });

  it('bodies over the 16 MiB limit get 413 in the protocol shape, and the connection is not left hanging', async () => {
    const big = Buffer.alloc(16 * 1024 * 1024 + 1, 0x61);
    const cases: FuzzCase[] = [
      {
        protocol: 'iam',
        kind: 'oversized',
        request: {
          method: 'POST',
          path: '/',
          headers: { 'content-type': 'application/x-www-form-urlencoded', ...authorization('iam') },
          body: Buffer.concat([Buffer.from('Action=CreateUser&Version=2010-05-08&UserName='), big]),
        },
      },
      {
        protocol: 'sqs-json',
        kind: 'oversized',
        request: {
          method: 'POST',
          path: '/',
          headers: {
            'content-type': 'application/x-amz-json-1.0',
            'x-amz-target': 'AmazonSQS.CreateQueue',
            ...authorization('sqs'),
          },
          body: big,
        },
      },
      {
        protocol: 's3',
        kind: 'oversized',
        request: { method: 'PUT', path: '/fz-oversized', headers: authorization('s3'), body: big },
      },
    ];
    const before = serviceState(world.state());
    for (const c of cases) {
      const res = await send(world.sandbox.url, c.request);
      tally.set(`${c.protocol} oversized`, 1);
      expect(awsShapeProblem(c, res), c.protocol).toBeUndefined();
      expect(res.status).toBe(413);
    }
    expect(await healthy()).toBe(true);
    expect(serviceState(world.state())).toEqual(before);
  });
});
