import { dirname, resolve } from 'node:path';
import { hasTag, isRunnable, RAISES_EXCEPTION } from './cells';
import {
  headlessJupyterAvailability,
  INSTALL_JUPYTER_HELP,
  installKernelSpec,
  jupyterEnv,
  KERNEL_NAME,
  projectRoot,
} from './jupyter-env';
import { cellSource, type Notebook, type Output, readNotebook } from './notebook-file';
import { pythonScript, runPythonDriver } from './python-driver';
import { type CellRun, findFailure, type NotebookRun } from './run-model';
import { tslabConverter } from './tslab-modules';

export interface JupyterRunOptions {
  notebook?: Notebook;
  /** How long a cell may run; default 300,000 ms (5 min). */
  cellTimeoutMs?: number;
  python?: string;
}

export class JupyterUnavailableError extends Error {
  constructor(reason: string) {
    super(`Jupyter is not available: ${reason}\n${INSTALL_JUPYTER_HELP}`);
    this.name = 'JupyterUnavailableError';
  }
}

interface DriverResult {
  fatal?: string | null;
  cells?: { index: number; status: string; outputs: Output[]; problem?: string | null }[];
  languageInfo?: unknown;
}

const DRIVER = pythonScript('run_notebook.py');

/** The JavaScript tslab generated for a cell, replayed with a fresh converter (the kernel does not report it). */
function generatedJsFor(notebook: Notebook, cells: CellRun[], failing: number): string | undefined {
  const converter = tslabConverter.createConverter({ isJS: false, isBrowser: false });
  try {
    let prevDecl = '';
    for (const run of cells) {
      const converted = converter.convert(prevDecl, cellSource(notebook.cells[run.index]!));
      if (run.index === failing) return converted.output;
      if (run.status === 'ok' && converted.diagnostics.length === 0) prevDecl = converted.declOutput ?? '';
    }
    return undefined;
  } finally {
    converter.close();
  }
}

/**
 * Runs a notebook through the real tslab Jupyter kernel, as a user's Jupyter does: nbclient under Debian's
 * Python, the kernelspec installed into the project's .jupyter-local, the notebook's folder as working directory.
 */
export async function runInJupyter(path: string, options: JupyterRunOptions = {}): Promise<NotebookRun> {
  const notebookPath = resolve(path);
  const notebook = options.notebook ?? readNotebook(notebookPath);
  const availability = headlessJupyterAvailability(options.python);
  if (!availability.available) throw new JupyterUnavailableError(availability.reason ?? 'unknown reason');
  const root = projectRoot(dirname(notebookPath));
  installKernelSpec(root);
  const run = notebook.cells.flatMap((cell, index) => (isRunnable(cell) ? [index] : []));
  const mayRaise = run.filter((index) => hasTag(notebook.cells[index]!, RAISES_EXCEPTION));
  const result = await runPythonDriver<DriverResult>(availability.python, DRIVER, jupyterEnv(root, true), {
    notebook,
    cwd: dirname(notebookPath),
    kernelName: KERNEL_NAME,
    // nbclient counts its timeout in seconds.
    timeout: (options.cellTimeoutMs ?? 300_000) / 1000,
    run,
    mayRaise,
  });
  if (!result.cells) throw new JupyterUnavailableError(result.fatal ?? 'the driver returned no cells');
  const cells: CellRun[] = result.cells.map((cell) => ({
    index: cell.index,
    status: cell.status === 'ok' ? 'ok' : 'error',
    outputs: cell.outputs,
    ...(cell.problem ? { problem: cell.problem } : {}),
  }));
  let failure = findFailure(notebook, cells);
  if (failure?.kind === 'error' && failure.line === undefined) {
    const failed = cells.find((cell) => cell.index === failure!.index)!;
    failed.generatedJs = generatedJsFor(notebook, cells, failure.index);
    failure = findFailure(notebook, cells);
  }
  return { path, runner: 'jupyter', notebook, cells, failure, kernelLanguageInfo: result.languageInfo };
}
