import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ListQueuesCommand } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clientsFor, ensureSandbox, HandsonAwsError, sandboxIsHealthy } from '../src/index.ts';

const listen = (server: Server) =>
  new Promise<string>((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`),
    ),
  );
const close = (server: Server) => new Promise<void>((resolve) => server.close(() => resolve()));

/** A port nothing listens on: bound once by us, then released. */
async function closedPort(): Promise<string> {
  const server = createServer();
  const url = await listen(server);
  await close(server);
  return url;
}

const keys = { accessKeyId: 'test', secretAccessKey: 'test' };

describe('an endpoint that does not answer', () => {
  it('is one clear error naming the URL and what to do', async () => {
    const url = await closedPort();
    const { sqs } = clientsFor({ env: { AWS_ENDPOINT_URL: url }, credentials: keys });
    const error = await sqs.send(new ListQueuesCommand({})).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HandsonAwsError);
    expect((error as HandsonAwsError).code).toBe('EndpointUnreachable');
    expect((error as Error).message).toBe(
      `Cannot reach ${url} (ECONNREFUSED): check that the endpoint is running and AWS_ENDPOINT_URL is right, ` +
        'or unset it and start the local sandbox with `npm run sandbox`.',
    );
  });

  it('on the sandbox target without auto-start, says to run `npm run sandbox`', async () => {
    const url = await closedPort();
    const error = await ensureSandbox({ env: { HANDSON_SANDBOX_URL: url }, start: false }).catch(
      (e: unknown) => e,
    );
    expect((error as HandsonAwsError).code).toBe('SandboxUnavailable');
    expect((error as Error).message).toBe(
      `No local AWS sandbox answers at ${url}: start it with \`npm run sandbox\` (or set HANDSON_SANDBOX_URL to where it listens).`,
    );
  });

  it('is not started on another machine', async () => {
    const error = await ensureSandbox({ env: { HANDSON_SANDBOX_URL: 'http://192.0.2.1:4580' } }).catch(
      (e: unknown) => e,
    );
    expect((error as HandsonAwsError).code).toBe('SandboxUnavailable');
    expect((error as Error).message).toMatch(/it is not on this machine, so it cannot be started from here/);
  });
});

describe('sandbox health detection', () => {
  let healthy: Server;
  let wrong: Server;
  let healthyUrl = '';
  let wrongUrl = '';
  const seen: string[] = [];
  beforeAll(async () => {
    healthy = createServer((req, res) => {
      seen.push(`${req.method} ${req.url}`);
      res.statusCode = req.url === '/_sandbox/health' ? 200 : 404;
      res.end('{"status":"ok"}');
    });
    wrong = createServer((_req, res) => {
      res.statusCode = 404;
      res.end();
    });
    healthyUrl = await listen(healthy);
    wrongUrl = await listen(wrong);
  });
  afterAll(async () => {
    await close(healthy);
    await close(wrong);
  });

  it('asks GET /_sandbox/health and accepts a 2xx', async () => {
    expect(await sandboxIsHealthy(healthyUrl)).toBe(true);
    expect(seen).toContain('GET /_sandbox/health');
    expect(await ensureSandbox({ env: { HANDSON_SANDBOX_URL: healthyUrl }, start: false })).toEqual({
      url: healthyUrl,
      started: false,
    });
  });

  it('waits for a sandbox that is slow to answer (a busy machine) rather than taking it for absent', async () => {
    const slow = createServer((_req, res) => {
      setTimeout(() => {
        res.statusCode = 200;
        res.end('{"status":"ok"}');
      }, 2500);
    });
    const slowUrl = await listen(slow);
    try {
      expect(await sandboxIsHealthy(slowUrl)).toBe(true);
    } finally {
      await close(slow);
    }
  });

  it('does not take any other server for a sandbox', async () => {
    expect(await sandboxIsHealthy(wrongUrl)).toBe(false);
    expect(await sandboxIsHealthy(await closedPort())).toBe(false);
  });
});
