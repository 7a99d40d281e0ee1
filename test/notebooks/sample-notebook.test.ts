import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  type CellRun,
  checkNotebook,
  describeCheck,
  describeFailure,
  exportMarkdown,
  headlessJupyterAvailability,
  joinText,
  type Notebook,
  parseNotebook,
  runInJupyter,
  runInProcess,
} from '@handson/notebook';
import { describe, expect, it } from 'vitest';

const SAMPLE = join(__dirname, '..', '..', 'notebooks', '00-sample.ipynb');
const load = (): Notebook => parseNotebook(readFileSync(SAMPLE, 'utf8'), SAMPLE);
const jupyter = headlessJupyterAvailability();

function stdoutOf(cells: CellRun[]): string {
  return cells
    .flatMap((c) => c.outputs)
    .map((o) => (o.output_type === 'stream' && o.name === 'stdout' ? joinText(o.text) : ''))
    .join('');
}

describe('notebooks/00-sample.ipynb', () => {
  it('has the labs structure: 目的 / 前提 / 変数 / 実行 / 確認 / 後片付け, each with an English line', () => {
    const prose = load()
      .cells.filter((c) => c.cell_type === 'markdown')
      .map((c) => joinText(c.source));
    const headings = prose.flatMap((text) => text.split('\n').filter((line) => line.startsWith('## ')));
    expect(headings).toEqual(['## 目的', '## 前提', '## 変数', '## 実行', '## 確認', '## 後片付け']);
    for (const text of prose.filter((t) => t.startsWith('## ')))
      expect(text.split('\n')[1]).toMatch(/^\*[A-Z][A-Za-z ]+\*$/);
  });

  it('runs in-process: check cells print ✔, the raises-exception cell raised, cleanup removed its file', async () => {
    const run = await runInProcess(SAMPLE);
    expect(run.failure, describeFailure(run)).toBeUndefined();
    const out = stdoutOf(run.cells);
    expect(out).toContain('✔ バケットは 2 つ');
    expect(out).toContain('handson-cli-sample-logs\thandson-cli-sample-data\n');
    expect(out).toContain('✔ .lab-work/00-sample/list-buckets.json を削除した');
    const raised = run.cells.find((c) => c.status === 'error');
    expect(
      joinText(raised?.outputs.map((o) => (o.output_type === 'stream' ? joinText(o.text) : ''))),
    ).toContain('JmesPathSyntaxError');
  });

  it.skipIf(!jupyter.available)('runs through the real Jupyter kernel with the same outputs', async () => {
    const [inProcess, kernel] = [await runInProcess(SAMPLE), await runInJupyter(SAMPLE)];
    expect(kernel.failure, describeFailure(kernel)).toBeUndefined();
    expect(stdoutOf(kernel.cells)).toBe(stdoutOf(inProcess.cells));
  });

  // This file owns the sample: committed-notebooks.test.ts leaves it out, since two files running it at once
  // share its work dir (.lab-work/00-sample beside the notebook) and one's cleanup cell removed the other's file.
  it('runs and matches its stored outputs', async () => {
    const result = await checkNotebook(SAMPLE);
    expect(result.ok, describeCheck(result)).toBe(true);
  });

  it('a stored output changed by hand makes the check fail with a readable diff', async () => {
    const edited = load();
    const cell = edited.cells.find((c) => c.id === 'run-text-code')!;
    cell.outputs = [
      { output_type: 'stream', name: 'stdout', text: ['handson-cli-sample-logs\tedited-by-hand\n'] },
    ];
    const result = await checkNotebook(SAMPLE, { notebook: edited });
    expect(result.ok).toBe(false);
    const report = describeCheck(result);
    expect(report).toContain('stored outputs do not match a fresh run (in-process)');
    expect(result.diff).toContain('-handson-cli-sample-logs\tedited-by-hand');
    expect(result.diff).toContain('+handson-cli-sample-logs\thandson-cli-sample-data');
    expect(result.diff).toMatch(/^ ── cell \d+ \(code cell 4\): import \{ printOutput, query \}/m);
  });

  it('a failing check cell names the notebook, the cell, the line and the message', async () => {
    const broken = load();
    const cell = broken.cells.find((c) => c.id === 'check-names')!;
    cell.source = joinText(cell.source).replace("2, 'バケットは 2 つ'", "3, 'バケットは 3 つ'");
    const run = await runInProcess(SAMPLE, { notebook: broken });
    const text = describeFailure(run);
    expect(text).toContain(
      `${SAMPLE}: cell ${broken.cells.indexOf(cell) + 1} (code cell 6) failed [in-process]`,
    );
    expect(text).toContain("line 3: checkEqual(query(saved, 'length(Buckets)'), 3, 'バケットは 3 つ');");
    expect(text).toContain('CheckError: check failed: バケットは 3 つ\n    expected: 3\n    actual:   2');
  });

  it('exports as a Hatena post: title comment, headings, typescript code blocks, output blocks', () => {
    const { markdown, title } = exportMarkdown(load());
    expect(title).toBe('00 サンプル: ノートブックの書き方');
    expect(markdown).toContain('## 確認\n*Check*');
    expect(markdown).toContain("```typescript\nimport { printOutput, query } from '@handson/cli';");
    expect(markdown).toContain('```\nhandson-cli-sample-logs\thandson-cli-sample-data\n```');
  });
});
