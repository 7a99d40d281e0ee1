import { Agent, request } from 'node:http';
import type { LookupFunction } from 'node:net';
import { CreateUserCommand, IAMClient, ListUsersCommand } from '@aws-sdk/client-iam';
import {
  SANDBOX_TEST_REGION as region,
  sandboxCli,
  SANDBOX_TEST_CREDENTIALS as testCredentials,
} from '@handson/test-support';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningSandbox, startSandbox } from '../src/index.js';
import { checkHostname } from '../src/server/guard.js';

/*
 * DNS rebinding, simulated honestly: an HTTP agent whose resolver answers 127.0.0.1 for every name, as a
 * rebinding attacker's DNS server would, so the SDK sends `Host: evil.example:PORT` to the sandbox's socket.
 */

const toLoopback: LookupFunction = (_host, opts, cb) => {
  if ((opts as { all?: boolean }).all)
    (cb as unknown as (e: null, a: object[]) => void)(null, [{ address: '127.0.0.1', family: 4 }]);
  else cb(null, '127.0.0.1', 4);
};

function iamThrough(name: string, port: number): IAMClient {
  return new IAMClient({
    endpoint: `http://${name}:${port}`,
    region,
    credentials: testCredentials,
    maxAttempts: 1,
    requestHandler: { httpAgent: new Agent({ lookup: toLoopback }) },
  });
}

interface Raw {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

function raw(port: number, method: string, path: string, headers: Record<string, string>): Promise<Raw> {
  return new Promise((resolve, reject) => {
    const r = request({ host: '127.0.0.1', port, method, path, headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          headers: res.headers,
          body: Buffer.concat(chunks).toString(),
        }),
      );
    });
    r.on('error', reject);
    r.end();
  });
}

let sb: RunningSandbox;
let named: RunningSandbox;
beforeAll(async () => {
  sb = await startSandbox({ seed: 'host-guard' });
  named = await startSandbox({ seed: 'host-guard-named', hostnames: ['sandbox.test'] });
});
afterAll(async () => {
  await sb?.close();
  await named?.close();
});

async function userNames(s: RunningSandbox): Promise<string[]> {
  const iam = new IAMClient({ endpoint: s.url, region, credentials: testCredentials });
  const out = await iam.send(new ListUsersCommand({}));
  return (out.Users ?? []).map((u) => u.UserName ?? '');
}

describe('the Host allowlist', () => {
  it('refuses a correctly signed SDK request whose Host is a rebinding name, and creates nothing', async () => {
    const err = await iamThrough('evil.example', sb.port)
      .send(new CreateUserCommand({ UserName: 'rebound' }))
      .catch((e: { $metadata?: { httpStatusCode?: number } }) => e);
    expect(err).toBeInstanceOf(Error);
    expect((err as { $metadata: { httpStatusCode: number } }).$metadata.httpStatusCode).toBe(403);
    expect(await userNames(sb)).not.toContain('rebound');
  });

  it('answers the loopback names with the port, and refuses them with another port or none', async () => {
    for (const host of [`127.0.0.1:${sb.port}`, `localhost:${sb.port}`, `LOCALHOST:${sb.port}`]) {
      const res = await raw(sb.port, 'GET', '/_sandbox/health', { host });
      expect(res.status, host).toBe(200);
    }
    for (const host of [
      '127.0.0.1',
      `127.0.0.1:${sb.port + 1}`,
      `evil.example:${sb.port}`,
      'a b',
      '[::1',
      '%00',
    ]) {
      const res = await raw(sb.port, 'GET', '/_sandbox/health', { host });
      expect(res.status, host).toBe(403);
      expect(res.headers['content-type']).toMatch(/^text\/plain/);
      expect(res.body.trim().split('\n')).toHaveLength(1);
    }
    const res = await raw(sb.port, 'GET', '/', { host: `evil.example:${sb.port}` });
    expect(res.body).toContain("Host 'evil.example:");
    expect(res.body).toContain('--hostname');
  });

  it('answers a name given with --hostname / hostnames, through the SDK', async () => {
    const iam = iamThrough('sandbox.test', named.port);
    await iam.send(new CreateUserCommand({ UserName: 'via-configured-name' }));
    expect(await userNames(named)).toContain('via-configured-name');
    const other = await iamThrough('other.test', named.port)
      .send(new CreateUserCommand({ UserName: 'via-other-name' }))
      .catch((e: Error) => e);
    expect(other).toBeInstanceOf(Error);
    expect(await userNames(named)).not.toContain('via-other-name');
  });

  it('refuses bad hostnames at start with a one-line reason', async () => {
    expect(() => checkHostname('evil example')).toThrow(/Invalid hostname 'evil example'/);
    await expect(startSandbox({ hostnames: ['http://x'] })).rejects.toThrow(/Invalid hostname/);
  });

  it('the AWS CLI works through localhost', async () => {
    const out = await sandboxCli(`http://localhost:${sb.port}`, [
      'iam',
      'create-user',
      '--user-name',
      'cli-local',
    ]);
    expect(out.code, out.stderr).toBe(0);
    expect(await userNames(sb)).toContain('cli-local');
  });
});

describe('cross-site requests', () => {
  it('grants no CORS preflight and refuses any request carrying an Origin', async () => {
    const host = `127.0.0.1:${sb.port}`;
    const preflight = await raw(sb.port, 'OPTIONS', '/', {
      host,
      origin: 'https://evil.example',
      'access-control-request-method': 'POST',
      'access-control-request-headers': 'authorization,x-amz-date',
    });
    expect(preflight.status).toBe(403);
    expect(Object.keys(preflight.headers).filter((h) => h.startsWith('access-control-'))).toEqual([]);
    // A form post from a page (a "simple" request, sent without a preflight) carries its Origin.
    const post = await fetch(`${sb.url}/`, {
      method: 'POST',
      headers: { origin: 'https://evil.example', 'content-type': 'application/x-www-form-urlencoded' },
      body: 'Action=CreateUser&Version=2010-05-08&UserName=from-a-page',
    });
    expect(post.status).toBe(403);
    expect(post.headers.get('access-control-allow-origin')).toBeNull();
    expect(await userNames(sb)).not.toContain('from-a-page');
  });
});
