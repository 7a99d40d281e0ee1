import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from './paths';

/** A sandbox in its own process, as people run it, so the benchmark's clients do not share its event loop. */
export interface SandboxProcess {
  url: string;
  pid: number;
  stop(): Promise<void>;
}

export async function startSandboxProcess(extraEnv: NodeJS.ProcessEnv = {}): Promise<SandboxProcess> {
  const dataDir = mkdtempSync(join(tmpdir(), 'handson-bench-'));
  const child: ChildProcess = spawn(
    process.execPath,
    [join(ROOT, 'packages/sandbox/dist/cli.js'), '--port', '0', '--data-dir', dataDir, '--seed', 'bench'],
    { env: { ...process.env, ...extraEnv }, stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const url = await new Promise<string>((done, fail) => {
    let out = '';
    child.stdout!.on('data', (d) => {
      out += d;
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (m) done(m[1]!);
    });
    child.on('exit', (code) => fail(new Error(`the sandbox exited ${code}: ${out}`)));
  });
  return {
    url,
    pid: child.pid!,
    stop: () =>
      new Promise((done) => {
        child.once('exit', () => {
          rmSync(dataDir, { recursive: true, force: true });
          done();
        });
        child.kill('SIGTERM');
      }),
  };
}
