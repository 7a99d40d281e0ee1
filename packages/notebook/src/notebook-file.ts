import { readFileSync, writeFileSync } from 'node:fs';

/** The parts of nbformat 4 this package reads and writes. */
export type MultilineString = string | string[];

export interface StreamOutput {
  output_type: 'stream';
  name: 'stdout' | 'stderr';
  text: MultilineString;
}

export interface DataOutput {
  output_type: 'display_data' | 'execute_result';
  data: Record<string, MultilineString | unknown>;
  metadata: Record<string, unknown>;
  execution_count?: number | null;
}

export interface ErrorOutput {
  output_type: 'error';
  ename: string;
  evalue: string;
  traceback: string[];
}

export type Output = StreamOutput | DataOutput | ErrorOutput;

/** Per-cell settings of this project, under `metadata.handson`. */
export interface HandsonCellMetadata {
  /** Names of extra normalisers (see normalisers.ts) applied to this cell's outputs before comparing. */
  normalise?: string[];
  /** Extra regular-expression replacements applied to this cell's outputs before comparing. */
  replace?: { pattern: string; flags?: string; replacement: string }[];
}

export interface CellMetadata {
  tags?: string[];
  handson?: HandsonCellMetadata;
  [key: string]: unknown;
}

export interface Cell {
  id?: string;
  cell_type: 'code' | 'markdown' | 'raw';
  source: MultilineString;
  metadata: CellMetadata;
  outputs?: Output[];
  execution_count?: number | null;
  attachments?: unknown;
}

export interface Notebook {
  cells: Cell[];
  metadata: Record<string, unknown>;
  nbformat: number;
  nbformat_minor: number;
}

export function joinText(text: MultilineString | undefined): string {
  if (text === undefined) return '';
  return Array.isArray(text) ? text.join('') : text;
}

/** Jupyter's on-disk form of text: one string per line, each keeping its newline. */
export function splitLines(text: string): string[] {
  const lines = text.split(/(?<=\n)/);
  return lines.filter((line) => line.length > 0);
}

export function cellSource(cell: Cell): string {
  return joinText(cell.source);
}

export function parseNotebook(json: string, path: string): Notebook {
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch (error) {
    throw new Error(`${path} is not valid JSON: ${(error as Error).message}`);
  }
  const nb = parsed as Partial<Notebook>;
  if (!nb || typeof nb !== 'object' || !Array.isArray(nb.cells) || nb.nbformat !== 4) {
    throw new Error(`${path} is not an nbformat 4 notebook (expected "nbformat": 4 and a "cells" array)`);
  }
  for (const cell of nb.cells) cell.metadata ??= {};
  return { metadata: {}, nbformat_minor: 5, ...nb } as Notebook;
}

export function readNotebook(path: string): Notebook {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT')
      throw new Error(`${path}: no such notebook (give a path like notebooks/00-sample.ipynb)`);
    throw error;
  }
  return parseNotebook(text, path);
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === 'object') {
    const sorted: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort())
      sorted[key] = sortKeys((value as Record<string, unknown>)[key]);
    return sorted;
  }
  return value;
}

/** The same bytes Jupyter writes (sorted keys, one-space indent, trailing newline), so saving in Jupyter is a no-op. */
export function serializeNotebook(nb: Notebook): string {
  return JSON.stringify(sortKeys(nb), null, 1) + '\n';
}

export function writeNotebook(path: string, nb: Notebook): void {
  writeFileSync(path, serializeNotebook(nb));
}
