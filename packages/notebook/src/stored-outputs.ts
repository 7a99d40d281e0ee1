import { readFileSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, resolve } from 'node:path';
import { createTwoFilesPatch } from 'diff';
import { isRunnable } from './cells';
import { cleanNotebook, cleanOutputs } from './clean-outputs';
import { projectRoot } from './jupyter-env';
import {
  DEFAULT_NORMALISERS,
  type Normaliser,
  normalise,
  normalisersFor,
  pathNormaliser,
} from './normalisers';
import {
  type Cell,
  cellSource,
  joinText,
  type Notebook,
  type Output,
  readNotebook,
  serializeNotebook,
} from './notebook-file';
import { englishProseProblems } from './prose-language';
import { Redactor } from './redact';
import { runInProcess } from './run-in-process';
import { runInJupyter } from './run-jupyter';
import { assertRunSucceeded, type NotebookRun, type RunnerName } from './run-model';
import { scanForSecrets } from './secret-scan';

export interface RunOptions {
  runner?: RunnerName;
  /** Run this content instead of the file's (tests use it to change a notebook without writing it). */
  notebook?: Notebook;
  /** In-process only: cells to run twice in a row (see InProcessOptions.repeat). */
  repeat?: (index: number) => boolean;
}

export function runNotebook(path: string, options: RunOptions = {}): Promise<NotebookRun> {
  const runOptions = options.notebook ? { notebook: options.notebook } : {};
  if (options.runner === 'jupyter') return runInJupyter(path, runOptions);
  return runInProcess(path, { ...runOptions, ...(options.repeat ? { repeat: options.repeat } : {}) });
}

/**
 * The notebook as it would be stored after this run: outputs cleaned and redacted, noise removed, and this
 * machine's paths (checkout, home, labs work dir) written as <root> and <home>, so a committed notebook names
 * no one's folders and compares on any machine.
 */
export function storedForm(run: NotebookRun): Notebook {
  assertRunSucceeded(run);
  const paths = machinePaths(run.path);
  const redactor = new Redactor();
  // First pass: learn every secret in document order, so masks are numbered the same way on every run.
  for (const cell of run.cells) {
    cleanOutputs(cell.outputs, (text) => {
      redactor.learn(text);
      return text;
    });
  }
  const fresh = new Map<number, Output[]>();
  for (const cell of run.cells)
    fresh.set(
      cell.index,
      cleanOutputs(cell.outputs, (text) => redactor.redact(paths.apply(text))),
    );
  return cleanNotebook(run.notebook, fresh);
}

export interface RegenerateResult {
  path: string;
  changed: boolean;
  run: NotebookRun;
}

/** Executes a notebook and writes its cleaned outputs back. Refuses to write when a cell failed. */
export async function regenerateNotebook(path: string, options: RunOptions = {}): Promise<RegenerateResult> {
  const run = await runNotebook(path, options);
  const text = serializeNotebook(storedForm(run));
  const before = readFileSync(path, 'utf8');
  if (before !== text) writeFileSync(path, text);
  return { path, changed: before !== text, run };
}

function renderOutput(output: Output): string {
  switch (output.output_type) {
    case 'stream':
      return `[${output.name}]\n${joinText(output.text)}`;
    case 'error':
      return `[error] ${output.ename}: ${output.evalue}\n`;
    default:
      return Object.entries(output.data)
        .map(([mime, value]) => {
          const text =
            typeof value === 'string' || Array.isArray(value)
              ? joinText(value as string[])
              : JSON.stringify(value);
          return `[${output.output_type} ${mime}]\n${text}`;
        })
        .join('\n');
  }
}

function ensureNewline(text: string): string {
  return text.length === 0 || text.endsWith('\n') ? text : `${text}\n`;
}

