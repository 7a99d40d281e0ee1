import fc from 'fast-check';
import { authorization, type RawRequest } from './http';

/*
 * Requests every one of which AWS would refuse, in each wire protocol the sandbox speaks. Each starts from a
 * well-formed mutating call and breaks it one way: a required member dropped, the body cut short, a bad
 * percent escape, raw bytes that are not UTF-8, a value too long or of the wrong type, an unknown action, no
 * signature, a garbled Authorization header, a made-up signature for a key the sandbox issued, the wrong
 * content type. Mutating calls, so a refusal that still changed something shows in the persisted state.
 */

export type Protocol = 'iam' | 'sts' | 'cloudformation' | 'sqs-query' | 'ec2' | 'sqs-json' | 's3';
export const PROTOCOLS: Protocol[] = ['iam', 'sts', 'cloudformation', 'sqs-query', 'ec2', 'sqs-json', 's3'];

export interface FuzzCase {
  protocol: Protocol;
  kind: string;
  request: RawRequest;
}

export interface FuzzContext {
  /** An access key the sandbox issued, so its signatures are checked. */
  issuedKeyId: string;
  queueUrl: string;
  bucket: string;
}

type Params = [string, string][];
interface Call {
  action: string;
  version: string;
  /** Optional members first, required ones last (so a cut body always loses a required member). */
  params: Params;
  required: string[];
}

const SIGNING_NAME: Record<Protocol, string> = {
  iam: 'iam',
  sts: 'sts',
  cloudformation: 'cloudformation',
  'sqs-query': 'sqs',
  ec2: 'ec2',
  'sqs-json': 'sqs',
  s3: 's3',
};

const name = fc.stringMatching(/^[A-Za-z0-9-]{1,20}$/);

function calls(protocol: Protocol, ctx: FuzzContext): fc.Arbitrary<Call> {
  switch (protocol) {
    case 'iam':
      return fc.oneof(
        name.map((n) => call('CreateUser', '2010-05-08', [['UserName', `fz-${n}`]])),
        name.map((n) => call('CreateGroup', '2010-05-08', [['GroupName', `fz-${n}`]])),
        name.map((n) =>
          call('AttachUserPolicy', '2010-05-08', [
            ['UserName', 'fuzz-base'],
            ['PolicyArn', `arn:aws:iam::aws:policy/${n}`],
          ]),
        ),
      );
    case 'sts':
      return name.map((n) =>
        call('AssumeRole', '2011-06-15', [
          ['RoleArn', `arn:aws:iam::123456789012:role/fz-${n}`],
          ['RoleSessionName', n],
        ]),
      );
    case 'cloudformation':
      return name.map((n) =>
        call(
          'CreateStack',
          '2010-05-15',
          [
            ['TemplateBody', '{"Resources":{"Q":{"Type":"AWS::SQS::Queue"}}}'],
            ['StackName', `fz-${n}`],
          ],
          ['StackName'],
        ),
      );
    case 'sqs-query':
      return fc.oneof(
        name.map((n) => call('CreateQueue', '2012-11-05', [['QueueName', `fz-${n}`]])),
        name.map((n) =>
          call('SendMessage', '2012-11-05', [
            ['QueueUrl', ctx.queueUrl],
            ['MessageBody', n],
          ]),
        ),
      );
    case 'ec2':
      return fc.oneof(
        name.map((n) => call('CreateKeyPair', '2016-11-15', [['KeyName', `fz-${n}`]])),
        fc.constant(call('CreateVpc', '2016-11-15', [['CidrBlock', '10.9.0.0/16']])),
        name.map((n) =>
          call('CreateSecurityGroup', '2016-11-15', [
            ['GroupDescription', n],
            ['GroupName', `fz-${n}`],
          ]),
        ),
      );
    default:
      throw new Error(`no query calls for ${protocol}`);
  }
}

function call(action: string, version: string, params: Params, required = params.map(([k]) => k)): Call {
  return { action, version, params, required };
}

const enc = (p: Params) => p.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&');
const FORM = 'application/x-www-form-urlencoded; charset=utf-8';

