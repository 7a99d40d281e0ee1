import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

/**
 * The program a pyenv shim would run for `command` (found at `path`), or `path` itself when it is not a shim.
 * A shim is a bash script that starts pyenv to find the program: about 0.7 s of CPU before the program
 * starts, per call. Tests that run a Python tool many times call what the shim would have run.
 */
export function behindShim(command: string, path: string): string {
  let head: string;
  try {
    head = readFileSync(path, 'utf8').slice(0, 512);
  } catch {
    return path;
  }
  if (!head.startsWith('#!') || !head.includes('pyenv')) return path;
  try {
    return execFileSync('pyenv', ['which', command], { encoding: 'utf8', stdio: 'pipe' }).trim() || path;
  } catch {
    return path;
  }
}
