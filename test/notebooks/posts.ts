import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import {
  type Cell,
  cellSource,
  EXPORT_HIDE,
  EXPORT_OUTPUT_ONLY,
  hasTag,
  type Notebook,
  projectRoot,
  readNotebook,
  type WrittenPost,
  writePost,
} from '@handson/notebook';

/** Every committed notebook exported as `notebooks:export --all -o DIR [--preview]` writes it. */
export interface ExportedPost {
  slug: string;
  notebookPath: string;
  notebook: Notebook;
  written: WrittenPost;
  markdown: string;
}

export const ROOT = projectRoot();
export const NOTEBOOK_DIR = join(ROOT, 'notebooks');

export function notebookSlugs(): string[] {
  return readdirSync(NOTEBOOK_DIR)
    .filter((name) => name.endsWith('.ipynb'))
    .sort()
    .map((name) => name.slice(0, -'.ipynb'.length));
}

const SCRATCH_BASE = join(ROOT, 'node_modules', '.cache', 'handson-lab-tests');

export function exportAll(options: { preview?: boolean; png?: boolean } = {}): {
  dir: string;
  posts: ExportedPost[];
  remove(): void;
} {
  mkdirSync(SCRATCH_BASE, { recursive: true });
  const dir = mkdtempSync(join(SCRATCH_BASE, 'posts-'));
  const posts = notebookSlugs().map((slug) => {
    const notebookPath = join(NOTEBOOK_DIR, `${slug}.ipynb`);
    const written = writePost(notebookPath, dir, {
      flavor: 'hatena',
      redact: true,
      preview: options.preview,
    });
    return {
      slug,
      notebookPath,
      notebook: readNotebook(notebookPath),
      written,
      markdown: readFileSync(written.markdown, 'utf8'),
    };
  });
  return { dir, posts, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

export interface Fenced {
  info: string;
  body: string;
}

/** The fenced blocks of a Markdown text, in order (the exporter's fences: a run of three or more backticks). */
export function fencedBlocks(markdown: string): Fenced[] {
  const blocks: Fenced[] = [];
  let open: { marks: string; info: string; lines: string[] } | undefined;
  for (const line of markdown.split('\n')) {
    if (open) {
      if (line === open.marks) {
        blocks.push({ info: open.info, body: open.lines.join('\n') });
        open = undefined;
      } else open.lines.push(line);
      continue;
    }
    const start = /^(`{3,})([^`]*)$/.exec(line);
    if (start) open = { marks: start[1]!, info: start[2]!.trim(), lines: [] };
  }
  return blocks;
}

/** Markdown text outside fenced blocks (prose, Markdown tables, image references). */
export function outsideFences(markdown: string): string {
  const out: string[] = [];
  let marks: string | undefined;
  for (const line of markdown.split('\n')) {
    if (marks) {
      if (line === marks) marks = undefined;
      continue;
    }
    const start = /^(`{3,})[^`]*$/.exec(line);
    if (start) marks = start[1];
    else out.push(line);
  }
  return out.join('\n');
}

/** A code cell whose TypeScript the post shows. */
export function shownCode(cell: Cell): boolean {
  return cell.cell_type === 'code' && !hasTag(cell, EXPORT_HIDE) && !hasTag(cell, EXPORT_OUTPUT_ONLY);
}

/**
 * The TypeScript the post should show, in order: each shown code cell as written, and the ```typescript
 * examples inside shown prose cells.
 */
export function expectedTypeScript(nb: Notebook): string[] {
  const expected: string[] = [];
  for (const cell of nb.cells) {
    if (hasTag(cell, EXPORT_HIDE)) continue;
    const source = cellSource(cell).replace(/\s+$/, '');
    if (shownCode(cell) && source) expected.push(source);
    if (cell.cell_type === 'markdown')
      expected.push(
        ...fencedBlocks(source)
          .filter((b) => b.info === 'typescript')
          .map((b) => b.body),
      );
  }
  return expected;
}
