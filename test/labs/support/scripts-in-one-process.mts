#!/usr/bin/env -S node --conditions=@handson/source --import=tsx
/**
 * Runs lab scripts one after another in this one process. A script's code runs exactly as it does on its
 * own (same modules, same entry); only the process is shared: process.exit is caught, each run imports the
 * script afresh, and gets exactly the environment it was given. A separate process per script costs most of
 * a CPU-second in loading tsx and the SDK; the lab tests run hundreds. (Every step still runs as a process
 * of its own in test/reliability/labs-under-faults.test.ts.)
 *
 * Two ways to use it:
 *   scripts-in-one-process.mts '<JSON [{path, args}]>'   runs them, prints the outcomes as one JSON line
 *   scripts-in-one-process.mts --serve                    reads {path, args, env, echo?} lines on stdin and
 *                                                         answers each with an outcome line on file
 *                                                         descriptor 3 (`echo`: the output streams through)
 */
import { writeSync } from 'node:fs';
import { register } from 'node:module';
import { createInterface } from 'node:readline';
import { resetConfirmations, setChangePlan, setDryRun } from '@handson/aws';

register('./fresh-lab-modules.mjs', import.meta.url);

class Exit {
  constructor(readonly code: number) {}
}

interface Run {
  path: string;
  args: string[];
  /** The whole environment (serve mode); absent: this process's own. */
  env?: Record<string, string>;
  /** Write the script's output through to this process's own stdout and stderr as it comes, not captured. */
  echo?: boolean;
}

interface Outcome {
  path: string;
  args: string[];
  code: number;
  stdout: string;
  stderr: string;
  /** Date.now() around the run, so a test can tell which requests it made. */
  startedMs: number;
  endedMs: number;
}

const realExit = process.exit.bind(process);
const realOut = process.stdout.write.bind(process.stdout);
const realErr = process.stderr.write.bind(process.stderr);
const startingEnv = { ...process.env };
// A lab's error report listens for uncaught errors; each run's copy would add its own listener.
const ownListeners = {
  uncaughtException: process.listeners('uncaughtException'),
  unhandledRejection: process.listeners('unhandledRejection'),
};
let counter = 0;

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

/** What a fresh process would start with: its environment and none of the last run's decisions. */
function freshState(env: Record<string, string> | undefined): void {
  for (const name of Object.keys(process.env)) delete process.env[name];
  Object.assign(process.env, env ?? startingEnv);
  for (const event of ['uncaughtException', 'unhandledRejection'] as const) {
    const keep = ownListeners[event] as unknown[];
    for (const listener of process.listeners(event as 'uncaughtException')) {
      if (!keep.includes(listener)) process.removeListener(event as 'uncaughtException', listener);
    }
  }
  resetConfirmations();
  setDryRun(false);
  setChangePlan(undefined);
}

async function runOne(run: Run): Promise<Outcome> {
  freshState(run.env);
  let stdout = '';
  let stderr = '';
  process.stdout.write = ((chunk: string | Uint8Array) => {
    if (run.echo) return realOut(chunk);
    stdout += String(chunk);
    return true;
  }) as typeof process.stdout.write;
  process.stderr.write = ((chunk: string | Uint8Array) => {
    if (run.echo) return realErr(chunk);
    stderr += String(chunk);
    return true;
  }) as typeof process.stderr.write;
  process.argv = [process.argv[0]!, run.path, ...run.args];
  let code = 0;
  const startedMs = Date.now();
  try {
    await import(`${run.path}?run=${++counter}`);
  } catch (error) {
    code = error instanceof Exit ? error.code : uncaught(error);
  } finally {
    process.stdout.write = realOut;
    process.stderr.write = realErr;
  }
  return { path: run.path, args: run.args, code, stdout, stderr, startedMs, endedMs: Date.now() };
}

if (process.argv[2] === '--serve') {
  // One run at a time, in the order asked: each takes over the process's environment and streams.
  let queue = Promise.resolve();
  createInterface({ input: process.stdin }).on('line', (line) => {
    queue = queue.then(async () => {
      const outcome = await runOne(JSON.parse(line) as Run);
      writeSync(3, `${JSON.stringify(outcome)}\n`);
    });
  });
  process.stdin.on('end', () => queue.then(() => realExit(0)));
} else {
  const outcomes: Outcome[] = [];
  for (const run of JSON.parse(process.argv[2] ?? '[]') as Run[]) outcomes.push(await runOne(run));
  realOut(`${JSON.stringify(outcomes)}\n`);
  realErr('');
  realExit(0);
}
