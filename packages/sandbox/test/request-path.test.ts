import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { GetUserCommand, IAMClient } from '@aws-sdk/client-iam';
import { describe, expect, it } from 'vitest';
import { AwsError, type CompletedRequest, type ServiceDefinition, startSandbox } from '../src/index.js';
import { awsJson } from '../src/protocols/json.js';
import { loadModel } from '../src/protocols/models.js';
import { awsQuery, ec2Query } from '../src/protocols/query.js';
import { restJson } from '../src/protocols/rest-json.js';
import { restXml } from '../src/protocols/rest-xml.js';
import type { WireRequest } from '../src/protocols/wire.js';
import { route } from '../src/server/route.js';
import { serviceDefinitions } from '../src/services/index.js';
import { fakeIam } from './support/fake-services.js';

/* The request path's pieces on their own: the explicit service list, route() and the codecs it picks. */

const servicesDir = join(__dirname, '..', 'src', 'services');

describe('the service list', () => {
  it('names the descriptor of every service folder, once', async () => {
    const folders = readdirSync(servicesDir, { withFileTypes: true }).filter((d) => d.isDirectory());
    expect(serviceDefinitions).toHaveLength(folders.length);
    for (const folder of folders) {
      const mod = (await import(join(servicesDir, folder.name, 'index.ts'))) as {
        service: ServiceDefinition;
      };
      expect(serviceDefinitions, folder.name).toContain(mod.service);
    }
    const names = serviceDefinitions.map((d) => d.name);
    expect(new Set(names).size).toBe(names.length);
  });

  it("gives every listed service its protocols and a model that has its operations (the sandbox's own aside)", async () => {
    for (const def of serviceDefinitions) {
      expect(def.protocols.length, def.name).toBeGreaterThan(0);
      const model = await loadModel(def);
      const modelled = Object.keys(def.operations).filter((op) => !op.startsWith('Sandbox'));
      expect(
        modelled.filter((op) => !model.operations.has(op)),
        def.name,
      ).toEqual([]);
    }
  });

  it('carries the hooks on the services that own them', () => {
    const byName = new Map(serviceDefinitions.map((d) => [d.name, d]));
    expect(typeof byName.get('iam')?.credentials).toBe('function');
    expect(typeof byName.get('iam')?.authorizer).toBe('function');
    expect(typeof byName.get('sts')?.credentials).toBe('function');
    expect(typeof byName.get('cloudtrail')?.observer).toBe('function');
    const withAuthorizer = serviceDefinitions.filter((d) => d.authorizer).map((d) => d.name);
    expect(withAuthorizer).toEqual(['iam']);
  });
});

const DAY = '20260101';
function wire(over: Partial<WireRequest> & { service?: string }): WireRequest {
  const { service, ...rest } = over;
  const headers: WireRequest['headers'] = { host: '127.0.0.1:4580', ...(rest.headers ?? {}) };
  if (service) {
    headers.authorization = `AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/${DAY}/us-east-1/${service}/aws4_request, SignedHeaders=host;x-amz-date, Signature=${'0'.repeat(64)}`;
    headers['x-amz-date'] = `${DAY}T000000Z`;
  }
  return {
    method: 'POST',
    rawPath: '/',
    query: [],
    body: Buffer.alloc(0),
    endpoint: new URL('http://127.0.0.1:4580'),
    ...rest,
    headers,
  };
}
const form = (text: string) => ({
  headers: { 'content-type': 'application/x-www-form-urlencoded' },
  body: Buffer.from(text),
});

/** The sandbox's own services, by signing name, as a sandbox serving all of them hands them to route(). */
const served = new Map(serviceDefinitions.map((d) => [d.name, d]));

