import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import type { RecordedCall } from '@handson/labkit';
import {
  type CheckResult,
  cellSource,
  checkNotebook,
  joinText,
  type Notebook,
  type Output,
  readNotebook,
} from '@handson/notebook';
import { type RunningSandbox, type SandboxOptions, startSandbox } from '@handson/sandbox';
import { ScriptHost } from './support/script-host';

export const ROOT = resolve(__dirname, '..', '..');

/** A request the world's sandbox answered, as its observer saw it. */
export interface SeenRequest {
  service: string;
  operation: string;
  readOnly: boolean;
  error?: string;
  /** When the sandbox answered it (Date.now()). */
  atMs: number;
  region: string;
  /** The key that signed it. */
  accessKeyId: string;
}

/**
 * Every list the sandbox answers in a lab test comes in pages this small, as a real account's lists come in
 * pages too: a lab that reads only the first page of something fails its test here.
 */
export const LAB_PAGE_SIZE = 3;

/** A notebook cell run a second time right after the first. */
export interface CellRerun {
  index: number;
  status: 'ok' | 'error';
  printed: string;
}

/** Everything some outputs printed (stdout, stderr, text results), as one string. */
const printedText = (outputs: Output[]) =>
  outputs.map((output) => ('text' in output ? joinText(output.text as string | string[]) : '')).join('');

/**
 * The `repeat` option of a notebook run: a cell that creates something goes through labkit's once(), so it is
 * run twice, as a learner might (for tests that call checkNotebook themselves, e.g. with a seeded sandbox).
 */
export function onceCells(notebook: Notebook): (index: number) => boolean {
  return (index) => cellSource(notebook.cells[index]!).includes('once(');
}

/** The second runs of the cells a run repeated (see onceCells), for expectSafeReruns. */
export function rerunsOf(result: CheckResult): CellRerun[] {
  return result.run.cells
    .filter((cell) => cell.rerun)
    .map((cell) => ({
      index: cell.index,
      status: cell.rerun!.status,
      printed: printedText(cell.rerun!.outputs),
    }));
}

export interface ScriptRun {
  script: string;
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * A lab's world for one test: a private sandbox and a private work directory. Scripts run as child processes
 * (asynchronously: the sandbox serves from this process, so a synchronous spawn would deadlock).
 */
export class LabWorld {
  readonly workDir = mkdtempSync(join(tmpdir(), 'handson-lab-'));
  /**
   * Every script run appends the calls it made here (HANDSON_RECORD_CALLS), for the CLI proof. Outside the
   * work dir: the records hold unmasked secrets, and the labs' own checks look at what the work dir holds.
   */
  private readonly recordDir = mkdtempSync(join(tmpdir(), 'handson-lab-calls-'));
  readonly recordFile = join(this.recordDir, 'calls.jsonl');
  private constructor(
    readonly slug: string,
    readonly sandbox: RunningSandbox,
    /** Every request the sandbox answered, in order (tests slice it around a run). */
    readonly requests: SeenRequest[],
  ) {}

  static async start(
    slug: string,
    seed = 'lab-tests',
    options: Pick<SandboxOptions, 'services' | 'pageSize'> = {},
  ): Promise<LabWorld> {
    const dataDir = mkdtempSync(join(tmpdir(), 'handson-lab-sandbox-'));
    const requests: SeenRequest[] = [];
    const sandbox = await startSandbox({
      pageSize: LAB_PAGE_SIZE,
      ...options,
      port: 0,
      host: '127.0.0.1',
      dataDir,
      seed,
      onRequest: (_state, r) =>
        requests.push({
          service: r.service,
          operation: r.operation,
          readOnly: r.readOnly,
          ...(r.error ? { error: r.error.code } : {}),
          atMs: Date.now(),
          region: r.region,
          accessKeyId: r.principal.accessKeyId,
        }),
    });
    return new LabWorld(slug, sandbox, requests);
  }

  /** The requests the sandbox answered while `fn` ran. */
  async requestsDuring<T>(fn: () => Promise<T>): Promise<{ result: T; requests: SeenRequest[] }> {
    const from = this.requests.length;
    const result = await fn();
    return { result, requests: this.requests.slice(from) };
  }

  /** Where this world's scripts run (see support/script-host.ts); started at the first run. */
  private readonly host = new ScriptHost(ROOT);

  private scriptPath(script: string): string {
    return script.includes('/') ? join(ROOT, 'scripts', script) : join(ROOT, 'scripts', this.slug, script);
  }

  /**
   * Runs scripts one after another in the world's script host: the same code as separate processes, without
   * a process start for each. A script named `NN-slug/name.mts` belongs to another lab.
   */
  async runInOneProcess(runs: { script: string; args?: string[] }[], extraEnv: NodeJS.ProcessEnv = {}) {
    const results: ScriptRun[] = [];
    for (const r of runs) results.push(await this.run(r.script, r.args ?? [], extraEnv));
    return results;
  }

