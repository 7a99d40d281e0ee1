import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { exportMarkdown, type Notebook, scanForSecrets } from '@handson/notebook';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT } from '../labs/run-lab';
import { figure } from './scale';

// The secret scanner over what is committed and over what would be published.
const tracked = async () =>
  (await promisify(execFile)('git', ['ls-files', '-z'], { cwd: ROOT, maxBuffer: 64 * 1024 * 1024 })).stdout
    .split('\0')
    .filter(Boolean);

/** Tests and their fixtures carry made-up keys on purpose (e.g. to test masking); they are counted, not failed. */
const isTestMaterial = (path: string) =>
  /(\.test\.ts$|(^|\/)test\/|__fixtures__|(^|\/)fixtures\/)/.test(path);

const out = mkdtempSync(join(tmpdir(), 'handson-exports-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

const report = (path: string, text: string) =>
  scanForSecrets(text).map((f) => `${path}:${f.line} ${f.rule} ${f.preview}`);

describe('secrets in the repository and the blog exports', () => {
  it('no tracked file outside tests holds a key, secret, password, private key or account id', async () => {
    const files = await tracked();
    const findings: string[] = [];
    let scanned = 0;
    let inTests = 0;
    for (const path of files) {
      let text: string;
      try {
        text = readFileSync(join(ROOT, path), 'utf8');
      } catch {
        continue; // listed but not in the work tree (deleted, not yet committed)
      }
      if (text.includes('\u0000')) continue;
      scanned++;
      const found = report(path, text);
      if (isTestMaterial(path)) inTests += found.length;
      else findings.push(...found);
    }
    expect(findings).toEqual([]);
    figure('secret scan, repository', {
      files: scanned,
      findings: findings.length,
      made_up_values_in_tests: inTests,
    });
  });

  it('committed notebooks and every blog export of them are clean', async () => {
    const notebooks = (await tracked()).filter((p) => /^notebooks\/[^/]+\.ipynb$/.test(p));
    expect(notebooks.length).toBeGreaterThan(0);
    const findings: string[] = [];
    let exports = 0;
    for (const path of notebooks) {
      const nb = JSON.parse(readFileSync(join(ROOT, path), 'utf8')) as Notebook;
      // Outputs as a reader sees them (the JSON file escapes newlines inside PEM blocks).
      const outputs = nb.cells
        .flatMap((c) => ('outputs' in c ? (c.outputs as unknown[]) : []))
        .map((o) => JSON.stringify(o).replace(/\\n/g, '\n'))
        .join('\n');
      findings.push(...report(`${path} (outputs)`, outputs));
      for (const flavor of ['hatena', 'gfm'] as const) {
        const md = exportMarkdown(nb, { flavor }).markdown;
        const file = join(out, `${path.replace(/\W/g, '_')}.${flavor}.md`);
        writeFileSync(file, md);
        exports++;
        findings.push(...report(`${path} (${flavor} export)`, readFileSync(file, 'utf8')));
      }
    }
    expect(findings).toEqual([]);
    figure('secret scan, notebooks', { notebooks: notebooks.length, exports, findings: findings.length });
  });
});
