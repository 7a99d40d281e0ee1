import { Console } from 'node:console';
import { dirname, resolve } from 'node:path';
import { Writable } from 'node:stream';
import type { Converter, ConvertResult } from 'tslab/dist/converter';
import { preferBuiltPackages } from './built-packages';
import { hasTag, isRunnable, RAISES_EXCEPTION } from './cells';
import { cellSource, type DataOutput, type Notebook, type Output, readNotebook } from './notebook-file';
import { type CellRun, findFailure, type NotebookRun } from './run-model';
import { tslabConverter, tslabExecutor, tslabJupyter, withoutFileWatchers } from './tslab-modules';

export interface InProcessOptions {
  /** Run this notebook content instead of reading the file (the path still sets the working directory). */
  notebook?: Notebook;
  /** How long a cell may run before it is interrupted and the run fails; default 300,000 ms (5 min). */
  cellTimeoutMs?: number;
  /**
   * Cells to run a second time right after the first (by index): a test that re-running them is safe. The
   * second run's outputs go to CellRun.rerun, not into the outputs compared with the stored ones.
   */
  repeat?: (index: number) => boolean;
}

class CellTimeout extends Error {}

/** `1 s`, `300 s`, `1.5 s`, `250 ms`: the limit as a reader of a failure would write it. */
function formatMs(ms: number): string {
  return ms < 1000 ? `${ms} ms` : `${ms / 1000} s`;
}

/** Races a cell against its time limit; on timeout tslab's executor is interrupted (as Jupyter's interrupt does). */
async function withinTime<T>(ms: number, interrupt: () => void, body: () => Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const limit = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      interrupt();
      reject(new CellTimeout(`the cell did not finish within ${formatMs(ms)} (timeout)`));
    }, ms);
  });
  try {
    return await Promise.race([body(), limit]);
  } finally {
    clearTimeout(timer);
  }
}

type DisplayWriter = (
  data: { data: DataOutput['data']; metadata?: object; transient?: { display_id?: string } },
  update: boolean,
) => void;

/** Collects what a cell writes: console, process.stdout/stderr and tslab's display, in order. */
class CellCapture {
  readonly outputs: Output[] = [];
  private readonly displayIndex = new Map<string, number>();
  readonly console: Console;

  constructor() {
    const stream = (name: 'stdout' | 'stderr') =>
      new Writable({
        decodeStrings: false,
        write: (chunk: string | Buffer, _encoding, callback) => {
          this.writeStream(name, typeof chunk === 'string' ? chunk : chunk.toString('utf8'));
          callback();
        },
      });
    this.console = new Console({
      stdout: stream('stdout'),
      stderr: stream('stderr'),
      colorMode: false,
    });
  }

  writeStream(name: 'stdout' | 'stderr', text: string): void {
    this.outputs.push({ output_type: 'stream', name, text });
  }

  readonly display: DisplayWriter = (message, update) => {
    const output: DataOutput = { output_type: 'display_data', data: message.data, metadata: {} };
    const id = message.transient?.display_id;
    const known = id === undefined ? undefined : this.displayIndex.get(id);
    if (update && known !== undefined) {
      this.outputs[known] = output;
      return;
    }
    if (id !== undefined) this.displayIndex.set(id, this.outputs.length);
    this.outputs.push(output);
  };
}