function queryRequest(body: string | Buffer, headers: Record<string, string>, path = '/') {
  return { method: 'POST', path, headers: { 'content-type': FORM, ...headers }, body };
}

/** Names every JavaScript object has as properties: to AWS ordinary names, here of entities that do not exist. */
const prototypeName = fc.constantFrom('constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf');

/**
 * A presigned GET as any web page can write it (an <img src>): presign parameters for a made-up or issued
 * key with an all-zero signature. Never served: unknown keys are refused, issued keys' signatures checked.
 */
function madeUpPresign(service: string, keyId: string, params: Params, path = '/'): RawRequest {
  const date = new Date()
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
  const presign: Params = [
    ['X-Amz-Algorithm', 'AWS4-HMAC-SHA256'],
    ['X-Amz-Credential', `${keyId}/${date.slice(0, 8)}/ap-northeast-1/${service}/aws4_request`],
    ['X-Amz-Date', date],
    ['X-Amz-Expires', '300'],
    ['X-Amz-SignedHeaders', 'host'],
    ['X-Amz-Signature', '0'.repeat(64)],
  ];
  return { method: 'GET', path: `${path}?${enc([...params, ...presign])}`, headers: {} };
}

const presignKey = (ctx: FuzzContext) => fc.constantFrom('test', 'AKIAIOSFODNN7EXAMPLE', ctx.issuedKeyId);

/** Calls naming an entity by a prototype property name, none of which exists: each must be refused. */
function prototypeNameCalls(protocol: Protocol): fc.Arbitrary<Call> | undefined {
  if (protocol === 'iam') {
    return fc.tuple(prototypeName, fc.nat(3)).map(([n, i]) => {
      const doc = '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"}]}';
      const calls: Call[] = [
        call('GetUser', '2010-05-08', [['UserName', n]]),
        call('PutUserPolicy', '2010-05-08', [
          ['UserName', n],
          ['PolicyName', n],
          ['PolicyDocument', doc],
        ]),
        call('AddUserToGroup', '2010-05-08', [
          ['UserName', 'fuzz-base'],
          ['GroupName', n],
        ]),
        call('DeleteUserPolicy', '2010-05-08', [
          ['UserName', 'fuzz-base'],
          ['PolicyName', n],
        ]),
      ];
      return calls[i % calls.length]!;
    });
  }
  if (protocol === 'ec2') {
    return fc
      .tuple(prototypeName, fc.boolean())
      .map(([n, keys]) =>
        keys
          ? call('DescribeKeyPairs', '2016-11-15', [['KeyName.1', n]])
          : call('DescribeSecurityGroups', '2016-11-15', [['GroupName.1', n]]),
      );
  }
  if (protocol === 'sts') {
    return prototypeName.map((n) =>
      call('AssumeRole', '2011-06-15', [
        ['RoleArn', `arn:aws:iam::123456789012:role/${n}`],
        ['RoleSessionName', 'fz'],
      ]),
    );
  }
  return undefined;
}

