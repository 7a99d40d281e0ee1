import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Cell, Notebook } from '../src/notebook-file';

const ROOT = join(__dirname, '..', '..', '..');

/** A scratch folder inside the project (so notebooks resolve its node_modules), removed by the returned function. */
export function scratchDir(): { dir: string; remove: () => void } {
  const base = join(ROOT, 'node_modules', '.cache', 'handson-notebook-tests');
  mkdirSync(base, { recursive: true });
  const dir = mkdtempSync(join(base, 'nb-'));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

export function code(source: string, tags: string[] = [], extra: Partial<Cell['metadata']> = {}): Cell {
  const metadata: Cell['metadata'] = { ...extra };
  if (tags.length > 0) metadata.tags = tags;
  return { cell_type: 'code', metadata, source, outputs: [], execution_count: null };
}

export function markdown(source: string): Cell {
  return { cell_type: 'markdown', metadata: {}, source };
}

export function notebookOf(cells: Cell[]): Notebook {
  return { cells, metadata: {}, nbformat: 4, nbformat_minor: 5 };
}

export function writeNotebookFile(dir: string, name: string, cells: Cell[]): string {
  const path = join(dir, name);
  writeFileSync(path, JSON.stringify(notebookOf(cells), null, 1));
  return path;
}
