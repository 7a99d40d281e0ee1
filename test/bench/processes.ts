import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';

/** Runs a command to completion; resolves with its wall time in ms and its output. */
export function timed(
  cmd: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  cwd?: string,
): Promise<{ ms: number; code: number; stdout: string; stderr: string }> {
  return new Promise((done) => {
    const start = process.hrtime.bigint();
    const child = spawn(cmd, args, { env, cwd });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('exit', (code) =>
      done({ ms: Number(process.hrtime.bigint() - start) / 1e6, code: code ?? 1, stdout, stderr }),
    );
  });
}

/** Time from spawn to the first line on stdout that matches (the "first answered call"). */
export function timeToFirst(
  cmd: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  pattern: RegExp,
  cwd?: string,
): Promise<number> {
  return new Promise((done, fail) => {
    const start = process.hrtime.bigint();
    const child = spawn(cmd, args, { env, cwd });
    let stdout = '';
    let stderr = '';
    let settled = false;
    child.stderr.on('data', (d) => (stderr += d));
    child.stdout.on('data', (d) => {
      stdout += d;
      if (!settled && pattern.test(stdout)) {
        settled = true;
        done(Number(process.hrtime.bigint() - start) / 1e6);
      }
    });
    child.on('exit', (code) => {
      if (!settled) fail(new Error(`${cmd} exited ${code} before printing ${pattern}: ${stdout}${stderr}`));
    });
  });
}

/** Resident memory of a process in MiB (Linux /proc). */
export function rssMiB(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? Number.NaN);
  return kb / 1024;
}
