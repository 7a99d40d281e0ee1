import { existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { type ExportResult, exportMarkdown, type Flavor } from './export-markdown';
import { provenanceOf } from './export-provenance';
import { projectRoot } from './jupyter-env';
import { readNotebook } from './notebook-file';
import { previewHtml } from './preview';

export interface PostOptions {
  flavor: Flavor;
  redact: boolean;
  /** Also write `<slug>.html`, the post rendered, to look at before publishing. */
  preview?: boolean;
  /** Render each chart as PNG too (default); measuring a post needs only its text. */
  png?: boolean;
  /** Charts inside the post (one file or stdout) instead of files beside it. */
  inline?: boolean;
}

export interface WrittenPost {
  notebook: string;
  markdown: string;
  files: string[];
  redactions: { rule: string; values: number }[];
}

/** Lengths are compared in characters of the post as published, as the blog's posts are counted. */
export function postLength(markdown: string): number {
  return [...markdown].length;
}

/** The post `export -o DIR` writes for a notebook: charts as files beside it, provenance under the title. */
export function exportPost(notebookPath: string, options: PostOptions): ExportResult {
  const nb = readNotebook(notebookPath);
  const slug = basename(notebookPath, '.ipynb');
  const outputs = nb.cells.flatMap((c) => (c.outputs ?? []).map((o) => JSON.stringify(o))).join('\n');
  const root = projectRoot();
  const provenance = provenanceOf(nb, notebookPath, outputs, root);
  const inProject = relative(root, notebookPath).split('\\').join('/');
  const source = inProject.startsWith('../') ? basename(notebookPath) : inProject;
  return exportMarkdown(nb, {
    flavor: options.flavor,
    redact: options.redact,
    images: options.inline ? 'inline' : 'files',
    imageBase: slug,
    png: options.png,
    provenance,
    source,
  });
}

/**
 * Creates `dir` and its missing parents one at a time. Node 20's recursive mkdirSync never returns for a
 * path it cannot create under some file systems (`-o /proc/posts` spins at full CPU), so it is not used.
 */
export function makeOutputDir(dir: string): void {
  const missing: string[] = [];
  let at = resolve(dir);
  while (!existsSync(at)) {
    missing.unshift(at);
    const parent = dirname(at);
    if (parent === at) break;
    at = parent;
  }
  try {
    for (const path of missing) mkdirSync(path);
  } catch (error) {
    throw new Error(`${dir}: cannot create the output directory (${(error as NodeJS.ErrnoException).code})`);
  }
  if (!statSync(dir).isDirectory())
    throw new Error(`${dir}: not a directory (-o takes a directory or a .md file)`);
}

/** Writes one file of a post; a full disk or a read-only directory is a one-line error naming the file. */
export function writeOutput(file: string, data: string | Buffer): void {
  try {
    writeFileSync(file, data);
  } catch (error) {
    throw new Error(
      `${file}: cannot write (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`,
    );
  }
}

/** Writes `<slug>.md` into `dir` with its charts beside it (and the preview page when asked). */
export function writePost(notebookPath: string, dir: string, options: PostOptions): WrittenPost {
  const slug = basename(notebookPath, '.ipynb');
  const result = exportPost(notebookPath, options);
  makeOutputDir(dir);
  const markdown = join(dir, `${slug}.md`);
  writeOutput(markdown, result.markdown);
  const files = [markdown];
  for (const image of result.images) {
    writeOutput(join(dir, image.file), image.data);
    files.push(join(dir, image.file));
  }
  if (options.preview) {
    const html = join(dir, `${slug}.html`);
    writeOutput(html, previewHtml(result.markdown, result.title ?? slug));
    files.push(html);
  }
  return { notebook: notebookPath, markdown, files, redactions: result.redactions };
}
