import { mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ls } from './index';

describe('ls(): the system listing, printed as a transcript', () => {
  const dir = mkdtempSync('/tmp/labkit-ls-');

  it('prints the shown command line and the real long listing', () => {
    const file = join(dir, 'key.json');
    writeFileSync(file, '{"a": 1}\n', { mode: 0o600 });
    let printed = '';
    const run = ls(['-l', file], { shown: `-l \${FILE}`, write: (t) => (printed += t) });
    expect(run.code).toBe(0);
    const size = statSync(file).size;
    expect(printed).toMatch(
      new RegExp(
        `^\\$ ls -l \\$\\{FILE\\}\\n-rw------- 1 ${userInfo().username} \\S+ +${size} \\w{3} [ \\d]\\d \\d\\d:\\d\\d ${file}\\n$`,
      ),
    );
  });

  it('prints the complaint and returns status 2 for a path that does not exist', () => {
    let printed = '';
    const run = ls(['-d', join(dir, 'missing')], { write: (t) => (printed += t) });
    expect(run.code).toBe(2);
    expect(printed).toBe(
      `$ ls -d ${dir}/missing\nls: cannot access '${dir}/missing': No such file or directory\n`,
    );
  });
});
