import { EXPORT_HIDE, hasTag } from './cells';
import { stripNodeWarnings, stripStackFrames } from './clean-outputs';
import { chartFiles, type PostImage } from './export-images';
import { type Provenance, provenanceLine } from './export-provenance';
import { EXPORT_TABLE, leadingTable } from './export-tables';
import { cellSource, joinText, type Notebook, type Output } from './notebook-file';
import { Redactor } from './redact';

/**
 * hatena: Hatena Blog's Markdown mode, which the blog uses. Its h1 belongs to the post title, so the notebook's
 * first "# " heading becomes an HTML comment to copy into the title field and other h1s become h2.
 * Code is fenced ```typescript (highlighted by Hatena), outputs are plain ``` blocks like the blog's terminal
 * pastes. gfm: GitHub Markdown, headings unchanged, outputs fenced ```text.
 */
export type Flavor = 'hatena' | 'gfm';

export interface ExportOptions {
  flavor?: Flavor;
  /** On by default; turning it off is for private drafts only. Masks outputs only: code is what its author wrote. */
  redact?: boolean;
  /**
   * inline (default): charts inside the post. files: each chart as `<imageBase>-figN.svg` (and `.png` for
   * Hatena, whose Fotolife takes PNG) in `images`, referenced by relative path.
   */
  images?: 'inline' | 'files';
  imageBase?: string;
  /** With images 'files' for Hatena: also a PNG of each chart (default true). */
  png?: boolean;
  /** Where and when the outputs were produced: the post's first lines say so. */
  provenance?: Provenance;
  /** The notebook's path in the project, named under the provenance line when the post leaves code out. */
  source?: string;
}

export interface ExportResult {
  markdown: string;
  title?: string;
  redactions: { rule: string; values: number }[];
  images: PostImage[];
}

