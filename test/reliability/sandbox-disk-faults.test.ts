import { spawn } from 'node:child_process';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  rmSync,
  symlinkSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateUserCommand, GetUserCommand, IAMClient } from '@aws-sdk/client-iam';
import { afterAll, describe, expect, it } from 'vitest';
import { kill, type SandboxProcess, started, startSandboxProcess } from './sandbox-process';

// A data dir that cannot hold state gives a clear error, at start or on the write that failed.
const base = mkdtempSync(join(tmpdir(), 'handson-disk-faults-'));
chmodSync(base, 0o755);
const running: SandboxProcess[] = [];
afterAll(async () => {
  for (const p of running) await kill(p);
  rmSync(base, { recursive: true, force: true });
});

const asRoot = process.getuid?.() === 0;
// Root writes through any mode bits: the read-only case runs the sandbox as nobody when the tests run as root.
const unprivileged = asRoot ? { uid: 65534, gid: 65534 } : {};

/** Whether the sandbox's sources can be read as nobody (a checkout under a private home cannot). */
function nobodyCanRun(): Promise<boolean> {
  return new Promise((resolve) => {
    const child = spawn(
      process.execPath,
      ['--conditions=@handson/source', '--import=tsx', '-e', `require(${JSON.stringify(CLI_MODULE)})`],
      {
        ...unprivileged,
        cwd: join(__dirname, '..', '..'),
        stdio: 'ignore',
        env: { PATH: process.env.PATH, NODE_PATH: '' },
      },
    );
    child.on('exit', (code) => resolve(code === 0));
    child.on('error', () => resolve(false));
  });
}
const CLI_MODULE = join(__dirname, '..', '..', 'packages', 'sandbox', 'src', 'core', 'state.ts');

describe('the sandbox on a data dir that cannot hold state', () => {
  it('a file where the data dir should be: exits 1 naming the path and what to do', async () => {
    const file = join(base, 'a-file');
    writeFileSync(file, 'not a directory');
    const p = await startSandboxProcess(file, 'faults');
    expect(started(p)).toBe(false);
    if (started(p)) return;
    expect(p.code).toBe(1);
    expect(p.stderr).toContain(`cannot start: the data dir ${file} is a file, not a directory`);
  });

  it('a read-only data dir: exits 1 before serving anything, naming the path and what to do', async (t) => {
    if (asRoot && !(await nobodyCanRun())) t.skip('the checkout is not readable by nobody');
    const dir = join(base, 'read-only');
    mkdirSync(dir);
    chmodSync(dir, 0o555);
    const p = await startSandboxProcess(dir, 'faults', unprivileged);
    if (started(p)) running.push(p);
    expect(started(p)).toBe(false);
    if (started(p)) return;
    expect(p.code).toBe(1);
    expect(p.stderr).toMatch(
      new RegExp(`cannot start: the data dir ${dir} cannot hold the sandbox state \\((EACCES|EROFS)\\)`),
    );
  });

  it.skipIf(!existsSync('/dev/full'))(
    'the disk fills up while it runs: the write is refused with a clear InternalFailure, later writes succeed',
    async () => {
      const dir = join(base, 'fills-up');
      const p = await startSandboxProcess(dir, 'faults');
      if (!started(p)) throw new Error(p.stderr);
      running.push(p);
      const iam = new IAMClient({
        endpoint: p.url,
        region: 'ap-northeast-1',
        credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
        maxAttempts: 1,
      });
      await iam.send(new CreateUserCommand({ UserName: 'before-full' }));
      // The sandbox writes state to state.json.<pid>.tmp first: make that the device that is always full.
      const temp = join(dir, `state.json.${p.child.pid}.tmp`);
      symlinkSync('/dev/full', temp);
      const refused = await iam.send(new CreateUserCommand({ UserName: 'while-full' })).then(
        () => undefined,
        (e: Error & { $metadata?: { httpStatusCode?: number } }) => e,
      );
      expect(refused?.name).toBe('InternalFailure');
      expect(refused?.$metadata?.httpStatusCode).toBe(500);
      expect(refused?.message).toMatch(/could not save the sandbox state to .*state\.json \(ENOSPC\)/);
      if (existsSync(temp)) unlinkSync(temp);
      await iam.send(new CreateUserCommand({ UserName: 'after-full' }));
      await kill(p, 'SIGKILL');
      const again = await startSandboxProcess(dir, 'faults');
      if (!started(again)) throw new Error(again.stderr);
      running.push(again);
      const iam2 = new IAMClient({
        endpoint: again.url,
        region: 'ap-northeast-1',
        credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
      });
      for (const UserName of ['before-full', 'after-full']) {
        expect((await iam2.send(new GetUserCommand({ UserName }))).User?.UserName).toBe(UserName);
      }
      iam.destroy();
      iam2.destroy();
    },
  );
});
