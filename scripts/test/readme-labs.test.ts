import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadLabs, SCRIPTS_DIR } from '../_lib/labs.mts';

/**
 * The README's "The labs" table against the manifests, which are where a lab's number, title and blog post are
 * stated: the table had lost Lab 07 and reworded two titles. A row is `| NN | title | blog post |`.
 */
function readmeLabRows(readme: string): string[][] {
  const section = readme.split(/^## The labs$/m)[1]?.split(/^## /m)[0] ?? '';
  return section
    .split('\n')
    .filter((line) => /^\| \d\d \|/.test(line))
    .map((line) =>
      line
        .split('|')
        .slice(1, -1)
        .map((cell) => cell.trim()),
    );
}

describe('README.md: the labs table', () => {
  it('has one row per lab, in order, with the title and blog post of its manifest', async () => {
    const readme = readFileSync(join(SCRIPTS_DIR, '..', 'README.md'), 'utf8');
    const labs = await loadLabs();
    expect(labs.length).toBeGreaterThan(0);
    expect(readmeLabRows(readme)).toEqual(
      labs.map((lab) => [lab.slug.slice(0, 2), lab.title, lab.blog.post]),
    );
  });
});