/** Breaks one query-protocol call (awsQuery or EC2 query). */
function brokenQuery(protocol: Protocol, ctx: FuzzContext): fc.Arbitrary<FuzzCase> {
  const svc = SIGNING_NAME[protocol];
  const auth = authorization(svc);
  const head = (c: Call): Params => [
    ['Action', c.action],
    ['Version', c.version],
  ];
  const full = (c: Call) => [...head(c), ...c.params];
  const make = (kind: string, request: RawRequest): FuzzCase => ({ protocol, kind, request });
  const protoCalls = prototypeNameCalls(protocol);
  return fc.oneof(
    fc.tuple(calls(protocol, ctx), fc.nat()).map(([c, i]) => {
      const drop = c.required[i % c.required.length]!;
      return make('missing required member', queryRequest(enc(full(c).filter(([k]) => k !== drop)), auth));
    }),
    fc.tuple(calls(protocol, ctx), fc.nat()).map(([c, i]) => {
      const text = enc(full(c));
      // Cut before the last required member's value starts: the member is lost or misnamed.
      const last = c.required.at(-1)!;
      const limit = text.lastIndexOf(`${encodeURIComponent(last)}=`) + encodeURIComponent(last).length;
      return make('truncated body', queryRequest(text.slice(0, i % (limit + 1)), auth));
    }),
    fc
      .tuple(calls(protocol, ctx), fc.constantFrom('%', '%Z', '%4', '%G1', '%%'))
      .map(([c, bad]) =>
        make('malformed percent-encoding', queryRequest(enc(full(c)), auth, `/?Junk=${bad}`)),
      ),
    fc
      .tuple(calls(protocol, ctx), fc.constantFrom('%FF', '%C3%28', '%E2%82', '%ED%A0%80'))
      .map(([c, bad]) => make('percent-encoded invalid UTF-8', queryRequest(`${enc(full(c))}${bad}`, auth))),
    fc.tuple(calls(protocol, ctx), fc.uint8Array({ minLength: 1, maxLength: 8 })).map(([c, junk]) => {
      // Raw bytes that are not UTF-8 in place of a name (lone continuation and 0xF8-0xFF bytes).
      const bad = Buffer.from([...junk].map((b) => 0x80 | (b & 0x3f)).concat([0xff]));
      const params = c.params.map(([k, v]) =>
        k === c.required.at(-1) ? `${k}=` : `${k}=${encodeURIComponent(v)}`,
      );
      const prefix = [`Action=${c.action}`, `Version=${c.version}`, ...params].join('&');
      return make('raw invalid UTF-8', queryRequest(Buffer.concat([Buffer.from(prefix), bad]), auth));
    }),
    fc
      .tuple(fc.stringMatching(/^[A-Z][A-Za-z]{2,30}$/), fc.constantFrom('2010-05-08', '2016-11-15'))
      .map(([action, version]) =>
        make(
          'unknown action',
          queryRequest(
            enc([
              ['Action', `Fz${action}`],
              ['Version', version],
            ]),
            auth,
          ),
        ),
      ),
    calls(protocol, ctx).map((c) => make('unsigned', queryRequest(enc(full(c)), {}))),
    fc
      .tuple(calls(protocol, ctx), fc.stringMatching(/^[ -~]{0,120}$/))
      .map(([c, junk]) =>
        make(
          'garbled Authorization',
          queryRequest(enc(full(c)), { authorization: `AWS4-HMAC-SHA256 ${junk}` }),
        ),
      ),
    fc
      .tuple(calls(protocol, ctx), fc.stringMatching(/^[0-9a-f]{64}$/))
      .map(([c, sig]) =>
        make('wrong signature', queryRequest(enc(full(c)), authorization(svc, ctx.issuedKeyId, sig))),
      ),
    fc
      .tuple(calls(protocol, ctx), fc.constantFrom('text/plain', 'application/json', 'application/xml'))
      .map(([c, type]) =>
        make('wrong content type', queryRequest(enc(full(c)), { ...auth, 'content-type': type })),
      ),
    fc
      .tuple(calls(protocol, ctx), presignKey(ctx))
      .map(([c, key]) => make('made-up presign', madeUpPresign(svc, key, full(c)))),
    ...(protoCalls
      ? [protoCalls.map((c) => make('prototype property as a name', queryRequest(enc(full(c)), auth)))]
      : []),
  );
}

const SQS_JSON = 'application/x-amz-json-1.0';

/** An SQS JSON-protocol request for `op`, signed with `headers` unless told otherwise. */
function sqsJsonRequest(op: string, body: string | Buffer, headers: Record<string, string>, type = SQS_JSON) {
  return {
    method: 'POST',
    path: '/',
    headers: {
      'content-type': type,
      'x-amz-target': `AmazonSQS.${op}`,
      'x-amzn-query-mode': 'true',
      ...headers,
    },
    body,
  };
}

type SqsCall = { op: string; input: Record<string, unknown> };
const sqsCase = (kind: string, request: RawRequest): FuzzCase => ({ protocol: 'sqs-json', kind, request });

