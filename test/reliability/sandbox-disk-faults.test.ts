import { spawn, spawnSync } from 'node:child_process';
import {
  chmodSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statfsSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CreateUserCommand,
  GetUserCommand,
  IAMClient,
  ListUsersCommand,
  paginateListUsers,
} from '@aws-sdk/client-iam';
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
});

/** A real, small filesystem: a tmpfs of `size` mounted at `dir` (needs root); undefined when it cannot be. */
function mountSmallDisk(dir: string, size: string): (() => void) | undefined {
  mkdirSync(dir, { recursive: true });
  const mounted = spawnSync('mount', ['-t', 'tmpfs', '-o', `size=${size},mode=0755`, 'tmpfs', dir]);
  if (mounted.status !== 0) return undefined;
  return () => {
    spawnSync('umount', ['-l', dir]);
  };
}

const iamAt = (url: string) =>
  new IAMClient({
    endpoint: url,
    region: 'ap-northeast-1',
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    maxAttempts: 1,
  });

type Refusal = Error & { $metadata?: { httpStatusCode?: number } };

describe('the sandbox on a disk that fills up while it runs', () => {
  const mountPoint = join(base, 'small-disk');
  const unmount = asRoot ? mountSmallDisk(mountPoint, '2m') : undefined;
  afterAll(() => unmount?.());

  it.skipIf(!unmount)(
    'a real 2 MiB tmpfs filled mid-run: refused writes answer 500 and change nothing; after a SIGKILL and a restart every acknowledged write is there',
    async () => {
      const dir = join(mountPoint, 'data');
      const p = await startSandboxProcess(dir, 'faults');
      if (!started(p)) throw new Error(p.stderr);
      running.push(p);
      const iam = iamAt(p.url);
      const acked: string[] = [];
      const refused: string[] = [];
      for (let i = 0; i < 20; i++) {
        await iam.send(new CreateUserCommand({ UserName: `early-${i}` }));
        acked.push(`early-${i}`);
      }
      // Fill the disk to a few KiB of its end: the next writes run into it part way.
      const free = statfsSync(mountPoint);
      writeFileSync(
        join(mountPoint, 'filler'),
        Buffer.alloc(Math.max(0, free.bavail * free.bsize - 6 * 1024)),
      );
      let firstRefusal: Refusal | undefined;
      for (let i = 0; i < 60 && refused.length < 5; i++) {
        const name = `late-${i}`;
        const answer = await iam.send(new CreateUserCommand({ UserName: name })).then(
          () => undefined,
          (e: Refusal) => e,
        );
        if (answer) {
          refused.push(name);
          firstRefusal ??= answer;
        } else acked.push(name);
      }
      expect(refused.length).toBe(5);
      expect(firstRefusal?.name).toBe('InternalFailure');
      expect(firstRefusal?.$metadata?.httpStatusCode).toBe(500);
      expect(firstRefusal?.message).toMatch(/could not save the sandbox state to .*journal\.log \(ENOSPC\)/);
      // Memory shows nothing of a refused write.
      const missing = await iam.send(new GetUserCommand({ UserName: refused[0] })).then(
        () => 'found',
        (e: Error) => e.name,
      );
      expect(missing).toBe('NoSuchEntityException');
      await kill(p, 'SIGKILL');

      // Still full: it either starts or says why it cannot; either way nothing is damaged.
      const whileFull = await startSandboxProcess(dir, 'faults');
      if (started(whileFull)) await kill(whileFull);
      else
        expect(whileFull.stderr).toContain(
          `cannot start: the data dir ${dir} cannot hold the sandbox state (ENOSPC)`,
        );

      unlinkSync(join(mountPoint, 'filler'));
      const again = await startSandboxProcess(dir, 'faults');
      if (!started(again)) throw new Error(again.stderr);
      running.push(again);
      const iam2 = iamAt(again.url);
      const users = new Set<string>();
      for await (const page of paginateListUsers({ client: iam2 }, {}))
        for (const u of page.Users ?? []) users.add(u.UserName as string);
      expect(acked.filter((u) => !users.has(u))).toEqual([]);
      expect(refused.filter((u) => users.has(u))).toEqual([]);
      await iam2.send(new CreateUserCommand({ UserName: 'after-space-freed' }));
      iam.destroy();
      iam2.destroy();
    },
  );
});

describe('damaged state at start', () => {
  it('a damaged journal line: the start names the file and --recover, which starts with the changes before it', async () => {
    const dir = join(base, 'damaged');
    const p = await startSandboxProcess(dir, 'faults');
    if (!started(p)) throw new Error(p.stderr);
    running.push(p);
    const iam = iamAt(p.url);
    for (const UserName of ['first', 'second', 'third']) await iam.send(new CreateUserCommand({ UserName }));
    iam.destroy();
    await kill(p, 'SIGKILL');
    const journal = join(dir, 'journal.log');
    const lines = readFileSync(journal, 'utf8').split('\n');
    const third = lines.findIndex((l) => l.includes('"third"'));
    lines[third] = `${lines[third]?.slice(0, 40)}`;
    writeFileSync(journal, lines.join('\n'));

    const refused = await startSandboxProcess(dir, 'faults');
    if (started(refused)) running.push(refused);
    expect(started(refused)).toBe(false);
    if (started(refused)) return;
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(
      `cannot start: the sandbox state in ${journal} is corrupt (line ${third + 1}:`,
    );
    expect(refused.stderr).toContain('start with --recover');

    const recovered = await startSandboxProcess(dir, 'faults', { args: ['--recover'] });
    if (!started(recovered)) throw new Error(recovered.stderr);
    running.push(recovered);
    expect(recovered.stdout()).toContain('recover: journal.log is damaged at line');
    const iam2 = iamAt(recovered.url);
    const names = (await iam2.send(new ListUsersCommand({}))).Users?.map((u) => u.UserName);
    expect(names).toEqual(['first', 'second']);
    iam2.destroy();
  });
});