describe('route()', () => {
  it('picks the codec and finds service and operation for each protocol', async () => {
    const json = await route(
      wire({ headers: { 'x-amz-target': 'AmazonSQS.SendMessage' }, service: 'sqs' }),
      served,
    );
    expect(json).toMatchObject({ codec: awsJson, info: { name: 'sqs' }, operation: 'SendMessage' });
    const ec2 = await route(wire({ service: 'ec2', ...form('Action=DescribeVpcs') }), served);
    expect(ec2).toMatchObject({ codec: ec2Query, info: { name: 'ec2' }, operation: 'DescribeVpcs' });
    const iam = await route(wire({ ...form('Action=ListUsers&Version=2010-05-08') }), served);
    expect(iam).toMatchObject({ codec: awsQuery, info: { name: 'iam' }, operation: 'ListUsers' });
    const s3 = await route(wire({ method: 'GET', rawPath: '/bucket', service: 's3' }), served);
    expect(s3).toMatchObject({ codec: restXml, info: { name: 's3' }, operation: 'ListObjects' });
    const unsigned = await route(wire({ method: 'GET' }), served);
    expect(unsigned).toMatchObject({ codec: restXml, info: { name: 's3' }, operation: 'ListBuckets' });
    const guru = await route(
      wire({ method: 'GET', rawPath: '/insights/abc', service: 'devops-guru' }),
      served,
    );
    expect(guru).toMatchObject({
      codec: restJson,
      info: { name: 'devops-guru' },
      operation: 'DescribeInsight',
    });
    for (const r of [json, ec2, iam, s3, unsigned, guru]) expect(r.refusal).toBeUndefined();
  });

  it('returns a refusal in the codec the client spoke, with what it found before it', async () => {
    const target = await route(wire({ headers: { 'x-amz-target': 'Nope.Op' } }), served);
    expect(target.codec).toBe(awsJson);
    expect(target.info).toBeUndefined();
    expect((target.refusal as AwsError).code).toBe('UnknownOperationException');

    const unknown = await route(wire({ service: 'nope', ...form('Action=X') }), served);
    expect(unknown.codec).toBe(awsQuery);
    expect((unknown.refusal as AwsError).code).toBe('InvalidAction');

    const s3 = await route(wire({ method: 'PATCH', rawPath: '/bucket', service: 's3' }), served);
    expect(s3).toMatchObject({ codec: restXml, info: { name: 's3' } });
    expect(s3.refusal).toMatchObject({ code: 'NotImplemented', status: 501 });

    // The body is refused before the model is needed: the service is known, its model not loaded.
    const media = await route(
      wire({
        service: 'iam',
        headers: { 'content-type': 'text/plain' },
        body: Buffer.from('Action=ListUsers'),
      }),
      served,
    );
    expect(media).toMatchObject({ codec: awsQuery, info: { name: 'iam' } });
    expect(media.model).toBeUndefined();
    expect((media.refusal as AwsError).status).toBe(415);

    const guru = await route(
      wire({ method: 'GET', rawPath: '/nothing/here', service: 'devops-guru' }),
      served,
    );
    expect(guru.codec).toBe(restJson);
    expect(guru.refusal).toMatchObject({ code: 'UnknownOperationException', status: 404 });
  });

  it('leaves the request as it found it', async () => {
    const req = wire({ service: 'iam', ...form('Action=GetUser&UserName=a'), query: [['x', '1']] });
    const snapshot = () =>
      JSON.stringify({ ...req, body: req.body.toString('base64'), endpoint: req.endpoint.href });
    const before = snapshot();
    await route(req, served);
    expect(snapshot()).toBe(before);
  });
});

describe('codecs', () => {
  it('answer a missing or unknown operation as their protocol does', () => {
    expect(awsJson.unknownOperation(undefined).code).toBe('UnknownOperationException');
    expect(awsJson.unknownOperation('Nope').code).toBe('UnknownOperationException');
    for (const codec of [awsQuery, ec2Query, restXml, restJson]) {
      expect(codec.unknownOperation(undefined).code, codec.protocol).toBe('MissingAction');
      expect(codec.unknownOperation('Nope').message, codec.protocol).toBe(
        'The action Nope is not valid for this web service.',
      );
    }
  });

  it('write the same error in five document shapes', () => {
    const err = new AwsError('Throttling', 'Rate exceeded');
    const ctx = { requestId: 'req-1' };
    const types = [awsJson, awsQuery, ec2Query, restXml, restJson].map(
      (c) => c.encodeError(err, ctx).headers['content-type'],
    );
    expect(types).toEqual([
      'application/x-amz-json-1.0',
      'text/xml',
      'text/xml;charset=UTF-8',
      'application/xml',
      'application/json',
    ]);
  });
});

describe('hooks belong to the sandbox that serves them', () => {
  it("one sandbox's observer never sees another sandbox's requests", async () => {
    const seen: CompletedRequest[] = [];
    const watched = await startSandbox({
      discover: false,
      services: [{ ...fakeIam, observer: (_s, r) => seen.push(r) }],
    });
    const plain = await startSandbox({ discover: false, services: [fakeIam] });
    try {
      for (const sb of [plain, watched]) {
        const iam = new IAMClient({
          endpoint: sb.url,
          region: 'us-east-1',
          credentials: { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'x' },
          maxAttempts: 1,
        });
        await iam.send(new GetUserCommand({ UserName: sb === plain ? 'plain' : 'watched' }));
        iam.destroy();
      }
      expect(seen.map((r) => r.input.UserName)).toEqual(['watched']);
    } finally {
      await Promise.all([watched.close(), plain.close()]);
    }
  });
});
