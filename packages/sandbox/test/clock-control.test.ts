import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningSandbox, startSandbox } from '../src/index.js';

/** POST /_sandbox/clock moves the virtual clock for local tools; no web page can. */
let sandbox: RunningSandbox;
beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, seed: 'clock-control' });
});
afterAll(() => sandbox?.close());

const post = (body: string, headers: Record<string, string> = { 'content-type': 'application/json' }) =>
  fetch(`${sandbox.url}/_sandbox/clock`, { method: 'POST', headers, body });

describe('the sandbox clock control', () => {
  it('moves the clock forward by advanceMs and says where it stands', async () => {
    const before = sandbox.clock.now().getTime();
    const response = await post(JSON.stringify({ advanceMs: 120_000 }));
    expect(response.status).toBe(200);
    const { now } = (await response.json()) as { now: string };
    expect(Date.parse(now) - before).toBeGreaterThanOrEqual(120_000);
    expect(sandbox.clock.now().getTime() - before).toBeGreaterThanOrEqual(120_000);
  });

  it('refuses what a web page could send: an Origin, or a body that is not declared JSON', async () => {
    const before = sandbox.clock.now().getTime();
    const realBefore = Date.now();
    const withOrigin = await post(JSON.stringify({ advanceMs: 1000 }), {
      'content-type': 'application/json',
      origin: 'https://example.com',
    });
    expect(withOrigin.status).toBe(403);
    const plain = await post(JSON.stringify({ advanceMs: 1000 }), { 'content-type': 'text/plain' });
    expect(plain.status).toBe(415);
    const health = await fetch(`${sandbox.url}/_sandbox/health`, {
      headers: { origin: 'https://example.com' },
    });
    expect(health.status).toBe(403);
    // The clock also moves with real time (seconds on a loaded machine): beyond that, not the refused 1000 ms.
    const moved = sandbox.clock.now().getTime() - before - (Date.now() - realBefore);
    expect(moved).toBeLessThan(1000);
  });

  it('refuses a malformed or backward advance', async () => {
    for (const body of ['{', '{"advanceMs":-1}', '{"advanceMs":1.5}', '{"advanceMs":"60"}', '{}']) {
      expect((await post(body)).status, body).toBe(400);
    }
  });
});
