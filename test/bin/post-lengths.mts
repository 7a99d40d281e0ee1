#!/usr/bin/env -S node --conditions=@handson/source --import=tsx
/**
 * Each lab's post against the blog post it comes from, in characters, as a Markdown table: the labs and their
 * blog posts from the manifests (the one place that records them), the posts exported from the committed
 * notebooks by @handson/notebook. It lives here rather than in `handson-notebook` because that package may not
 * reach into scripts/ for the manifests.
 */
import { readFileSync } from 'node:fs';
import notebook from '@handson/notebook';
import { Command } from 'commander';
import { blogPosts, loadLabs } from '../../scripts/_lib/labs.mts';

// @handson/notebook is CommonJS: its named exports are read off the default import.
const { lengthsTable, MAX_LENGTH_RATIO, postLengths, projectRoot, writeTableInto } = notebook;

function readBlog(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    throw new Error(`${file}: cannot read the blog's text (${(error as NodeJS.ErrnoException).code})`);
  }
}

const program = new Command('notebooks:lengths')
  .description(
    `each lab's post against the blog post it comes from, in characters (at most ${MAX_LENGTH_RATIO}×), as a Markdown table`,
  )
  .option('--blog <file>', "recount the blog's lengths from its text (blog-posts.ja.txt)")
  .option('--write <file>', 'replace the table between the lengths markers of this Markdown file')
  .action(async (opts: { blog?: string; write?: string }) => {
    try {
      const blog = opts.blog === undefined ? undefined : readBlog(opts.blog);
      const table = lengthsTable(postLengths(projectRoot(), blogPosts(await loadLabs()), blog));
      if (opts.write) writeTableInto(opts.write, table);
      process.stdout.write(table);
    } catch (error) {
      process.stderr.write(`notebooks:lengths: ${(error as Error).message}\n`);
      process.exitCode = 2;
    }
  });

await program.parseAsync();