  get env(): NodeJS.ProcessEnv {
    const env: NodeJS.ProcessEnv = {
      PATH: process.env.PATH,
      HOME: this.workDir,
      LANG: 'C.UTF-8',
      HANDSON_TARGET: 'sandbox',
      HANDSON_SANDBOX_URL: this.sandbox.url,
      HANDSON_WORK_DIR: join(this.workDir, 'environment'),
      AWS_ACCESS_KEY_ID: 'test',
      AWS_SECRET_ACCESS_KEY: 'test',
      AWS_DEFAULT_REGION: 'ap-northeast-1',
      AWS_CONFIG_FILE: join(this.workDir, 'no-config'),
      AWS_SHARED_CREDENTIALS_FILE: join(this.workDir, 'no-credentials'),
    };
    return env;
  }

  /** The lab's step scripts in order, then teardown.mts. */
  scripts(): { steps: string[]; teardown: string } {
    const files = readdirSync(join(ROOT, 'scripts', this.slug)).sort();
    return { steps: files.filter((f) => /^\d\d-.*\.mts$/.test(f)), teardown: 'teardown.mts' };
  }

  /** Each script run with the requests the sandbox answered while it ran (runs never overlap in a world). */
  readonly runLog: { script: string; args: string[]; requests: SeenRequest[] }[] = [];

  /**
   * Runs one script in the world's script host, or as a process of its own with HANDSON_LAB_PROCESSES=1
   * (as labs-under-faults always does).
   */
  async run(script: string, args: string[] = [], extraEnv: NodeJS.ProcessEnv = {}): Promise<ScriptRun> {
    const env = { ...this.env, HANDSON_RECORD_CALLS: this.recordFile, ...extraEnv };
    const path = this.scriptPath(script);
    if (process.env.HANDSON_LAB_PROCESSES === '1') {
      const { result, requests } = await this.requestsDuring(() => spawnScript(path, args, env));
      this.runLog.push({ script: basename(path), args, requests });
      return { ...result, script };
    }
    const o = await this.host.run(path, args, env);
    const requests = this.requests.filter((r) => r.atMs >= o.startedMs && r.atMs <= o.endedMs);
    this.runLog.push({ script: basename(path), args, requests });
    return { script, code: o.code, stdout: o.stdout, stderr: o.stderr };
  }

  /** Every step in order (stopping at the first failure), then teardown. */
  async runAll(): Promise<{ steps: ScriptRun[]; teardown: ScriptRun }> {
    const { steps, teardown } = this.scripts();
    const runs: ScriptRun[] = [];
    for (const step of steps) {
      const result = await this.run(step);
      runs.push(result);
      if (result.code !== 0) break;
    }
    return { steps: runs, teardown: await this.run(teardown) };
  }

  /**
   * Runs `fn` with this world's environment in process.env (for a notebook run in this process), then puts
   * process.env back as it was, variables added meanwhile removed.
   */
  async inEnv<T>(fn: () => Promise<T>): Promise<T> {
    const saved = { ...process.env };
    Object.assign(process.env, this.env);
    try {
      return await fn();
    } finally {
      for (const name of Object.keys(process.env)) if (!(name in saved)) delete process.env[name];
      Object.assign(process.env, saved);
    }
  }

  /**
   * The lab's committed notebook, checked in this process against its stored outputs on this world's sandbox,
   * with everything its cells printed (stdout, stderr, text results) as one string.
   */
  async checkNotebookInProcess(
    /** Changes to the notebook before the run (a skipped cell made runnable, with the outputs it must print). */
    edit?: (notebook: Notebook) => void,
  ): Promise<{ result: CheckResult; printed: string; reruns: CellRerun[] }> {
    const path = join(ROOT, 'notebooks', `${this.slug}.ipynb`);
    const notebook = readNotebook(path);
    edit?.(notebook);
    const repeat = onceCells(notebook);
    const result = await this.inEnv(() => checkNotebook(path, { runner: 'in-process', repeat, notebook }));
    const printed = printedText(result.run.cells.flatMap((cell) => cell.outputs));
    return { result, printed, reruns: rerunsOf(result) };
  }

  /** The calls the scripts run so far made, in order. */
  recordedCalls(): RecordedCall[] {
    if (!existsSync(this.recordFile)) return [];
    return readFileSync(this.recordFile, 'utf8')
      .split('\n')
      .filter((line) => line.trim())
      .map((line) => JSON.parse(line) as RecordedCall);
  }

  async close(): Promise<void> {
    this.host.close();
    await this.sandbox.close();
    rmSync(this.workDir, { recursive: true, force: true });
    rmSync(this.recordDir, { recursive: true, force: true });
  }
}

/** A failed script's output, for the assertion message. */
export function explain(run: ScriptRun): string {
  return `${run.script} exited ${run.code}\n--- stdout\n${run.stdout}\n--- stderr\n${run.stderr}`;
}

/** A script as a process of its own, as a learner runs it. */
function spawnScript(path: string, args: string[], env: NodeJS.ProcessEnv): Promise<ScriptRun> {
  return new Promise((done) => {
    const child = spawn(process.execPath, ['--conditions=@handson/source', '--import=tsx', path, ...args], {
      cwd: ROOT,
      env,
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('exit', (code) => done({ script: basename(path), code: code ?? 1, stdout, stderr }));
  });
}