/** Valid calls the cases start from: CreateQueue, or SendMessage to the context's queue. */
function goodSqsCalls(ctx: FuzzContext): fc.Arbitrary<SqsCall> {
  return fc.oneof(
    name.map((n) => ({ op: 'CreateQueue', input: { QueueName: `fz-${n}` } as Record<string, unknown> })),
    name.map((n) => ({
      op: 'SendMessage',
      input: { QueueUrl: ctx.queueUrl, MessageBody: n } as Record<string, unknown>,
    })),
  );
}

/** Valid calls with a broken body: cut short, a member of the wrong type or missing, bytes that are not UTF-8. */
function brokenSqsBodies(ctx: FuzzContext, good: fc.Arbitrary<SqsCall>): fc.Arbitrary<FuzzCase>[] {
  const req = (op: string, body: string | Buffer) => sqsJsonRequest(op, body, authorization('sqs'));
  const wrongValue = fc.oneof(
    fc.integer(),
    fc.boolean(),
    fc.constant(null),
    fc.array(fc.string(), { maxLength: 3 }),
    fc.dictionary(fc.string({ maxLength: 5 }), fc.string({ maxLength: 5 }), { maxKeys: 3 }),
  );
  return [
    fc.tuple(good, fc.nat()).map(([g, i]) => {
      const text = JSON.stringify(g.input);
      return sqsCase('truncated JSON', req(g.op, text.slice(0, i % text.length)));
    }),
    fc.tuple(good, wrongValue).map(([g, v]) => {
      const key = g.op === 'CreateQueue' ? 'QueueName' : 'MessageBody';
      return sqsCase('wrong member type', req(g.op, JSON.stringify({ ...g.input, [key]: v })));
    }),
    good.map((g) => {
      const { QueueName: _q, MessageBody: _m, ...rest } = g.input;
      return sqsCase('missing required member', req(g.op, JSON.stringify(rest)));
    }),
    fc
      .tuple(good, fc.uint8Array({ minLength: 1, maxLength: 64 }))
      .map(([g, junk]) =>
        sqsCase('random bytes body', req(g.op, Buffer.concat([Buffer.from([0xff]), Buffer.from(junk)]))),
      ),
    fc.tuple(good, fc.uint8Array({ minLength: 1, maxLength: 8 })).map(([g, junk]) => {
      const bad = Buffer.from([...junk].map((b) => 0x80 | (b & 0x3f)));
      const key = g.op === 'CreateQueue' ? 'QueueName' : 'QueueUrl';
      const text = JSON.stringify({ ...g.input, [key]: '@@' });
      const at = text.indexOf('@@');
      return sqsCase(
        'invalid UTF-8 in a string',
        req(g.op, Buffer.concat([Buffer.from(text.slice(0, at)), bad, Buffer.from(text.slice(at + 2))])),
      );
    }),
    fc.uint8Array({ minLength: 1, maxLength: 8 }).map((junk) => {
      // A message the queue would accept, but for bytes that are not UTF-8 (stored as U+FFFD if decoded).
      const bad = Buffer.from([...junk].map((b) => 0x80 | (b & 0x3f)));
      const text = JSON.stringify({ QueueUrl: ctx.queueUrl, MessageBody: 'x@@x' });
      const at = text.indexOf('@@');
      return sqsCase(
        'invalid UTF-8 in a message body',
        req(
          'SendMessage',
          Buffer.concat([Buffer.from(text.slice(0, at)), bad, Buffer.from(text.slice(at + 2))]),
        ),
      );
    }),
  ];
}

/** Well-formed bodies with the rest wrong: an unknown target, no or a wrong signature, another content type. */
function brokenSqsEnvelopes(ctx: FuzzContext, good: fc.Arbitrary<SqsCall>): fc.Arbitrary<FuzzCase>[] {
  const auth = authorization('sqs');
  return [
    fc
      .stringMatching(/^[A-Z][A-Za-z]{2,30}$/)
      .map((op) => sqsCase('unknown target', sqsJsonRequest(`Fz${op}`, '{}', auth))),
    good.map((g) => sqsCase('unsigned', sqsJsonRequest(g.op, JSON.stringify(g.input), {}))),
    fc
      .tuple(good, fc.stringMatching(/^[0-9a-f]{64}$/))
      .map(([g, sig]) =>
        sqsCase(
          'wrong signature',
          sqsJsonRequest(g.op, JSON.stringify(g.input), authorization('sqs', ctx.issuedKeyId, sig)),
        ),
      ),
    fc
      .tuple(good, fc.constantFrom('text/plain', 'application/xml', 'multipart/form-data'))
      .map(([g, type]) =>
        sqsCase('wrong content type', sqsJsonRequest(g.op, JSON.stringify(g.input), auth, type)),
      ),
  ];
}

