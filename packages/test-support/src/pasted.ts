import { spawn } from 'node:child_process';
import { awsCli, type CliOptions, type CliRun } from './aws-cli';

/**
 * bash reading a line from its input with history expansion on, as when a reader pastes it into a terminal:
 * `bash -c` would accept lines an interactive shell rejects ("!" in double quotes: event not found).
 */
export const PASTED = ['-o', 'history', '-H'];

/**
 * The arguments bash hands to `aws` for a line pasted into it: the quoting, expansion and history rules are
 * bash's own; `aws` is a function (passed in the environment, so history holds nothing before the line)
 * that prints its arguments. Fails with bash's message when bash refuses the line.
 */
export function pastedArgs(line: string, options: CliOptions = {}): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const child = spawn('bash', PASTED, {
      ...(options.cwd ? { cwd: options.cwd } : {}),
      env: {
        ...(options.env ?? { PATH: process.env.PATH }),
        'BASH_FUNC_aws%%': `() { printf '%s\\0' "$@"; }`,
      },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', () => {
      if (!stdout) reject(new Error(`bash ran no aws command for: ${line}\n${stderr}`));
      else resolve(stdout.split('\0').slice(0, -1));
    });
    child.stdin.end(`${line}\n`);
  });
}

/** Runs a line as pasted into bash (`aws …`), through the AWS CLI v2. */
export async function awsCliLine(line: string, options: CliOptions = {}): Promise<CliRun> {
  return awsCli(await pastedArgs(line, options), options);
}
