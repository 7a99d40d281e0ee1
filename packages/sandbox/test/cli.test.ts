import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sandboxCli } from '@handson/test-support';
import { afterAll, describe, expect, it } from 'vitest';
import { readSavedState } from '../src/core/state.js';

const root = join(__dirname, '..', '..', '..');
const dataDir = mkdtempSync(join(tmpdir(), 'sandbox-cli-'));
let child: ChildProcess | undefined;
afterAll(() => {
  if (child && child.exitCode === null) child.kill('SIGKILL');
  rmSync(dataDir, { recursive: true, force: true });
});

/** Runs `npm run sandbox`'s command line and collects its output until it exits. */
function startCli(args: string[]) {
  const proc = spawn(
    process.execPath,
    ['--conditions=@handson/source', '--import=tsx', 'packages/sandbox/src/cli.ts', ...args],
    {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let stdout = '';
  let stderr = '';
  proc.stdout?.on('data', (d) => {
    stdout += String(d);
  });
  proc.stderr?.on('data', (d) => {
    stderr += String(d);
  });
  const exited = new Promise<number | null>((resolve) => proc.on('exit', (code) => resolve(code)));
  const endpoint = new Promise<string>((resolve, reject) => {
    proc.stdout?.on('data', () => {
      const m = /export AWS_ENDPOINT_URL=(\S+)/.exec(stdout);
      if (m) resolve(m[1] as string);
    });
    proc.on('exit', () => reject(new Error(`sandbox exited: ${stderr}`)));
  });
  // Runs that are expected to fail never print an endpoint.
  endpoint.catch(() => undefined);
  return { proc, endpoint, exited, output: () => ({ stdout, stderr }) };
}

describe('handson-sandbox CLI', { timeout: 120_000 }, () => {
  it('prints the endpoint, serves, and saves state on SIGINT', async () => {
    const run = startCli(['--port', '0', '--data-dir', dataDir, '--seed', '3']);
    child = run.proc;
    const url = await run.endpoint;
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const mb = await sandboxCli(url, ['s3', 'mb', 's3://made-through-the-cli']);
    expect(mb.stdout).toBe('make_bucket: made-through-the-cli\n');
    run.proc.kill('SIGINT');
    expect(await run.exited).toBe(0);
    expect(run.output().stdout).toContain('SIGINT: saving state and stopping');
    // biome-ignore lint/suspicious/noExplicitAny: nested JSON of one service's state
    const state = readSavedState(dataDir).accounts as any;
    expect(Object.keys(state['123456789012'].s3.global.buckets)).toEqual(['made-through-the-cli']);
  });

  it('refuses a non-loopback host and a bad port with clear messages', async () => {
    const host = startCli(['--host', '0.0.0.0', '--port', '0', '--data-dir', dataDir]);
    expect(await host.exited).toBe(1);
    expect(host.output().stderr).toContain("refusing host '0.0.0.0'");
    const port = startCli(['--port', 'eighty']);
    expect(await port.exited).toBe(1);
    expect(port.output().stderr).toContain('use a port number from 0 to 65535');
  });
});

// What `npx handson-sandbox` runs: the build, not the sources (a model loaded differently there once broke
// every DevOps Guru request of the built sandbox while the tests, on the sources, passed).
const builtCli = join(root, 'packages', 'sandbox', 'dist', 'cli.js');
describe.skipIf(!existsSync(builtCli))('the built handson-sandbox', { timeout: 120_000 }, () => {
  it('serves a call of every service', async () => {
    const builtDir = mkdtempSync(join(tmpdir(), 'sandbox-built-'));
    const proc = spawn(process.execPath, [builtCli, '--port', '0', '--data-dir', builtDir], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    try {
      let stdout = '';
      const url = await new Promise<string>((resolve, reject) => {
        proc.stdout?.on('data', (d) => {
          stdout += String(d);
          const m = /export AWS_ENDPOINT_URL=(\S+)/.exec(stdout);
          if (m) resolve(m[1] as string);
        });
        proc.on('exit', () => reject(new Error(`the built sandbox exited: ${stdout}`)));
      });
      for (const call of [
        ['devops-guru', 'describe-account-health'],
        ['dynamodb', 'list-tables'],
        ['cloudwatch', 'list-metrics'],
        ['cloudtrail', 'describe-trails'],
        ['cloudformation', 'list-stacks'],
        ['ec2', 'describe-vpcs', '--max-results', '5'],
        ['iam', 'list-users'],
        ['s3api', 'list-buckets'],
        ['sqs', 'list-queues'],
        ['sts', 'get-caller-identity'],
      ]) {
        const run = await sandboxCli(url, call);
        expect(run.stderr, call.join(' ')).toBe('');
        expect(run.code, call.join(' ')).toBe(0);
      }
    } finally {
      proc.kill('SIGKILL');
      rmSync(builtDir, { recursive: true, force: true });
    }
  });
});
