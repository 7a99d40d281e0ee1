import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../src/jupyter-env';
import { code, markdown, scratchDir, writeNotebookFile } from './fixtures';

const BIN = join(__dirname, '..', 'bin', 'handson-notebook.js');

function cli(...args: string[]) {
  const run = spawnSync(process.execPath, [BIN, ...args], {
    encoding: 'utf8',
    cwd: projectRoot(),
    timeout: 60_000,
  });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

describe('handson-notebook export: --help and bad input', () => {
  it('--help exits 0, names every option and writes nothing', () => {
    const run = cli('export', '--help');
    expect(run.code).toBe(0);
    for (const option of ['--flavor', '--all', '--no-redact', '--preview', '--output', 'export-output-only'])
      expect(run.stdout).toContain(option);
    expect(run.stderr).toBe('');
  });

  const scratch = scratchDir();
  afterAll(() => scratch.remove());
  const notebook = writeNotebookFile(scratch.dir, '97-cli.ipynb', [markdown('# t'), code('1 + 1;')]);
  const file = join(scratch.dir, 'a-file');
  writeFileSync(file, 'x');

  const bad: [string, string[], RegExp][] = [
    ['an unknown notebook', ['export', join(scratch.dir, 'nope.ipynb')], /nope\.ipynb: no such notebook/],
    ['-o naming a file that is not .md', ['export', notebook, '-o', file], /not a directory/],
    [
      '-o under a file',
      ['export', notebook, '-o', join(file, 'posts')],
      /cannot create the output directory \(ENOTDIR\)/,
    ],
    ['an unknown flavor', ['export', '--flavor', 'wordpress', notebook], /argument 'wordpress' is invalid/],
    ['an unknown option', ['export', '--bogus', notebook], /unknown option '--bogus'/],
    ['no notebook', ['export'], /name a notebook, or use --all -o DIR/],
    ['--all with a notebook', ['export', '--all', notebook, '-o', scratch.dir], /name none with it/],
    ['--preview without -o DIR', ['export', '--preview', notebook], /need -o DIR/],
  ];
  if (existsSync('/proc/self'))
    // Node's recursive mkdirSync never returns here; the export must fail at once.
    bad.push([
      '-o under /proc',
      ['export', notebook, '-o', '/proc/handson-posts'],
      /cannot create the output directory/,
    ]);

  it.each(bad)('%s: one line on stderr, exit code 2, nothing on stdout', (_what, args, message) => {
    const run = cli(...args);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(message);
    expect(run.stderr.trimEnd().split('\n')).toHaveLength(1);
  });

  it('a notebook to stdout carries its provenance line', () => {
    const run = cli('export', notebook);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^<!-- title: t -->\n\n> 実行環境: /);
    expect(readFileSync(file, 'utf8')).toBe('x');
  });
});
