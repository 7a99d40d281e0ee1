import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT } from '../labs/run-lab';
import { connections, GUARD, guardedEnv, realLookingCredentials, recordingProxy } from './guard-env';

// The fence used by the lab runs (labs-under-faults) must itself work: it sees and stops a connection to AWS,
// and the labs' own target choice never picks AWS without the opt-in.
const dir = mkdtempSync(join(tmpdir(), 'handson-guard-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function node(
  code: string,
  env: NodeJS.ProcessEnv,
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((done) => {
    const child = spawn(
      process.execPath,
      ['--conditions=@handson/source', '--import=tsx', '--input-type=module', '-e', code],
      {
        cwd: ROOT,
        env: { PATH: process.env.PATH, HOME: dir, ...env },
      },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('exit', (c) => done({ code: c ?? 1, stdout, stderr }));
  });
}

describe('the real-account guard', () => {
  it('records and refuses a connection to an AWS endpoint, before any packet leaves', async () => {
    const log = join(dir, 'probe.log');
    const run = await node(
      `import { STSClient, GetCallerIdentityCommand } from '@aws-sdk/client-sts';
       const sts = new STSClient({ region: 'ap-northeast-1', maxAttempts: 1 });
       try { await sts.send(new GetCallerIdentityCommand({})); console.log('REACHED'); }
       catch (e) { console.log('REFUSED', e.code ?? e.name); }`,
      { ...realLookingCredentials(), NODE_OPTIONS: `--import=${GUARD}`, HANDSON_GUARD_LOG: log },
    );
    expect(run.stdout).toContain('REFUSED');
    const seen = connections(log);
    expect(seen.map((c) => `${c.host}:${c.port} ${c.allowed}`)).toEqual([
      'sts.ap-northeast-1.amazonaws.com:443 false',
    ]);
  });

  it('with real-looking keys and no opt-in, @handson/aws targets the loopback sandbox for every service', async () => {
    const proxy = await recordingProxy();
    const log = join(dir, 'target.log');
    const run = await node(
      `await import(${JSON.stringify(join(__dirname, 'fixtures', 'target-probe.mts'))});`,
      { ...guardedEnv(proxy.url, log), HANDSON_SANDBOX_URL: 'http://127.0.0.1:9' },
    );
    await proxy.close();
    expect(run.code, run.stderr).toBe(0);
    const { kind, endpoints } = JSON.parse(run.stdout.trim().split('\n').at(-1)!);
    expect(kind).toBe('sandbox');
    expect(Object.values(endpoints)).toEqual(Array(6).fill('127.0.0.1'));
    expect(connections(log)).toEqual([]);
    expect(proxy.seen).toEqual([]);
  });

  it('only HANDSON_TARGET=aws gives the SDK its AWS endpoints (the probe can tell the difference)', async () => {
    const run = await node(
      `await import(${JSON.stringify(join(__dirname, 'fixtures', 'target-probe.mts'))});`,
      {
        ...realLookingCredentials(),
        HANDSON_TARGET: 'aws',
        AWS_REGION: 'ap-northeast-1',
        NODE_OPTIONS: `--import=${GUARD}`,
        HANDSON_GUARD_LOG: join(dir, 'opt-in.log'),
      },
    );
    expect(run.code, run.stderr).toBe(0);
    const { kind, endpoints } = JSON.parse(run.stdout.trim().split('\n').at(-1)!);
    expect(kind).toBe('aws');
    expect(Object.values(endpoints)).not.toContain('127.0.0.1');
    expect(connections(join(dir, 'opt-in.log'))).toEqual([]);
  });
});
