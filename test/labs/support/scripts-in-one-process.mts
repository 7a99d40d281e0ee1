#!/usr/bin/env -S node --conditions=@handson/source --import=tsx
/**
 * Runs many lab scripts, one after another, in this one process, and prints what each printed and how it
 * ended as JSON on the last line. A script's code runs exactly as it does on its own (same modules, same
 * entry); only the process is shared, so process.exit is caught and each run imports the script afresh.
 * Fifty separate processes would each load tsx and the SDK: about a CPU-second apiece.
 *
 * Input (argv[2]): JSON `[{ "path": "...", "args": [...] }, ...]`.
 */
class Exit {
  constructor(readonly code: number) {}
}

interface Run {
  path: string;
  args: string[];
}

interface Outcome extends Run {
  code: number;
  /** Date.now() around the run, so a test can tell which requests it made. */
  startedMs: number;
  endedMs: number;
  stdout: string;
  stderr: string;
}

const runs = JSON.parse(process.argv[2] ?? '[]') as Run[];
const realExit = process.exit.bind(process);
const realOut = process.stdout.write.bind(process.stdout);
const realErr = process.stderr.write.bind(process.stderr);
const outcomes: Outcome[] = [];

process.exit = ((code?: number) => {
  throw new Exit(code ?? 0);
}) as typeof process.exit;

/**
 * On its own, a script whose top-level code throws ends in the process's 'uncaughtException' listeners (the
 * entry's error report); here the import rejects instead, so hand the error to the same listeners.
 */
function uncaught(error: unknown): number {
  if (process.listenerCount('uncaughtException') === 0) {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    return 1;
  }
  try {
    process.emit('uncaughtException', error as Error);
  } catch (exit) {
    if (exit instanceof Exit) return exit.code;
    throw exit;
  }
  return 1;
}

for (const [index, run] of runs.entries()) {
  let stdout = '';
  let stderr = '';
  process.stdout.write = ((chunk: string | Uint8Array) => {
    stdout += String(chunk);
    return true;
  }) as typeof process.stdout.write;
  process.stderr.write = ((chunk: string | Uint8Array) => {
    stderr += String(chunk);
    return true;
  }) as typeof process.stderr.write;
  process.argv = [process.argv[0]!, run.path, ...run.args];
  let code = 0;
  const startedMs = Date.now();
  try {
    await import(`${run.path}?run=${index}`);
  } catch (error) {
    code = error instanceof Exit ? error.code : uncaught(error);
  } finally {
    process.stdout.write = realOut;
    process.stderr.write = realErr;
  }
  outcomes.push({ ...run, code, stdout, stderr, startedMs, endedMs: Date.now() });
}
realOut(`${JSON.stringify(outcomes)}\n`);
realExit(0);
