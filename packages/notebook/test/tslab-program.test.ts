import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { scratchDir } from './fixtures';

const child = join(__dirname, 'support', 'convert-cells.ts');

/** Cells whose imports change from one to the next (each change makes TypeScript rebuild the program). */
const cells = [
  "import { readFileSync } from 'node:fs';\nconst a = 1;",
  'const b: string = a;',
  'const c = readFileSync.name + a;',
  "import { join } from 'node:path';\ninterface Point { x: number }\nconst p: Point = { x: c.length };",
  "join('a', String(p.x))",
  "import { twice } from './lib/twice';\nconst t = twice(p.x);",
  "import { twice as again } from './lib/Twice';",
  "import { wrong } from './lib/wrong';",
  't + 1',
];

function convert(mode: 'lean' | 'plain', cwd: string): { changed: boolean; answers: unknown[] } {
  const out = execFileSync(
    process.execPath,
    ['--conditions=@handson/source', '--import=tsx', child, mode, JSON.stringify(cells)],
    { cwd, encoding: 'utf8' },
  );
  return JSON.parse(out.trim().split('\n').pop() as string);
}

describe("tslab's converter with the lean watch programs (tslab-program.ts)", () => {
  const scratch = scratchDir();
  afterAll(scratch.remove);

  it('answers every cell exactly as with TypeScript unchanged: code, declarations, diagnostics', () => {
    writeFileSync(join(scratch.dir, 'package.json'), '{"private": true}\n');
    mkdirSync(join(scratch.dir, 'lib'));
    writeFileSync(join(scratch.dir, 'lib', 'twice.ts'), 'export const twice = (n: number) => n * 2;\n');
    writeFileSync(join(scratch.dir, 'lib', 'wrong.ts'), "export const wrong: number = 'three';\n");
    const lean = convert('lean', scratch.dir);
    const plain = convert('plain', scratch.dir);
    expect([lean.changed, plain.changed]).toEqual([true, false]);
    expect(lean.answers).toEqual(plain.answers);
    // The cells did what they were written to: a type error, a local module's types, a wrong-case import,
    // an error in a local module.
    const texts = JSON.stringify(plain.answers);
    expect(texts).toContain("Type 'number' is not assignable to type 'string'");
    expect(texts).toContain('declare const t: number');
    expect(texts).toContain("Cannot find module './lib/Twice'");
    // Found by following the cell's imports (the lean builder's own walk): an error inside a module it imports.
    expect(texts).toContain("Type 'string' is not assignable to type 'number'");
  });
});