function sqsJson(ctx: FuzzContext): fc.Arbitrary<FuzzCase> {
  const good = goodSqsCalls(ctx);
  return fc.oneof(...brokenSqsBodies(ctx, good), ...brokenSqsEnvelopes(ctx, good));
}

function s3(ctx: FuzzContext): fc.Arbitrary<FuzzCase> {
  const auth = authorization('s3');
  const make = (kind: string, request: RawRequest): FuzzCase => ({ protocol: 's3', kind, request });
  const put = (bucket: string, body?: string, headers: Record<string, string> = auth) => ({
    method: 'PUT',
    path: `/${bucket}`,
    headers: { 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD', ...headers },
    body,
  });
  const config =
    '<CreateBucketConfiguration xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><LocationConstraint>ap-northeast-1</LocationConstraint></CreateBucketConfiguration>';
  return fc.oneof(
    fc
      .oneof(
        fc.stringMatching(/^[A-Z][A-Za-z0-9]{2,20}$/),
        fc.stringMatching(/^[a-z0-9]{1,10}_[a-z0-9]{1,10}$/),
        fc.stringMatching(/^[a-z0-9]{1,2}$/),
        fc.stringMatching(/^[a-z0-9]{64,80}$/),
        fc.stringMatching(/^-[a-z0-9]{3,10}$/),
      )
      .map((b) => make('invalid bucket name', put(b))),
    fc
      .tuple(name, fc.nat())
      .map(([n, i]) =>
        make(
          'truncated XML body',
          put(`fz-${n.toLowerCase()}`, config.slice(0, 1 + (i % (config.length - 2)))),
        ),
      ),
    name.map((n) => make('unsigned', put(`fz-${n.toLowerCase()}`, undefined, {}))),
    fc
      .tuple(name, fc.stringMatching(/^[0-9a-f]{64}$/))
      .map(([n, sig]) =>
        make(
          'wrong signature',
          put(`fz-${n.toLowerCase()}`, undefined, authorization('s3', ctx.issuedKeyId, sig)),
        ),
      ),
    name.map((n) =>
      make('delete of a missing bucket', {
        method: 'DELETE',
        path: `/fz-${n.toLowerCase()}-none`,
        headers: auth,
      }),
    ),
    fc
      .constantFrom('PATCH', 'POST')
      .map((m) =>
        make('unsupported method', { method: m, path: `/${ctx.bucket}`, headers: auth, body: 'x' }),
      ),
    fc
      .tuple(name, presignKey(ctx))
      .map(([n, key]) =>
        make('made-up presign', { ...madeUpPresign('s3', key, [], `/fz-${n.toLowerCase()}`), method: 'PUT' }),
      ),
    fc
      .constantFrom('constructor', 'tostring', 'hasownproperty', 'valueof')
      .map((b) => make('prototype property as a name', { method: 'DELETE', path: `/${b}`, headers: auth })),
  );
}

export function fuzzCases(protocol: Protocol, ctx: FuzzContext): fc.Arbitrary<FuzzCase> {
  if (protocol === 'sqs-json') return sqsJson(ctx);
  if (protocol === 's3') return s3(ctx);
  return brokenQuery(protocol, ctx);
}

/** Content type of an error in each protocol. */
export function errorContentType(protocol: Protocol): RegExp {
  if (protocol === 'sqs-json') return /^application\/x-amz-json-1\.0$/;
  if (protocol === 's3') return /^application\/xml$/;
  return /^text\/xml(;charset=UTF-8)?$/;
}
