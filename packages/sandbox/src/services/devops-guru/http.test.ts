import { Hash } from '@smithy/hash-node';
import { SignatureV4 } from '@smithy/signature-v4';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningSandbox, startSandbox } from '../../index';
import guru from './index';

/* The restJson1 layer on raw, signed HTTP requests: what no SDK would send, answered as errors, not crashes. */

let sandbox: RunningSandbox;

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, discover: false, services: [guru], seed: 5 });
});
afterAll(async () => {
  await sandbox.close();
});

async function send(method: string, path: string, body?: string, contentType = 'application/json') {
  const url = new URL(path, sandbox.url);
  const signer = new SignatureV4({
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    region: 'ap-northeast-1',
    service: 'devops-guru',
    sha256: Hash.bind(null, 'sha256'),
    uriEscapePath: false,
  });
  const headers: Record<string, string> = {
    host: url.host,
    ...(body === undefined ? {} : { 'content-type': contentType }),
  };
  const signed = await signer.sign({
    method,
    protocol: 'http:',
    hostname: url.hostname,
    port: Number(url.port),
    path: url.pathname,
    query: Object.fromEntries(url.searchParams),
    headers,
    ...(body === undefined ? {} : { body }),
  });
  const res = await fetch(url, {
    method,
    headers: signed.headers as Record<string, string>,
    ...(body === undefined ? {} : { body }),
  });
  return { status: res.status, type: res.headers.get('x-amzn-errortype'), body: await res.json() };
}

describe('restJson1 over raw HTTP', () => {
  it('routes by method and path, labels and query string included', async () => {
    const ok = await send('GET', '/resource-collections/AWS_CLOUD_FORMATION?NextToken=abc');
    expect(ok).toMatchObject({
      status: 200,
      type: null,
      body: { ResourceCollection: { CloudFormation: { StackNames: [] } } },
    });
    const missing = await send('GET', '/insights/AD%20x');
    expect(missing).toMatchObject({
      status: 404,
      type: 'ResourceNotFoundException',
      body: { Message: 'Insight AD x not found' },
    });
  });

  it('answers bad requests with the protocol’s errors', async () => {
    expect(await send('GET', '/no/such/path')).toMatchObject({
      status: 404,
      type: 'UnknownOperationException',
    });
    expect(await send('DELETE', '/insights')).toMatchObject({
      status: 404,
      type: 'UnknownOperationException',
    });
    expect(await send('POST', '/insights', '{"StatusFilter":')).toMatchObject({
      status: 400,
      type: 'SerializationException',
    });
    expect(await send('POST', '/insights', '[1]')).toMatchObject({
      status: 400,
      type: 'SerializationException',
    });
    expect(
      await send('POST', '/insights', '{"StatusFilter":{"Ongoing":{"Type":"REACTIVE"}},"MaxResults":"many"}'),
    ).toMatchObject({
      status: 400,
      type: 'SerializationException',
    });
    expect(await send('POST', '/insights', '{}')).toMatchObject({ status: 400, type: 'ValidationException' });
    expect(await send('POST', '/insights', 'a=b', 'application/x-www-form-urlencoded')).toMatchObject({
      status: 415,
    });
    expect(await send('GET', '/insights/%E0%A4%A')).toMatchObject({
      status: 400,
      type: 'SerializationException',
    });
    // The server still answers.
    expect((await send('GET', '/accounts/health')).status).toBe(200);
  });
});
