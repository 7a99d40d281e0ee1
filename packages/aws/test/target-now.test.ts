import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type RunningSandbox, startSandbox } from '@handson/sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sandboxClock, targetNow } from '../src/index.ts';

let sandbox: RunningSandbox;
const root = mkdtempSync(join(tmpdir(), 'handson-now-'));
beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, host: '127.0.0.1', dataDir: join(root, 'data') });
});
afterAll(async () => {
  await sandbox?.close();
  rmSync(root, { recursive: true, force: true });
});

describe('targetNow', () => {
  it("reads the sandbox's virtual time, which the waits move on", async () => {
    const env = { HANDSON_SANDBOX_URL: sandbox.url };
    const before = await targetNow(env);
    await (await sandboxClock(env))!.advance(2 * 60 * 60 * 1000);
    const after = await targetNow(env);
    expect(after.getTime() - before.getTime()).toBeGreaterThanOrEqual(2 * 60 * 60 * 1000);
    expect(after.getTime() - Date.now()).toBeGreaterThan(60 * 60 * 1000);
  });

  it("is this machine's time on real AWS and with HANDSON_REAL_WAITS=1", async () => {
    for (const env of [
      { HANDSON_TARGET: 'aws', AWS_REGION: 'ap-northeast-1' },
      { HANDSON_SANDBOX_URL: sandbox.url, HANDSON_REAL_WAITS: '1' },
    ]) {
      expect(Math.abs((await targetNow(env)).getTime() - Date.now())).toBeLessThan(5000);
    }
  });
});

/** A server in front of the sandbox that holds every answer for `delayMs` (a busy machine), or answers 404. */
async function slowFront(delayMs: number, notFound = false): Promise<{ url: string; server: Server }> {
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    await new Promise((resolve) => setTimeout(resolve, delayMs));
    if (notFound) {
      res.writeHead(404).end();
      return;
    }
    const body = Buffer.concat(chunks);
    const answer = await fetch(new URL(req.url ?? '/', sandbox.url), {
      method: req.method,
      headers: { 'content-type': req.headers['content-type'] ?? 'application/json' },
      ...(body.length > 0 ? { body } : {}),
    });
    res.writeHead(answer.status, { 'content-type': 'application/json' }).end(await answer.text());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

describe('sandboxClock', () => {
  it('finds the clock of a sandbox that is slow to answer (a busy machine), rather than waiting for real', async () => {
    const front = await slowFront(3000);
    try {
      const env = { HANDSON_SANDBOX_URL: front.url };
      const clock = await sandboxClock(env);
      expect(clock).toBeDefined();
      const before = await targetNow({ HANDSON_SANDBOX_URL: sandbox.url });
      await clock!.advance(60_000);
      const after = await targetNow(env);
      expect(after.getTime() - before.getTime()).toBeGreaterThanOrEqual(60_000);
    } finally {
      front.server.close();
    }
  });

  it('is undefined for a sandbox without a clock (it answers 404)', async () => {
    const front = await slowFront(0, true);
    try {
      expect(await sandboxClock({ HANDSON_SANDBOX_URL: front.url })).toBeUndefined();
    } finally {
      front.server.close();
    }
  });
});
