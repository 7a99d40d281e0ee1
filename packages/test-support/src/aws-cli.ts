import { type ChildProcessWithoutNullStreams, execFile, execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { createInterface } from 'node:readline';
import { behindShim } from './behind-shim';

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
  /** The Python the CLI is installed for: Debian's for v2, the interpreter behind a v1 `aws` script. */
  constructor(private readonly python = '/usr/bin/python3') {}
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
    const child = spawn(this.python, [script, '--socket', this.socket], {
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

const drivers = new Map<string, Driver>();

function theDriver(python = '/usr/bin/python3'): Driver {
  let driver = drivers.get(python);
  if (!driver) {
    const started = new Driver(python);
    process.once('exit', () => rmSync(join(started.socket, '..'), { recursive: true, force: true }));
    drivers.set(python, started);
    driver = started;
  }
  return driver;
}

/** Whether each command runs as its own /usr/bin/aws process (HANDSON_AWS_CLI_PROCESS=1). */
const ownProcesses = () => process.env.HANDSON_AWS_CLI_PROCESS === '1';

/** The same command through /usr/bin/aws itself: a new process, as a terminal runs it. */
export function awsCliProcess(args: string[], options: CliOptions = {}, command = AWS_CLI): Promise<CliRun> {
  return new Promise((resolve) => {
    execFile(
      command,
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

/** An AWS CLI v1 installed here: the command a terminal runs, and the Python its script runs on. */
interface V1Install {
  command: string;
  python: string;
}

/**
 * The first `aws` on PATH that is an AWS CLI v1 (the blog's Cloud9 had v1), if any, with its Python: the
 * script's `#!` line, or behind a pyenv shim that of the script `pyenv which aws` names.
 */
function findV1(): V1Install | undefined {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    const command = join(dir, 'aws');
    if (!dir || command === AWS_CLI || !existsSync(command)) continue;
    try {
      const version = execFileSync(command, ['--version'], { encoding: 'utf8', stdio: 'pipe' });
      if (!version.startsWith('aws-cli/1.')) continue;
      const script = readFileSync(behindShim('aws', command), 'utf8');
      const python = /^#!\s*(\S+)/.exec(script)?.[1];
      if (python && /python[\d.]*$/.test(python)) return { command, python };
    } catch {
      // not runnable: try the next one
    }
  }
  return undefined;
}

export interface AwsCliV1 {
  /** The `aws` a terminal here runs for v1 (to compare a command with the driver's answer). */
  command: string;
  /** Runs a command through the long-lived driver, in v1's own Python (HANDSON_AWS_CLI_PROCESS=1: as a process). */
  run(args: string[], options?: CliOptions): Promise<CliRun>;
}

let v1: V1Install | undefined | null = null;

/**
 * An AWS CLI v1 found on PATH, or undefined when there is none: `aws configure list` as the blog printed
 * it is a v1 output. Its commands run through the same kind of driver as v2's, in v1's Python.
 */
export function awsCliV1(): AwsCliV1 | undefined {
  if (v1 === null) v1 = findV1();
  const found = v1;
  if (!found) return undefined;
  return {
    command: found.command,
    run: (args, options = {}) =>
      ownProcesses()
        ? awsCliProcess(args, options, found.command)
        : theDriver(found.python).run(args, options),
  };
}
