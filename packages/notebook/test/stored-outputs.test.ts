import { readFileSync, writeFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { cleanOutputs, stripNodeWarnings } from '../src/clean-outputs';
import { parseNotebook, serializeNotebook } from '../src/notebook-file';
import { checkNotebook, describeCheck, regenerateNotebook } from '../src/stored-outputs';
import { code, markdown, scratchDir, writeNotebookFile } from './fixtures';

const scratch = scratchDir();
afterAll(() => scratch.remove());

const cells = () => [
  markdown('# Stored outputs'),
  code("console.log('fixed line');\nconsole.log('now', new Date().toISOString());"),
  code("console.log('id', 'vpc-' + Math.random().toString(16).slice(2, 19).padEnd(17, '0'));"),
  code("console.log(['c', 'a', 'b'].sort(() => Math.random() - 0.5).join('\\n'));", [], {
    handson: { normalise: ['sort-lines'] },
  }),
  code("console.log('took ' + Math.floor(Math.random() * 1000) + ' units');", [], {
    handson: { replace: [{ pattern: 'took \\d+ units', replacement: 'took <n> units' }] },
  }),
  code("throw new Error('expected failure');", ['raises-exception']),
  code("console.log('interactive');", ['skip-headless']),
  code(
    "process.emitWarning('Node 20 support ends soon', 'NodeVersionSupportWarning');\nawait new Promise((r) => setTimeout(r, 20));\nconsole.log('after the warning');",
  ),
];

describe('regenerate and check', () => {
  it('regenerate writes clean outputs: numbered counts, no timing metadata, stable kernel metadata, no stack frames', async () => {
    const path = writeNotebookFile(scratch.dir, 'clean.ipynb', cells());
    const nb = parseNotebook(readFileSync(path, 'utf8'), path);
    nb.cells[1]!.metadata.execution = { 'iopub.status.busy': '2026-01-01T00:00:00Z' };
    nb.cells[6]!.outputs = [{ output_type: 'stream', name: 'stdout', text: ['pasted by hand\n'] }];
    writeFileSync(path, serializeNotebook(nb));
    const result = await regenerateNotebook(path);
    expect(result.changed).toBe(true);
    const warned = result.run.cells.find((c) => c.index === 7)!.outputs;
    expect(JSON.stringify(warned)).toMatch(
      /\(node:\d+\) NodeVersionSupportWarning: Node 20 support ends soon/,
    );
    const stored = parseNotebook(readFileSync(path, 'utf8'), path);
    expect(stored.cells.map((c) => c.execution_count)).toEqual([undefined, 1, 2, 3, 4, 5, null, 6]);
    expect(stored.cells[7]!.outputs).toEqual([
      { output_type: 'stream', name: 'stdout', text: ['after the warning\n'] },
    ]);
    expect(stored.cells[1]!.metadata).toEqual({});
    expect(stored.metadata.kernelspec).toEqual({
      display_name: 'TypeScript',
      language: 'typescript',
      name: 'tslab',
    });
    expect(stored.cells[5]!.outputs).toEqual([
      { output_type: 'stream', name: 'stderr', text: ['Error: expected failure\n'] },
    ]);
    expect(stored.cells[6]!.outputs).toEqual([
      { output_type: 'stream', name: 'stdout', text: ['pasted by hand\n'] },
    ]);
    expect(readFileSync(path, 'utf8')).toBe(serializeNotebook(stored));
  });

  it('check passes on a fresh run although times, ids, order and cell-specific values vary', async () => {
    const path = writeNotebookFile(scratch.dir, 'varies.ipynb', cells());
    await regenerateNotebook(path);
    const result = await checkNotebook(path);
    expect(describeCheck(result)).toContain('stored outputs match a fresh run');
    expect(result.ok).toBe(true);
  });

  it('check fails with a readable unified diff when a stored output was changed by hand', async () => {
    const path = writeNotebookFile(scratch.dir, 'edited.ipynb', cells());
    await regenerateNotebook(path);
    const text = readFileSync(path, 'utf8');
    expect(text).toContain('"fixed line\\n"');
    writeFileSync(path, text.replace('"fixed line\\n"', '"edited by hand\\n"'));
    const result = await checkNotebook(path);
    expect(result.ok).toBe(false);
    expect(result.diff).toContain('--- ');
    expect(result.diff).toContain('+++ ');
    expect(result.diff).toContain('-edited by hand');
    expect(result.diff).toContain('+fixed line');
    expect(result.diff).toContain('── cell 2 (code cell 1)');
    const report = describeCheck(result);
    expect(report).toContain('stored outputs do not match a fresh run');
    expect(report).toContain('npm run notebooks:regenerate');
  });

  it('check names unclean stored notebooks: timing metadata, execution counts, secrets in outputs', async () => {
    const path = writeNotebookFile(scratch.dir, 'noisy.ipynb', [code("console.log('x');")]);
    await regenerateNotebook(path);
    const nb = parseNotebook(readFileSync(path, 'utf8'), path);
    nb.cells[0]!.metadata.execution = { 'shell.execute_reply': 'now' };
    nb.cells[0]!.execution_count = 7;
    writeFileSync(path, serializeNotebook(nb));
    const result = await checkNotebook(path);
    expect(result.ok).toBe(false);
    expect(result.diff).toBe('');
    expect(result.noise.join('\n')).toContain('timing metadata "execution"');
    expect(result.noise.join('\n')).toContain('execution_count 7');

    nb.cells[0]!.metadata = {};
    nb.cells[0]!.execution_count = 1;
    nb.cells[0]!.outputs = [{ output_type: 'stream', name: 'stdout', text: ['AKIAJGJ5IFDXCJ4RBSP5\n'] }];
    writeFileSync(path, serializeNotebook(nb));
    const leaky = await checkNotebook(path);
    expect(leaky.noise.join('\n')).toContain('looks like a secret (access-key-id)');
  });

  it('regenerate refuses to write when a cell fails, and says where', async () => {
    const path = writeNotebookFile(scratch.dir, 'broken.ipynb', [code('const x: string = 1;')]);
    const before = readFileSync(path, 'utf8');
    await expect(regenerateNotebook(path)).rejects.toThrow(
      /cell 1 \(code cell 1\) failed[\s\S]*line 1: const x: string = 1;/,
    );
    expect(readFileSync(path, 'utf8')).toBe(before);
  });
});

describe('environment notices', () => {
  it('are dropped from stored outputs: they depend on what was running and configured, not on the lab', () => {
    const text =
      'No AWS credentials found: using test/test, the local sandbox’s administrator.\n' +
      'Starting the local AWS sandbox at http://127.0.0.1:4580 (log: /x/sandbox.log) …\n' +
      'kept\n' +
      'Local AWS sandbox ready at http://127.0.0.1:4580 (pid 12; stop it with: kill 12).\n';
    expect(stripNodeWarnings(text)).toBe('kept\n');
  });

  it('leave no seam: the stdout chunks around a stderr holding only a notice are stored as one chunk', () => {
    const stored = cleanOutputs(
      [
        { output_type: 'stream', name: 'stdout', text: 'target: sandbox\n' },
        {
          output_type: 'stream',
          name: 'stderr',
          text: 'Starting the local AWS sandbox at http://127.0.0.1:4580 …\n',
        },
        { output_type: 'stream', name: 'stdout', text: 'checked\n' },
      ],
      (text) => text,
    );
    expect(stored).toEqual([
      { output_type: 'stream', name: 'stdout', text: ['target: sandbox\n', 'checked\n'] },
    ]);
  });
});
