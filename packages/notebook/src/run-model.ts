import { hasTag, RAISES_EXCEPTION } from './cells';
import { stripStackFrames } from './clean-outputs';
import { locateFailure } from './locate';
import { cellSource, joinText, type Notebook, type Output } from './notebook-file';

export type RunnerName = 'in-process' | 'jupyter';

export interface CellRun {
  /** 0-based index of the cell in the notebook. */
  index: number;
  status: 'ok' | 'error';
  outputs: Output[];
  /** The JavaScript tslab generated for the cell, when the runner saw it (used to locate runtime errors). */
  generatedJs?: string;
  /** A problem of the runner itself (timeout, dead kernel). */
  problem?: string;
  /** Wall time of the cell's run (the in-process runner), to see where a notebook's time goes. */
  ms?: number;
  /** The same cell run a second time at once (InProcessOptions.repeat): what a learner re-running it sees. */
  rerun?: { status: 'ok' | 'error'; outputs: Output[] };
}

export interface CellFailure {
  index: number;
  kind: 'error' | 'did-not-raise' | 'runner';
  line?: number;
  sourceLine?: string;
  message: string;
}

export interface NotebookRun {
  path: string;
  runner: RunnerName;
  notebook: Notebook;
  /** Runs of the code cells that were executed, in order; cells after an unexpected failure are not run. */
  cells: CellRun[];
  failure?: CellFailure;
  /** What the real kernel reported as its language_info (Jupyter runner only). */
  kernelLanguageInfo?: unknown;
}

export function errorText(outputs: Output[]): string {
  const parts: string[] = [];
  for (const output of outputs) {
    if (output.output_type === 'stream' && output.name === 'stderr') parts.push(joinText(output.text));
    if (output.output_type === 'error') parts.push(`${output.ename}: ${output.evalue}`);
  }
  return parts.join('');
}

/** The error message of a failed cell without Node's stack frames and source excerpt. */
export function errorMessage(text: string): string {
  const message = stripStackFrames(text).trim();
  return message.length > 0 ? message : '(the cell failed without writing an error message)';
}

/** Decides whether a run failed, and where: the first cell that threw unexpectedly or did not throw when it should. */
export function findFailure(notebook: Notebook, cells: CellRun[]): CellFailure | undefined {
  for (const run of cells) {
    const cell = notebook.cells[run.index]!;
    const mayRaise = hasTag(cell, RAISES_EXCEPTION);
    if (run.problem) return { index: run.index, kind: 'runner', message: run.problem };
    if (run.status === 'error' && !mayRaise) {
      const text = errorText(run.outputs);
      const where = locateFailure(cellSource(cell), text, run.generatedJs);
      return {
        index: run.index,
        kind: 'error',
        line: where?.line,
        sourceLine: where?.text,
        message: errorMessage(text),
      };
    }
    if (run.status === 'ok' && mayRaise) {
      return {
        index: run.index,
        kind: 'did-not-raise',
        message: `the cell is tagged "${RAISES_EXCEPTION}" but did not throw`,
      };
    }
  }
  return undefined;
}

export function describeFailure(run: NotebookRun): string {
  const failure = run.failure;
  if (!failure) return `${run.path}: all cells ran`;
  const codeNumber = run.notebook.cells
    .slice(0, failure.index + 1)
    .filter((c) => c.cell_type === 'code').length;
  const lines = [`${run.path}: cell ${failure.index + 1} (code cell ${codeNumber}) failed [${run.runner}]`];
  if (failure.sourceLine !== undefined) lines.push(`  line ${failure.line}: ${failure.sourceLine}`);
  lines.push(...failure.message.split('\n').map((l) => `  ${l}`));
  return lines.join('\n');
}

export class NotebookRunError extends Error {
  constructor(readonly run: NotebookRun) {
    super(describeFailure(run));
    this.name = 'NotebookRunError';
  }
}

/** Throws a NotebookRunError naming the notebook, cell, source line and error when the run failed. */
export function assertRunSucceeded(run: NotebookRun): NotebookRun {
  if (run.failure) throw new NotebookRunError(run);
  return run;
}
