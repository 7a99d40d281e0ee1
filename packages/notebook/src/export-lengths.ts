import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { exportPost, postLength } from './export-post';

/**
 * The blog post a lab comes from: its seed lines in the blog's text (`blog-posts.ja.txt`) and their length in
 * characters, counted once from that text (the text itself is not part of the project). The lab's manifest
 * (`blog` in `scripts/NN-slug/manifest.mts`) holds them; the caller passes them in, so this package keeps no
 * copy of the labs.
 */
export interface BlogPost {
  slug: string;
  lines: readonly [number, number];
  chars: number;
}

/** A post may be this many times as long as the blog post it comes from. */
export const MAX_LENGTH_RATIO = 1.5;

export interface PostLengthRow {
  slug: string;
  blogLines: readonly [number, number];
  blogChars: number;
  postChars: number;
  ratio: number;
}

/** Characters of lines `from`–`to` (1-based, inclusive) of the blog's text, newlines between them counted. */
export function blogChars(text: string, [from, to]: readonly [number, number]): number {
  return [
    ...text
      .split('\n')
      .slice(from - 1, to)
      .join('\n'),
  ].length;
}

/**
 * Each lab's post exported as `export -o DIR` writes it (Hatena), measured against its blog post (recounted
 * from `blogText` when given). A lab without a committed notebook is left out.
 */
export function postLengths(root: string, posts: readonly BlogPost[], blogText?: string): PostLengthRow[] {
  const rows: PostLengthRow[] = [];
  for (const { slug, ...blog } of posts) {
    const path = join(root, 'notebooks', `${slug}.ipynb`);
    if (!existsSync(path)) continue;
    const post = exportPost(path, { flavor: 'hatena', redact: true, png: false });
    const blogLength = blogText === undefined ? blog.chars : blogChars(blogText, blog.lines);
    const postChars = postLength(post.markdown);
    rows.push({
      slug,
      blogLines: blog.lines,
      blogChars: blogLength,
      postChars,
      ratio: postChars / blogLength,
    });
  }
  return rows;
}

export function lengthsTable(rows: PostLengthRow[]): string {
  const lines = [
    '| lab | blog lines | blog chars | post chars | ratio |',
    '| --- | --- | ---: | ---: | ---: |',
    ...rows.map(
      (r) =>
        `| ${r.slug} | ${r.blogLines[0]}–${r.blogLines[1]} | ${r.blogChars} | ${r.postChars} | ${r.ratio.toFixed(2)} |`,
    ),
  ];
  return `${lines.join('\n')}\n`;
}

export const LENGTHS_START = '<!-- lengths:start (npm run notebooks:lengths -- --write FILE) -->';
export const LENGTHS_END = '<!-- lengths:end -->';

/** The table between the markers of a Markdown file, or undefined when the file has no markers. */
export function tableIn(markdown: string): string | undefined {
  const start = markdown.indexOf(LENGTHS_START);
  const end = markdown.indexOf(LENGTHS_END);
  if (start === -1 || end < start) return undefined;
  return markdown.slice(start + LENGTHS_START.length, end).replace(/^\n/, '');
}

/** Replaces the table between the markers of `file` (which must have them). */
export function writeTableInto(file: string, table: string): void {
  const text = readFileSync(file, 'utf8');
  if (tableIn(text) === undefined) throw new Error(`${file}: no ${LENGTHS_START} … ${LENGTHS_END} markers`);
  const start = text.indexOf(LENGTHS_START) + LENGTHS_START.length;
  writeFileSync(file, `${text.slice(0, start)}\n${table}${text.slice(text.indexOf(LENGTHS_END))}`);
}
