import { EXPORT_HIDE, hasTag } from './cells';
import { stripNodeWarnings, stripStackFrames } from './clean-outputs';
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
  /** On by default; turning it off is for private drafts only. */
  redact?: boolean;
}

export interface ExportResult {
  markdown: string;
  title?: string;
  redactions: { rule: string; values: number }[];
}

function fence(body: string, info: string): string {
  // A fence longer than any backtick run inside keeps outputs that print ``` intact.
  const longest = Math.max(2, ...(body.match(/`+/g) ?? []).map((run) => run.length));
  const marks = '`'.repeat(longest + 1);
  return `${marks}${info}\n${body.replace(/\n+$/, '')}\n${marks}`;
}

type Block = { kind: 'prose' | 'code' | 'output' | 'svg'; text: string };

const SVG = 'image/svg+xml';

/**
 * A cell's outputs as blocks: runs of text become one terminal-style block, and an SVG picture (tslab's
 * display.svg) becomes a picture of its own between them, where it was shown.
 */
function outputBlocks(outputs: Output[]): Block[] {
  const blocks: Block[] = [];
  let parts: string[] = [];
  const flush = () => {
    const text = parts
      .map((p) => (p.endsWith('\n') ? p : `${p}\n`))
      .join('')
      .replace(/\s+$/, '');
    if (text) blocks.push({ kind: 'output', text });
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

/** Turns a notebook into a blog post: prose as-is, code as code blocks, outputs as terminal-style blocks. */
export function exportMarkdown(nb: Notebook, options: ExportOptions = {}): ExportResult {
  const flavor = options.flavor ?? 'hatena';
  const redact = options.redact ?? true;
  const cells = nb.cells.filter((cell) => !hasTag(cell, EXPORT_HIDE));
  const blocks: Block[] = [];
  for (const cell of cells) {
    const source = cellSource(cell).replace(/\s+$/, '');
    if (cell.cell_type === 'markdown') {
      if (source) blocks.push({ kind: 'prose', text: source });
    } else if (cell.cell_type === 'code') {
      if (source) blocks.push({ kind: 'code', text: source });
      blocks.push(...outputBlocks(cell.outputs ?? []));
    }
  }
  const redactor = new Redactor();
  if (redact) redactor.learn(...blocks.map((b) => b.text));
  const mask = (text: string) => (redact ? redactor.redact(text) : text);
  const state: { title?: string } = {};
  let pictures = 0;
  const rendered = blocks.map((block) => {
    const text = mask(block.text);
    if (block.kind === 'prose') return flavor === 'hatena' ? hatenaHeadings(text, state) : text;
    if (block.kind === 'svg') return svgPicture(text, flavor, ++pictures);
    if (block.kind === 'code') return fence(text, 'typescript');
    return fence(text, flavor === 'hatena' ? '' : 'text');
  });
  return { markdown: `${rendered.join('\n\n')}\n`, title: state.title, redactions: redactor.summary() };
}

export const NO_REDACT_WARNING =
  'warning: --no-redact: secret access keys, passwords, private keys, session tokens, access key ids, account ids ' +
  'and public IPs are NOT masked. Do not publish this output.';
