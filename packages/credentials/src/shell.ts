import { execFileSync } from 'node:child_process';

/** The blog's pipeline, verbatim, for running it literally where jp.py and sed exist. */
export const SHELL_PIPELINE =
  `cat "\${FILE_ACCESS_KEY}" | jp.py 'AccessKey' | sed '/[{}]/d' | sed 's/[\\" ,]//g' | sed 's/:/=/' ` +
  `| sed 's/AccessKeyId/aws_access_key_id/' | sed 's/SecretAccessKey/aws_secret_access_key/' | grep '^aws_'`;

/** Whether bash, jp.py, sed and grep are all on PATH. */
export function shellToolsAvailable(): boolean {
  try {
    execFileSync('bash', ['-c', 'command -v jp.py && command -v sed && command -v grep'], {
      stdio: 'ignore',
    });
    return true;
  } catch {
    return false;
  }
}

/**
 * Runs the literal shell pipeline over an access-key file and returns what it printed (grep's exit status 1,
 * "no line matched", counts as an empty output, as it would in the blog's terminal).
 */
export function runShellPipeline(accessKeyFile: string): string {
  try {
    return execFileSync('bash', ['-c', SHELL_PIPELINE], {
      env: { ...process.env, FILE_ACCESS_KEY: accessKeyFile, LC_ALL: 'C.UTF-8', PYTHONIOENCODING: 'utf-8' },
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
  } catch (err) {
    const e = err as { status?: number; stdout?: string; stderr?: string };
    if (e.status === 1 && !e.stderr) return e.stdout ?? '';
    throw new Error(`the shell pipeline failed (exit ${e.status}): ${e.stderr}`);
  }
}
