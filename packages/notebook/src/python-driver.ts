import { spawn } from 'node:child_process';
import { join } from 'node:path';

/** A script of python/, which drives Jupyter's own Python libraries for this package. */
export function pythonScript(name: string): string {
  return join(__dirname, '..', 'python', name);
}

/**
 * Runs a python/ script: the request as JSON on its stdin, the result as the last line of its stdout (the
 * lines before are left for the script's own notes). Rejects with the script's stderr when there is no result.
 */
export function runPythonDriver<Result>(
  python: string,
  script: string,
  env: NodeJS.ProcessEnv,
  request: object,
): Promise<Result> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(python, [script], { env, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
    });
    child.on('error', reject);
    child.on('close', (code) => {
      const last = stdout.trim().split('\n').pop() ?? '';
      try {
        resolvePromise(JSON.parse(last) as Result);
      } catch {
        reject(
          new Error(
            `the Jupyter driver (${python} ${script}) exited ${code} without a result:\n${stderr.trim()}`,
          ),
        );
      }
    });
    child.stdin.end(JSON.stringify(request));
  });
}
