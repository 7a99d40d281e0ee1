import { type ChildProcess, type SpawnOptions, spawn } from 'node:child_process';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');
const CLI = join(ROOT, 'packages', 'sandbox', 'src', 'cli.ts');

export interface SandboxProcess {
  child: ChildProcess;
  url: string;
  stdout: () => string;
  stderr: () => string;
}

/** What a sandbox child process did when it could not start: its exit code and what it printed. */
export interface FailedStart {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Starts `handson-sandbox` (the CLI, from its TypeScript sources) as a child process on a free loopback port
 * and resolves once it prints where it listens, or with what it printed if it exits first.
 */
export function startSandboxProcess(
  dataDir: string,
  seed: string,
  options: Pick<SpawnOptions, 'uid' | 'gid'> & { args?: string[] } = {},
): Promise<SandboxProcess | FailedStart> {
  const { args = [], ...spawnOptions } = options;
  const child = spawn(
    process.execPath,
    [
      '--conditions=@handson/source',
      '--import=tsx',
      CLI,
      '--port',
      '0',
      '--data-dir',
      dataDir,
      '--seed',
      seed,
      ...args,
    ],
    { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, HOME: dataDir }, ...spawnOptions },
  );
  let out = '';
  let err = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (err += d));
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      resolve({ code: null, stdout: out, stderr: `${err}\n(no start within 60 s)` });
    }, 60_000);
    child.stdout!.on('data', () => {
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve({ child, url: m[1]!, stdout: () => out, stderr: () => err });
      }
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout: out, stderr: err });
    });
  });
}

export function started(p: SandboxProcess | FailedStart): p is SandboxProcess {
  return 'child' in p;
}

/** Kills with a signal and waits for the process to be gone. */
export function kill(p: SandboxProcess, signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
  return new Promise((resolve) => {
    if (p.child.exitCode !== null || p.child.signalCode !== null) return resolve();
    p.child.once('exit', () => resolve());
    p.child.kill(signal);
  });
}
