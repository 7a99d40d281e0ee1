import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { KERNEL_METADATA } from '../src/clean-outputs';
import { headlessJupyterAvailability } from '../src/jupyter-env';
import { joinText } from '../src/notebook-file';
import { runInProcess } from '../src/run-in-process';
import { runInJupyter } from '../src/run-jupyter';
import { assertRunSucceeded, describeFailure, type NotebookRun } from '../src/run-model';
import { code, markdown, scratchDir, writeNotebookFile } from './fixtures';

const scratch = scratchDir();
afterAll(() => scratch.remove());

function streams(run: NotebookRun, index: number, name = 'stdout'): string {
  const cell = run.cells.find((c) => c.index === index);
  return (cell?.outputs ?? [])
    .flatMap((o) => (o.output_type === 'stream' && o.name === name ? [joinText(o.text)] : []))
    .join('');
}

const jupyter = headlessJupyterAvailability();
const runners = [
  { name: 'in-process', run: runInProcess, skip: undefined as string | undefined },
  { name: 'jupyter', run: runInJupyter, skip: jupyter.available ? undefined : jupyter.reason },
];

for (const runner of runners) {
  if (runner.skip) console.warn(`skipping the ${runner.name} runner tests: ${runner.skip}`);
  describe.skipIf(runner.skip !== undefined)(`${runner.name} runner`, () => {
    it('runs cells in order with shared state, the cwd at the notebook, console and last-expression output', async () => {
      const path = writeNotebookFile(scratch.dir, `ok-${runner.name}.ipynb`, [
        markdown('# title'),
        code("const n: number = 20;\nconsole.log('n is', n);\nn + 1"),
        code(
          "import * as path from 'node:path';\nconsole.log(path.basename(process.cwd()));\nconsole.error('to stderr');",
        ),
        code("const tslab = require('tslab');\ntslab.display.html('<b>bold</b>');"),
        code("console.log('must not run');", ['skip-headless']),
        code("await new Promise((r) => setTimeout(r, 5));\nconsole.log('later ' + n * 2);"),
      ]);
      const run = assertRunSucceeded(await runner.run(path));
      expect(run.cells.map((c) => c.index)).toEqual([1, 2, 3, 5]);
      expect(streams(run, 1)).toBe('n is 20\n21\n');
      expect(streams(run, 2)).toBe(`${scratch.dir.split('/').pop()}\n`);
      expect(streams(run, 2, 'stderr')).toBe('to stderr\n');
      const display = run.cells.find((c) => c.index === 3)!.outputs[0];
      expect(display).toMatchObject({ output_type: 'display_data', data: { 'text/html': '<b>bold</b>' } });
      expect(streams(run, 5)).toBe('later 40\n');
    });

    it('reports a type error with the notebook, the cell, the source line and the TypeScript message', async () => {
      const path = writeNotebookFile(scratch.dir, `type-${runner.name}.ipynb`, [
        markdown('intro'),
        code('const a = 1;'),
        code('// count\nconst count: number = "three";\nconsole.log(count);'),
        code("console.log('not reached');"),
      ]);
      const run = await runner.run(path);
      expect(run.failure).toMatchObject({ index: 2, kind: 'error', line: 2 });
      const text = describeFailure(run);
      expect(text).toContain(`${path}: cell 3 (code cell 2) failed [${runner.name}]`);
      expect(text).toContain('line 2: const count: number = "three";');
      expect(text).toContain("Type 'string' is not assignable to type 'number'.");
      expect(run.cells.map((c) => c.index)).toEqual([1, 2]);
    });

    it('reports a runtime error (thrown after an await) with its source line and message, never an empty message', async () => {
      const path = writeNotebookFile(scratch.dir, `throw-${runner.name}.ipynb`, [
        code('const items = [1, 2, 3];'),
        code(
          "await new Promise((r) => setTimeout(r, 1));\nconst total = items.reduce((a, b) => a + b, 0);\nif (total !== 7) throw new Error('total is ' + total + ', not 7');\nconsole.log('fine');",
        ),
      ]);
      const run = await runner.run(path);
      expect(run.failure?.kind).toBe('error');
      const text = describeFailure(run);
      expect(text).toContain("line 3: if (total !== 7) throw new Error('total is ' + total + ', not 7');");
      expect(text).toContain('Error: total is 6, not 7');
      expect(text).not.toContain('    at ');
    });

    it('lets a raises-exception cell throw and goes on; fails when such a cell does not throw', async () => {
      const path = writeNotebookFile(scratch.dir, `raises-${runner.name}.ipynb`, [
        code("throw new Error('expected: AccessDenied');", ['raises-exception']),
        code("console.log('after the error');"),
        code("console.log('this does not throw');", ['raises-exception']),
        code("console.log('still runs');"),
      ]);
      const run = await runner.run(path);
      expect(streams(run, 0, 'stderr')).toContain('Error: expected: AccessDenied');
      expect(streams(run, 1)).toBe('after the error\n');
      expect(streams(run, 3)).toBe('still runs\n');
      expect(run.failure).toMatchObject({ index: 2, kind: 'did-not-raise' });
      expect(describeFailure(run)).toContain('tagged "raises-exception" but did not throw');
    });

    it('is not thrown off by a package.json that changes on disk between two cells', async () => {
      // A package the cells import, in the project's node_modules so both TypeScript and Node resolve it
      // (TypeScript then watches its package.json); another process rewriting that file mid-run used to fail
      // the next cell with tslab's "Unexpected pending rebuildTimer".
      const name = `handson-watch-probe-${runner.name}-${process.pid}`;
      const pkg = join(__dirname, '..', '..', '..', 'node_modules', name);
      mkdirSync(pkg, { recursive: true });
      const manifest = join(pkg, 'package.json');
      writeFileSync(
        manifest,
        JSON.stringify({ name: 'handson-watch-probe', main: 'index.js', types: 'index.d.ts' }),
      );
      writeFileSync(join(pkg, 'index.js'), 'exports.probe = 42;');
      writeFileSync(join(pkg, 'index.d.ts'), 'export declare const probe: number;');
      try {
        const path = writeNotebookFile(scratch.dir, `watched-${runner.name}.ipynb`, [
          code(`import { probe } from '${name}';\nconsole.log(probe);`),
          code(
            `require('node:fs').writeFileSync(${JSON.stringify(manifest)}, require('node:fs').readFileSync(${JSON.stringify(manifest)}));\n` +
              'await new Promise((r) => setTimeout(r, 1000));',
          ),
          code('console.log(probe + 1);'),
        ]);
        const run = assertRunSucceeded(await runner.run(path));
        expect(streams(run, 0)).toBe('42\n');
        expect(streams(run, 2)).toBe('43\n');
      } finally {
        rmSync(pkg, { recursive: true, force: true });
      }
    });
  });
}

