import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningSandbox, startSandbox } from '../src/index.js';
import iam from '../src/services/iam/index.js';
import s3 from '../src/services/s3/index.js';

/** Now as X-Amz-Date: the sandbox holds header signatures to AWS's 15-minute window, by the real clock. */
const amzNow = () =>
  new Date()
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');

// Requests the reliability fuzz test found accepted although AWS refuses them.
let sandbox: RunningSandbox;
beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, discover: false, services: [iam, s3], seed: 3 });
});
afterAll(() => sandbox.close());

const auth = (service: string) => ({
  authorization: `AWS4-HMAC-SHA256 Credential=test/${amzNow().slice(0, 8)}/us-east-1/${service}/aws4_request, SignedHeaders=host;x-amz-date, Signature=00`,
  'x-amz-date': amzNow(),
});

describe('bad input the sandbox used to accept', () => {
  it("an S3 path whose percent-encoding does not decode is S3's InvalidURI (400), not a 500", async () => {
    for (const path of ['/my%ZZbucket', '/bucket/key%E0%A4%A']) {
      const res = await fetch(`${sandbox.url}${path}`, { headers: auth('s3') });
      expect(res.status, path).toBe(400);
      expect(await res.text(), path).toContain('<Code>InvalidURI</Code>');
    }
  });

  it('a form body with bytes that are not UTF-8 is MalformedQueryString, not a user named U+FFFD', async () => {
    const body = Buffer.concat([
      Buffer.from('Action=CreateUser&Version=2010-05-08&UserName=a'),
      Buffer.from([0xa4, 0xff]),
    ]);
    const res = await fetch(sandbox.url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8', ...auth('iam') },
      body,
    });
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('<Code>MalformedQueryString</Code>');
    const list = await fetch(sandbox.url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...auth('iam') },
      body: 'Action=ListUsers&Version=2010-05-08',
    });
    expect(await list.text()).not.toContain('<UserName>');
  });

  it('an S3 XML body cut short is MalformedXML, and no bucket is made', async () => {
    const cut =
      '<CreateBucketConfiguration xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><LocationConstraint>ap-northeast-1</LocationConstraint>';
    const res = await fetch(`${sandbox.url}/cut-short`, { method: 'PUT', headers: auth('s3'), body: cut });
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('<Code>MalformedXML</Code>');
    const list = await fetch(`${sandbox.url}/`, { headers: auth('s3') });
    expect(await list.text()).not.toContain('cut-short');
  });
});
