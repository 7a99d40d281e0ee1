import { type ChildProcessWithoutNullStreams, execFile, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

/**
 * Debian's AWS CLI v2, the reference every byte-for-byte test compares with. The CLI first on PATH may be a
 * v1; this one is called by its path.
 */
export const AWS_CLI = '/usr/bin/aws';
export const awsCliAvailable = existsSync(AWS_CLI);

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

export interface CliOptions {
  /** The whole environment the command sees (as with execFile: nothing else is inherited). */
  env?: Record<string, string | undefined>;
  /** Working directory (file:// arguments are relative to it). */
  cwd?: string;
  /** A command that takes longer fails the call and restarts the driver (default 60 000 ms). */
  timeoutMs?: number;
}

interface Pending {
  resolve: (run: CliRun) => void;
  reject: (error: Error) => void;
  timer: NodeJS.Timeout;
}

/**
 * One long-lived Python process running awscli's own entry point per command (python/aws_cli_driver.py):
 * /usr/bin/aws costs half a CPU-second a command to start Python and import awscli, and the tests run
 * hundreds. Commands run one at a time, in the order they were asked for.
 */
const PYTHON = join(__dirname, '..', 'python');

class Driver {
  private child?: ChildProcessWithoutNullStreams;
  /** Where bash scripts reach the driver (aws_cli_client.py). */
  readonly socket = join(mkdtempSync(join(tmpdir(), 'handson-aws-cli-')), 'driver.sock');
  private readonly pending = new Map<number, Pending>();
  private nextId = 0;

  run(args: string[], options: CliOptions): Promise<CliRun> {
    const child = this.start();
    const id = ++this.nextId;
    const env = Object.fromEntries(
      Object.entries(options.env ?? process.env).filter(([, v]) => v !== undefined),
    );
    return new Promise<CliRun>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.stop(new Error(`aws ${args.join(' ')} took longer than ${options.timeoutMs ?? 60_000} ms`));
      }, options.timeoutMs ?? 60_000);
      this.pending.set(id, { resolve, reject, timer });
      child.stdin.write(`${JSON.stringify({ id, args, env, cwd: options.cwd })}\n`);
    });
  }

  start(): ChildProcessWithoutNullStreams {
    if (this.child) return this.child;
    rmSync(this.socket, { force: true });
    const script = join(PYTHON, 'aws_cli_driver.py');
    const child = spawn('/usr/bin/python3', [script, '--socket', this.socket], {
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    createInterface({ input: child.stdout }).on('line', (line) => {
      const answer = JSON.parse(line) as CliRun & { id: number };
      const waiting = this.pending.get(answer.id);
      if (!waiting) return;
      clearTimeout(waiting.timer);
      this.pending.delete(answer.id);
      waiting.resolve({ code: answer.code, stdout: answer.stdout, stderr: answer.stderr });
    });
    child.on('exit', (code) => {
      if (this.child === child) this.child = undefined;
      this.failAll(new Error(`the AWS CLI driver exited (${code}): ${stderr.slice(-2000)}`));
    });
    // The driver must never keep a test process alive: it ends when its stdin closes with this process.
    child.unref();
    for (const stream of [child.stdin, child.stdout, child.stderr])
      (stream as unknown as { unref?: () => void }).unref?.();
    this.child = child;
    return child;
  }

  private failAll(error: Error): void {
    for (const [id, waiting] of this.pending) {
      clearTimeout(waiting.timer);
      waiting.reject(error);
      this.pending.delete(id);
    }
  }

  private stop(error: Error): void {
    const child = this.child;
    this.child = undefined;
    this.failAll(error);
    child?.kill('SIGKILL');
  }
}

let driver: Driver | undefined;

function theDriver(): Driver {
  if (!driver) {
    const started = new Driver();
    process.once('exit', () => rmSync(join(started.socket, '..'), { recursive: true, force: true }));
    driver = started;
  }
  return driver;
}

/** Whether each command runs as its own /usr/bin/aws process (HANDSON_AWS_CLI_PROCESS=1). */
const ownProcesses = () => process.env.HANDSON_AWS_CLI_PROCESS === '1';

/** The same command through /usr/bin/aws itself: a new process, as a terminal runs it. */
export function awsCliProcess(args: string[], options: CliOptions = {}): Promise<CliRun> {
  return new Promise((resolve) => {
    execFile(
      AWS_CLI,
      args,
      {
        env: options.env ?? process.env,
        ...(options.cwd ? { cwd: options.cwd } : {}),
        timeout: options.timeoutMs ?? 60_000,
        maxBuffer: 64 * 1024 * 1024,
      },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        resolve({ code, stdout: String(stdout), stderr: String(stderr) });
      },
    );
  });
}

/**
 * Runs the AWS CLI v2 with these arguments (without the leading `aws`). HANDSON_AWS_CLI_PROCESS=1 runs each
 * command as its own /usr/bin/aws process instead.
 */
export function awsCli(args: string[], options: CliOptions = {}): Promise<CliRun> {
  if (ownProcesses()) return awsCliProcess(args, options);
  return theDriver().run(args, options);
}

/**
 * For bash scripts that call `aws` themselves (the blog's own scripts): the command that stands for the AWS
 * CLI v2 there, and the variables the script's environment needs for it. Through the driver by default.
 */
export function awsCliForShell(): { command: string; env: Record<string, string> } {
  if (ownProcesses()) return { command: AWS_CLI, env: {} };
  const started = theDriver();
  started.start();
  return {
    command: `/usr/bin/python3 -S ${join(PYTHON, 'aws_cli_client.py')}`,
    env: { HANDSON_AWS_CLI_SOCKET: started.socket },
  };
}