describe.skipIf(!jupyter.available)('jupyter runner and stored metadata', () => {
  it('the kernel metadata stored in notebooks is what the real tslab kernel reports', async () => {
    const path = writeNotebookFile(scratch.dir, 'kernel-info.ipynb', [code('1 + 1')]);
    const run = assertRunSucceeded(await runInJupyter(path));
    expect(run.kernelLanguageInfo).toEqual(KERNEL_METADATA.language_info);
  });
});

describe('in-process runner limits', () => {
  it('stops a cell that does not finish in time and says so', async () => {
    const path = writeNotebookFile(scratch.dir, 'hang.ipynb', [
      code("console.log('before');"),
      code('await new Promise(() => undefined);'),
      code("console.log('not reached');"),
    ]);
    const run = await runInProcess(path, { cellTimeoutMs: 1000 });
    expect(run.failure).toMatchObject({ index: 1, kind: 'runner' });
    expect(describeFailure(run)).toContain('the cell did not finish within 1 s (timeout)');
    expect(run.cells.map((c) => c.index)).toEqual([0, 1]);
  });
});

/**
 * TypeScript modules beside a notebook, in a folder of their own: TypeScript emits no file under a
 * node_modules folder (where the other tests' scratch notebooks live), and tslab runs what it emits.
 */
function notebookWithModules(files: Record<string, string>, cells: ReturnType<typeof code>[]): string {
  const dir = mkdtempSync(join(tmpdir(), 'handson-local-modules-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  mkdirSync(join(dir, 'lib'));
  writeFileSync(join(dir, 'lib', 'base.ts'), 'export const base = 2;\n');
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, 'lib', name), `${text}\n`);
  return writeNotebookFile(dir, 'local.ipynb', cells);
}

describe('local TypeScript modules a cell imports (in-process)', () => {
  it('are compiled and type-checked with the cell, with the modules they import in turn', async () => {
    const path = notebookWithModules(
      {
        'double.ts': "import { base } from './base';\nexport const double = (n: number) => n * base;",
        'wrong.ts': "export const wrong: number = 'three';",
        'reexport.ts': "export { wrong } from './wrong';\nexport { base } from './base';",
      },
      [
        code('const n = 20;'),
        code("import { double } from './lib/double';\nconsole.log(double(n + 1));"),
        code("import { wrong } from './lib/reexport';\nconsole.log(wrong);"),
      ],
    );
    // Not the first notebook this process runs: each run resolves from its own notebook's folder.
    const run = await runInProcess(path);
    expect(streams(run, 1)).toBe('42\n');
    // The error is in a module the cell's module imports: it stops the run at that cell.
    expect(run.failure).toMatchObject({ index: 2, kind: 'error' });
    expect(describeFailure(run)).toContain(
      "lib/wrong.ts 1:14 - Type 'string' is not assignable to type 'number'",
    );
  });
});