function fence(body: string, info: string): string {
  // A fence longer than any backtick run inside keeps outputs that print ``` intact.
  const longest = Math.max(2, ...(body.match(/`+/g) ?? []).map((run) => run.length));
  const marks = '`'.repeat(longest + 1);
  return `${marks}${info}\n${body.replace(/\n+$/, '')}\n${marks}`;
}

type Block = { kind: 'prose' | 'code' | 'output' | 'svg'; text: string; table?: boolean };

/**
 * The post shows what the cell printed (the `$ aws …` line and its answer, as the blog's terminal pastes did),
 * not the TypeScript that printed it.
 */
export const EXPORT_OUTPUT_ONLY = 'export-output-only';
/**
 * A long output is cut as the blog cut its long JSON answers: the first and last lines, with the blog's
 * "中略" line between them.
 */
export const EXPORT_ELIDE = 'export-elide';
const ELIDED_HEAD = 12;
const ELIDED_TAIL = 4;
export const ELISION_LINE = '-------------- 中略 --------------';

export function elide(text: string): string {
  const lines = text.split('\n');
  // Never inside a command: a line ending in `\` goes on, so the cut moves past (or before) its continuation.
  const continues = (i: number) => i >= 0 && i < lines.length && lines[i]!.endsWith('\\');
  let head = ELIDED_HEAD;
  while (continues(head - 1)) head++;
  let tail = lines.length - ELIDED_TAIL;
  while (continues(tail - 1)) tail--;
  if (tail <= head + 1) return text;
  return [...lines.slice(0, head), ELISION_LINE, ...lines.slice(tail)].join('\n');
}

const SVG = 'image/svg+xml';

/**
 * A cell's outputs as blocks: runs of text become one terminal-style block, and an SVG picture (tslab's
 * display.svg) becomes a picture of its own between them, where it was shown.
 */
function outputBlocks(outputs: Output[], table: boolean): Block[] {
  const blocks: Block[] = [];
  let parts: string[] = [];
  const flush = () => {
    const text = parts
      .map((p) => (p.endsWith('\n') ? p : `${p}\n`))
      .join('')
      .replace(/\s+$/, '');
    if (text) blocks.push({ kind: 'output', text, table });
    parts = [];
  };
  for (const output of outputs) {
    if (output.output_type === 'stream')
      parts.push(stripStackFrames(stripNodeWarnings(joinText(output.text))));
    else if (output.output_type === 'error') parts.push(`${output.ename}: ${output.evalue}\n`);
    else if (typeof output.data[SVG] === 'string' || Array.isArray(output.data[SVG])) {
      flush();
      blocks.push({ kind: 'svg', text: joinText(output.data[SVG] as string[]).trim() });
    } else {
      const plain = output.data['text/plain'] ?? output.data['text/markdown'];
      if (typeof plain === 'string' || Array.isArray(plain)) parts.push(joinText(plain as string[]));
      else parts.push(`(${Object.keys(output.data).join(', ')} output not included)\n`);
    }
  }
  flush();
  return blocks;
}

/**
 * hatena: the SVG markup itself (Hatena's Markdown mode keeps HTML; blank lines would end the HTML block, so
 * there are none). gfm: a Markdown image with the SVG as a data URI, since GitHub drops inline <svg>.
 */
function svgPicture(svg: string, flavor: Flavor, index: number): string {
  const markup = svg.replace(/<\?xml[^>]*\?>\s*/, '').replace(/\n\s*\n/g, '\n');
  if (flavor === 'hatena') return `<figure>\n${markup}\n</figure>`;
  return `![figure ${index}](data:${SVG};base64,${Buffer.from(markup, 'utf8').toString('base64')})`;
}

function hatenaHeadings(markdown: string, state: { title?: string }): string {
  return markdown
    .split('\n')
    .map((line) => {
      const h1 = /^# (.+)$/.exec(line);
      if (!h1) return line;
      if (state.title === undefined) {
        state.title = h1[1]!.trim();
        return `<!-- title: ${state.title} -->`;
      }
      return `#${line}`;
    })
    .join('\n');
}

function notebookBlocks(nb: Notebook): Block[] {
  const blocks: Block[] = [];
  for (const cell of nb.cells.filter((c) => !hasTag(c, EXPORT_HIDE))) {
    const source = cellSource(cell).replace(/\s+$/, '');
    if (cell.cell_type === 'markdown') {
      if (source) blocks.push({ kind: 'prose', text: source });
    } else if (cell.cell_type === 'code') {
      if (source && !hasTag(cell, EXPORT_OUTPUT_ONLY)) blocks.push({ kind: 'code', text: source });
      const outputs = outputBlocks(cell.outputs ?? [], hasTag(cell, EXPORT_TABLE));
      const elided = hasTag(cell, EXPORT_ELIDE);
      blocks.push(...outputs.map((b) => (elided && b.kind === 'output' ? { ...b, text: elide(b.text) } : b)));
    }
  }
  return blocks;
}

/**
 * Stored outputs name the checkout and the home folder `<root>` and `<home>` (no machine's paths in git). A post
 * shows them as a reader's paths, so a printed command line (`file://<root>/…` would be a shell redirection)
 * can be pasted as it is: the project checked out as ~/handson-notebooks.
 */
export const READER_ROOT = '~/handson-notebooks';

function readerPaths(text: string): string {
  return text.replaceAll('<root>', READER_ROOT).replaceAll('<home>', '~');
}

/** Code cells whose TypeScript the post leaves out (hidden cells and cells shown by their output only). */
function leftOutCode(nb: Notebook): number {
  return nb.cells.filter(
    (c) => c.cell_type === 'code' && (hasTag(c, EXPORT_HIDE) || hasTag(c, EXPORT_OUTPUT_ONLY)),
  ).length;
}

function outputMarkdown(block: Block, flavor: Flavor): string {
  const info = flavor === 'hatena' ? '' : 'text';
  if (!block.table) return fence(block.text, info);
  const { table, rest } = leadingTable(block.text);
  if (!table) return fence(block.text, info);
  return rest ? `${table}\n\n${fence(rest, info)}` : table;
}

/**
 * Turns a notebook into a blog post: prose as-is, code as code blocks exactly as written, outputs as
 * terminal-style blocks (or Markdown tables) with secrets masked by the same rules as the stored outputs.
 */
export function exportMarkdown(nb: Notebook, options: ExportOptions = {}): ExportResult {
  const flavor = options.flavor ?? 'hatena';
  const redact = options.redact ?? true;
  const blocks = notebookBlocks(nb);
  const redactor = new Redactor();
  const isOutput = (b: Block) => b.kind === 'output' || b.kind === 'svg';
  if (redact) redactor.learn(...blocks.filter(isOutput).map((b) => b.text));
  const mask = (text: string) => (redact ? redactor.redact(text) : text);
  const state: { title?: string } = {};
  const images: PostImage[] = [];
  let pictures = 0;
  const rendered = blocks.map((block) => {
    if (block.kind === 'prose') return flavor === 'hatena' ? hatenaHeadings(block.text, state) : block.text;
    if (block.kind === 'code') return fence(block.text, 'typescript');
    const text = mask(readerPaths(block.text));
    if (block.kind === 'output') return outputMarkdown({ ...block, text }, flavor);
    pictures += 1;
    if (options.images !== 'files') return svgPicture(text, flavor, pictures);
    const svgOnly = flavor === 'gfm' || options.png === false;
    const files = chartFiles(options.imageBase ?? 'figure', pictures, text, svgOnly);
    images.push(...files);
    // Hatena's post points at the PNG (Fotolife takes PNG), whether or not this export rendered it.
    const svg = files[0]!.file;
    return `![図 ${pictures}](${flavor === 'gfm' ? svg : svg.replace(/\.svg$/, '.png')})`;
  });
  let markdown = `${rendered.join('\n\n')}\n`;
  if (options.provenance) {
    // Right under the title comment, so it is the first thing a reader of the post sees.
    const left = leftOutCode(nb);
    const line =
      provenanceLine(options.provenance) +
      (left > 0 && options.source
        ? `\n>\n> コードの一部 (準備・確認・後片付けなど ${left} セル) は省略しています。すべてのセルは ${options.source} にあります。`
        : '');
    const titleEnd = markdown.startsWith('<!-- title:') ? markdown.indexOf('\n') + 1 : 0;
    markdown = `${markdown.slice(0, titleEnd)}${titleEnd ? '\n' : ''}${line}\n\n${markdown.slice(titleEnd)}`;
  }
  return {
    markdown,
    title: state.title,
    redactions: redactor.summary(),
    images,
  };
}

export const NO_REDACT_WARNING =
  'warning: --no-redact: secret access keys, passwords, private keys, session tokens, access key ids, account ids ' +
  'and public IPs are NOT masked. Do not publish this output.';
