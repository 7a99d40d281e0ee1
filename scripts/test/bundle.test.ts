import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { type RunningSandbox, startSandbox } from '@handson/sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error: plain JavaScript helper without type declarations
import { bundleScript } from '../_lib/bundle.mjs';

const run = promisify(execFile);
const here = dirname(fileURLToPath(import.meta.url));
const outside = mkdtempSync(join(tmpdir(), 'handson-cloudshell-'));
const bundled = join(outside, 'sample.mjs');

/** Like a fresh CloudShell session: no repository, no node_modules, only PATH and HOME. */
async function node(args: string[], env: Record<string, string> = {}) {
  try {
    const { stdout, stderr } = await run(process.execPath, [bundled, ...args], {
      cwd: outside,
      env: {
        PATH: process.env.PATH ?? '/usr/bin:/bin',
        HOME: outside,
        AWS_EC2_METADATA_DISABLED: 'true',
        ...env,
      },
    });
    return { stdout, stderr, code: 0 };
  } catch (error) {
    const failed = error as { stdout: string; stderr: string; code: number };
    return { stdout: failed.stdout, stderr: failed.stderr, code: failed.code };
  }
}

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

let sandbox: RunningSandbox;
beforeAll(async () => {
  await bundleScript(join(here, 'fixtures', 'sample.mts'), bundled);
  sandbox = await startSandbox({
    port: 0,
    host: '127.0.0.1',
    dataDir: join(outside, 'sandbox-data'),
    seed: 3,
  });
}, 120_000);
afterAll(async () => {
  await sandbox?.close();
});

describe('a bundled lab script runs with plain node, copied outside the repository', () => {
  it('is one executable file for plain node, with nothing to install next to it', () => {
    const text = readFileSync(bundled, 'utf8');
    expect(text.split('\n', 1)[0]).toBe('#!/usr/bin/env node');
    expect(text.match(/^#!/gm)).toHaveLength(1);
    expect(statSync(bundled).mode & 0o111).toBe(0o111);
    for (let dir = outside; dir !== dirname(dir); dir = dirname(dir)) {
      expect(existsSync(join(dir, 'node_modules')), `${dir}/node_modules`).toBe(false);
    }
  });

  it('prints its help (zx argv, @handson/aws) and no SDK Node-version warning', async () => {
    const result = await node(['--help']);
    expect(result).toEqual({
      code: 0,
      stderr: '',
      stdout:
        'usage: sample [--help] [--queue NAME]\n' +
        'Creates the queue NAME (tagged handson:lab) and lists the queues on the target.\n' +
        'target: local sandbox http://127.0.0.1:4580 (ap-northeast-1)\n',
    });
  });

  it('talks to a real sandbox through the bundled SDK and runs shell commands through zx', async () => {
    const result = await node(['--queue', 'handson-bundle-queue'], { HANDSON_SANDBOX_URL: sandbox.url });
    expect(result.stderr).toBe(
      'No AWS credentials found: using test/test, the local sandbox’s administrator.\n',
    );
    expect(result.stdout).toBe(`shell works\n["${sandbox.url}/123456789012/handson-bundle-queue"]\n`);
    expect(result.code).toBe(0);
  });

  it('explains in one line why it cannot start a sandbox where there is no repository', async () => {
    const url = `http://127.0.0.1:${await closedPort()}`;
    const result = await node([], { HANDSON_SANDBOX_URL: url });
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      `error: No local AWS sandbox answers at ${url}, and @handson/sandbox is not installed next to this script: ` +
        'run `npm run sandbox` in a clone of the repository, or target another endpoint (AWS_ENDPOINT_URL) or ' +
        'real AWS (HANDSON_TARGET=aws).\n',
    );
  });
});