/** One comparable text per notebook: each code cell's outputs under a header, after normalising. */
export function comparableText(nb: Notebook, base: Normaliser[]): string {
  let codeNumber = 0;
  const parts: string[] = [];
  nb.cells.forEach((cell: Cell, index) => {
    if (cell.cell_type !== 'code') return;
    codeNumber += 1;
    if (!isRunnable(cell)) return;
    const firstLine = joinText(cell.source).split('\n')[0] ?? '';
    const body = (cell.outputs ?? []).map((o) => ensureNewline(renderOutput(o))).join('');
    const normalisers = normalisersFor(cell.metadata.handson, base);
    parts.push(
      `── cell ${index + 1} (code cell ${codeNumber}): ${firstLine}\n${normalise(body, normalisers)}`,
    );
  });
  return parts.map(ensureNewline).join('');
}

/** Problems that make a stored notebook unclean even when its outputs match. */
export function storedNoise(nb: Notebook): string[] {
  const problems: string[] = [];
  let expected = 0;
  nb.cells.forEach((cell, index) => {
    const where = `cell ${index + 1}`;
    for (const key of ['execution', 'ExecuteTime']) {
      if (key in cell.metadata) problems.push(`${where}: timing metadata "${key}"`);
    }
    if (cell.cell_type !== 'code') return;
    // Code is exported as written (only outputs are masked), so a secret in it would be published.
    for (const found of scanForSecrets(cellSource(cell)))
      problems.push(
        `${where}: line ${found.line} of the code holds what looks like a secret (${found.rule} ${found.preview}); ` +
          'read it from the environment or a file instead',
      );
    if (isRunnable(cell)) {
      expected += 1;
      if (cell.execution_count !== expected) {
        problems.push(
          `${where}: execution_count ${cell.execution_count} (stored notebooks number run cells 1, 2, 3…)`,
        );
      }
    }
    const text = (cell.outputs ?? []).map(renderOutput).join('\n');
    const redactor = new Redactor();
    if (redactor.redact(text) !== text) {
      const kinds = redactor
        .summary()
        .map((s) => s.rule)
        .join(', ');
      problems.push(`${where}: the stored output contains what looks like a secret (${kinds})`);
    }
  });
  problems.push(...englishProseProblems(nb));
  return problems;
}

export interface CheckResult {
  path: string;
  ok: boolean;
  /** A unified diff of stored against fresh outputs (normalised), empty when they match. */
  diff: string;
  noise: string[];
  run: NotebookRun;
}

function machinePaths(notebookPath: string): Normaliser {
  return pathNormaliser({
    root: projectRoot(dirname(resolve(notebookPath))),
    home: homedir(),
    work: process.env.HANDSON_WORK_DIR,
  });
}

export function defaultNormalisers(notebookPath: string): Normaliser[] {
  return [...DEFAULT_NORMALISERS, machinePaths(notebookPath)];
}

/**
 * Re-executes a notebook and compares its outputs with the stored ones after normalising what legitimately
 * varies (see normalisers.ts). Fails on any other difference, with a readable unified diff.
 */
export async function checkNotebook(path: string, options: RunOptions = {}): Promise<CheckResult> {
  const stored = options.notebook ?? readNotebook(path);
  const run = await runNotebook(path, { ...options, notebook: stored });
  const fresh = storedForm(run);
  const base = defaultNormalisers(path);
  const before = comparableText(stored, base);
  const after = comparableText(fresh, base);
  const diff =
    before === after
      ? ''
      : createTwoFilesPatch(
          `${path} (stored outputs)`,
          `${path} (this run, ${run.runner})`,
          before,
          after,
          '',
          '',
          {
            context: 3,
          },
        );
  const noise = storedNoise(stored);
  return { path, ok: diff === '' && noise.length === 0, diff, noise, run };
}

export function describeCheck(result: CheckResult): string {
  if (result.ok) return `${result.path}: stored outputs match a fresh run (${result.run.runner})`;
  const lines = [`${result.path}: stored outputs do not match a fresh run (${result.run.runner})`];
  if (result.noise.length > 0) lines.push(...result.noise.map((n) => `  ${n}`));
  if (result.diff) lines.push(result.diff.trimEnd());
  lines.push(`If the change is intended: npm run notebooks:regenerate -- ${result.path}`);
  return lines.join('\n');
}
