import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';

/** What the host reports for one script run. */
export interface HostOutcome {
  path: string;
  args: string[];
  code: number;
  stdout: string;
  stderr: string;
  startedMs: number;
  endedMs: number;
}

/**
 * A long-lived process that runs a lab's scripts on request (scripts-in-one-process.mts --serve), so a lab
 * test pays for loading tsx and the SDK once instead of once per script. Runs are answered in order.
 */
export class ScriptHost {
  private child?: ChildProcess;
  private readonly waiting: { resolve: (o: HostOutcome) => void; reject: (e: Error) => void }[] = [];

  /**
   * `env`: the host process's own environment (e.g. a preloaded network guard in NODE_OPTIONS). `echo`: the
   * scripts' output goes straight to this process's stdout and stderr as it comes (`npm run labs`), and the
   * outcomes carry none.
   */
  constructor(
    private readonly root: string,
    private readonly env: NodeJS.ProcessEnv = process.env,
    private readonly echo = false,
  ) {}

  /** `timeoutMs`: how long a script may run before the host is stopped; `null`: as long as it takes. */
  run(
    path: string,
    args: string[],
    env: NodeJS.ProcessEnv,
    timeoutMs: number | null = 300_000,
  ): Promise<HostOutcome> {
    const child = this.start();
    const clean = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined));
    return new Promise<HostOutcome>((resolve, reject) => {
      const timer =
        timeoutMs === null
          ? undefined
          : setTimeout(() => {
              this.stop(new Error(`${path} ran longer than ${timeoutMs} ms`));
            }, timeoutMs);
      this.waiting.push({
        resolve: (o) => {
          clearTimeout(timer);
          resolve(o);
        },
        reject: (e) => {
          clearTimeout(timer);
          reject(e);
        },
      });
      const request = { path, args, env: clean, ...(this.echo ? { echo: true } : {}) };
      (child.stdin as Writable).write(`${JSON.stringify(request)}\n`);
    });
  }

  private start(): ChildProcess {
    if (this.child) return this.child;
    const harness = join(this.root, 'test', 'labs', 'support', 'scripts-in-one-process.mts');
    const child = spawn(
      process.execPath,
      ['--conditions=@handson/source', '--import=tsx', harness, '--serve'],
      {
        cwd: this.root,
        env: this.env,
        stdio: ['pipe', this.echo ? 'inherit' : 'pipe', this.echo ? 'inherit' : 'pipe', 'pipe'],
      },
    );
    let stray = '';
    child.stdout?.on('data', (d) => (stray += d));
    child.stderr?.on('data', (d) => (stray += d));
    createInterface({ input: child.stdio[3] as Readable }).on('line', (line) => {
      this.waiting.shift()?.resolve(JSON.parse(line) as HostOutcome);
    });
    child.on('exit', (code) => {
      if (this.child === child) this.child = undefined;
      const error = new Error(`the script host exited (${code}): ${stray.slice(-2000)}`);
      for (const w of this.waiting.splice(0)) w.reject(error);
    });
    this.child = child;
    return child;
  }

  private stop(error: Error): void {
    const child = this.child;
    this.child = undefined;
    for (const w of this.waiting.splice(0)) w.reject(error);
    child?.kill('SIGKILL');
  }

  close(): void {
    this.child?.stdin?.end();
    this.child = undefined;
  }
}