/** Swaps the process's console and standard streams for a capture while one cell runs. */
async function withCapture<T>(capture: CellCapture, body: () => Promise<T>): Promise<T> {
  const saved = {
    console: globalThis.console,
    stdout: process.stdout.write,
    stderr: process.stderr.write,
    display: tslabJupyter.lastWriteDisplayData,
  };
  const hook = (name: 'stdout' | 'stderr') =>
    ((chunk: string | Uint8Array, ...rest: unknown[]) => {
      capture.writeStream(name, typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
      const callback = rest.find((r) => typeof r === 'function') as (() => void) | undefined;
      callback?.();
      return true;
    }) as typeof process.stdout.write;
  // Output helpers size tables to a terminal; a kernel's stdout is a pipe, so the capture is one too.
  const tty = Object.getOwnPropertyDescriptor(process.stdout, 'isTTY');
  Object.defineProperty(process.stdout, 'isTTY', { value: false, configurable: true, writable: true });
  globalThis.console = capture.console;
  process.stdout.write = hook('stdout');
  process.stderr.write = hook('stderr');
  tslabJupyter.lastWriteDisplayData = capture.display;
  try {
    return await body();
  } finally {
    if (tty) Object.defineProperty(process.stdout, 'isTTY', tty);
    else delete (process.stdout as { isTTY?: boolean }).isTTY;
    globalThis.console = saved.console;
    process.stdout.write = saved.stdout;
    process.stderr.write = saved.stderr;
    tslabJupyter.lastWriteDisplayData = saved.display;
  }
}

// tslab's executor hands `exports` and `require` to cells through one global, so runs in a process take turns.
let queue: Promise<unknown> = Promise.resolve();

/**
 * Runs a notebook's code cells in this process through tslab's own converter and executor, the way its kernel
 * does, with the working directory set to the notebook's folder. Needs a process of its own for the chdir
 * (vitest: pool "forks"). Helper packages are loaded through Node's require, so they must be built.
 */
export function runInProcess(path: string, options: InProcessOptions = {}): Promise<NotebookRun> {
  const run = queue.then(() => runNow(path, options));
  queue = run.catch(() => undefined);
  return run;
}

/** tslab's converter, recording what it made of the last cell (the generated JavaScript a failure shows). */
function recordingConverter(): {
  convs: Converters;
  lastConverted: () => ConvertResult | undefined;
  forget: () => void;
  close: () => void;
} {
  const converter = tslabConverter.createConverter({ isJS: false, isBrowser: false });
  let last: ConvertResult | undefined;
  const recording: Converter = {
    ...converter,
    convert: (prevDecl, src) => {
      last = converter.convert(prevDecl, src);
      return last;
    },
    close: () => converter.close(),
  };
  return {
    convs: { node: recording, browser: recording, close: () => converter.close() },
    lastConverted: () => last,
    forget: () => {
      last = undefined;
    },
    close: () => converter.close(),
  };
}

type Executor = ReturnType<typeof tslabExecutor.createExecutor>;
type Converters = Parameters<typeof tslabExecutor.createExecutor>[1];

/** One cell through the executor, its outputs captured; a cell past its time limit is interrupted. */
async function executeCell(
  executor: Executor,
  source: string,
  timeoutMs: number,
  useConsole: (console: Console) => void,
): Promise<{ ok: boolean; outputs: CellCapture['outputs']; problem?: string }> {
  const capture = new CellCapture();
  useConsole(capture.console);
  try {
    const ok = await withCapture(capture, () =>
      withinTime(
        timeoutMs,
        () => executor.interrupt(),
        () => executor.execute(source),
      ),
    );
    return { ok, outputs: capture.outputs };
  } catch (error) {
    if (!(error instanceof CellTimeout)) throw error;
    return { ok: false, outputs: capture.outputs, problem: error.message };
  }
}

async function runNow(path: string, options: InProcessOptions): Promise<NotebookRun> {
  const notebookPath = resolve(path);
  const notebook = options.notebook ?? readNotebook(notebookPath);
  const dir = dirname(notebookPath);
  const timeoutMs = options.cellTimeoutMs ?? 300_000;
  const savedCwd = process.cwd();
  const restoreWatchers = withoutFileWatchers();
  // The converter resolves a cell's relative imports (`./lib/helper`) from the directory it starts in.
  process.chdir(dir);
  let converter: ReturnType<typeof recordingConverter>;
  try {
    converter = recordingConverter();
  } catch (error) {
    process.chdir(savedCwd);
    restoreWatchers();
    throw error;
  }
  const cells: CellRun[] = [];
  const restoreResolution = preferBuiltPackages();
  try {
    let executorConsole: Console = globalThis.console;
    const useConsole = (console: Console) => {
      executorConsole = console;
    };
    const executor = tslabExecutor.createExecutor(dir, converter.convs, {
      log: (...args: unknown[]) => executorConsole.log(...args),
      error: (...args: unknown[]) => executorConsole.error(...args),
    });
    try {
      for (const [index, cell] of notebook.cells.entries()) {
        if (!isRunnable(cell)) continue;
        converter.forget();
        const started = performance.now();
        const { ok, outputs, problem } = await executeCell(executor, cellSource(cell), timeoutMs, useConsole);
        const ms = Math.round(performance.now() - started);
        const generated = converter.lastConverted();
        const again =
          ok && options.repeat?.(index)
            ? await executeCell(executor, cellSource(cell), timeoutMs, useConsole)
            : undefined;
        cells.push({
          index,
          status: ok ? 'ok' : 'error',
          outputs,
          generatedJs: generated?.output,
          ms,
          ...(problem ? { problem } : {}),
          ...(again ? { rerun: { status: again.ok ? 'ok' : 'error', outputs: again.outputs } } : {}),
        });
        if (problem || (!ok && !hasTag(cell, RAISES_EXCEPTION))) break;
      }
    } finally {
      executor.close();
    }
  } finally {
    restoreResolution();
    process.chdir(savedCwd);
    converter.close();
    restoreWatchers();
  }
  return { path, runner: 'in-process', notebook, cells, failure: findFailure(notebook, cells) };
}
