import { mkdtempSync, rmSync } from 'node:fs';
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
