import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { exportPost, postLength } from './export-post';

/**
 * The blog posts the labs come from: their seed lines in the blog's text (`blog-posts.ja.txt`; Lab 04's post runs
 * to the end, line 2053) and their length in characters, counted once from that text (`lengths --blog FILE` recounts).
 * The text itself is not part of the project, so the counts are recorded here.
 */
export const BLOG_POSTS: Readonly<Record<string, { lines: readonly [number, number]; chars: number }>> = {
  '01-iam-users-groups': { lines: [686, 1014], chars: 11040 },
  '02-iam-credentials-file': { lines: [288, 683], chars: 12878 },
  '03-ec2-userdata-ssh-port': { lines: [1017, 1277], chars: 8501 },
  '04-sqs-standard-queue-order': { lines: [1600, 2053], chars: 16489 },
  '05-vpc-peering-cloudformation': { lines: [5, 285], chars: 10867 },
};

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

/** Each lab with a blog post: its post exported as `export -o DIR` writes it (Hatena), measured. */
export function postLengths(root: string, blogText?: string): PostLengthRow[] {
  const rows: PostLengthRow[] = [];
  for (const [slug, blog] of Object.entries(BLOG_POSTS)) {
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

export const LENGTHS_START = '<!-- lengths:start (handson-notebook lengths --write) -->';
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
