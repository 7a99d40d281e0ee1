#!/usr/bin/env -S node --conditions=@handson/source --import=tsx
/**
 * One notebook measurement in a process of its own (the in-process runner changes directory and owns the
 * console). Prints one JSON line. Modes:
 *   in-process <notebook>   run it through tslab's converter and executor in this process
 *   jupyter <notebook>      run it through the real tslab kernel (nbclient)
 *   kernel-start <notebook> the real kernel with one trivial cell: kernel start and driver overhead
 *   compile <notebook> [src] only TypeScript-compile its code cells in order (or the one cell `src`), as the
 *                           kernel does, timed per cell
 */
import { createRequire } from 'node:module';
import { dirname, resolve } from 'node:path';
import type { Notebook } from '@handson/notebook';

// Through require: the package's `export *` names are not visible to an ES module import.
const require = createRequire(import.meta.url);
const { cellSource, isRunnable, readNotebook, runInJupyter, runInProcess } =
  require('@handson/notebook') as typeof import('@handson/notebook');

const [mode, path] = process.argv.slice(2) as [string, string];
const started = performance.now();
const elapsed = () => performance.now() - started;

if (mode === 'compile') {
  const notebook = readNotebook(path);
  // As the kernel: modules resolve from the notebook's folder.
  process.chdir(dirname(resolve(path)));
  const only = process.argv.slice(4);
  // tslab is the notebook package's dependency: load the very converter its runners use.
  const { createConverter } = createRequire(require.resolve('@handson/notebook'))('tslab/dist/converter') as {
    createConverter(options: { isJS: boolean; isBrowser: boolean }): {
      convert(prevDecl: string, src: string): { diagnostics: unknown[]; declOutput?: string };
      close(): void;
    };
  };
  const setup = performance.now();
  const converter = createConverter({ isJS: false, isBrowser: false });
  const setupMs = performance.now() - setup;
  const perCell: number[] = [];
  let prevDecl = '';
  const sources = only.length === 0 ? notebook.cells.filter(isRunnable).map(cellSource) : only;
  for (const source of sources) {
    const t = performance.now();
    const out = converter.convert(prevDecl, source);
    perCell.push(performance.now() - t);
    if (out.diagnostics.length === 0) prevDecl = out.declOutput ?? '';
  }
  converter.close();
  console.log(JSON.stringify({ ms: elapsed(), setupMs, perCell }));
} else {
  let notebook: Notebook | undefined;
  if (mode === 'kernel-start') {
    const nb = readNotebook(path);
    notebook = {
      ...nb,
      cells: [{ cell_type: 'code', metadata: {}, source: ['1 + 1'], outputs: [], execution_count: null }],
    } as Notebook;
  }
  const run =
    mode === 'in-process' ? await runInProcess(path, { notebook }) : await runInJupyter(path, { notebook });
  console.log(
    JSON.stringify({
      ms: elapsed(),
      cells: run.cells.length,
      failure: run.failure
        ? `cell ${run.failure.index + 1}: ${run.failure.message.split('\n')[0]}`
        : undefined,
    }),
  );
}
