import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { longFunctions } from '../_tools/function-lengths.mts';

/** A function of exactly `lines` lines: its head, `lines - 2` body lines (blank ones too), its closing brace. */
function functionOf(head: string, lines: number): string {
  const body = Array.from({ length: lines - 2 }, (_, i) => (i % 3 === 2 ? '' : `  x += ${i};`));
  return [head, ...body, '}'].join('\n');
}

describe('the function length check', () => {
  it('reports a function over 80 lines with its file, first line, name and length, blank lines counted', () => {
    const text = ['let x = 0;', '', functionOf('export function tooLong(): void {', 81)].join('\n');
    expect(longFunctions('src/a.ts', text)).toEqual([
      { file: 'src/a.ts', line: 3, name: 'tooLong', lines: 81 },
    ]);
  });

  it('lets a function of exactly 80 lines pass', () => {
    expect(longFunctions('src/a.ts', functionOf('function fits(): void {', 80))).toEqual([]);
  });

  it('names arrow functions and methods by what holds them, and checks nested functions on their own', () => {
    const arrow = functionOf('const viaArrow = () => {', 90);
    const method = ['class Box {', functionOf('  method(): void {', 85), '}'].join('\n');
    const nested = functionOf(
      'function outer(): void {\n' + functionOf('  function inner(): void {', 82),
      100,
    );
    const names = (text: string) => longFunctions('f.ts', text).map((fn) => `${fn.name} ${fn.lines}`);
    expect(names(arrow)).toEqual(['viaArrow 90']);
    expect(names(method)).toEqual(['method 85']);
    expect(names(nested)).toEqual(['outer 182', 'inner 82']);
  });
});

describe('npm run lint:functions', () => {
  const tool = fileURLToPath(new URL('../_tools/function-lengths.mts', import.meta.url));
  const run = (args: string[]) =>
    spawnSync(process.execPath, ['--import=tsx', tool, ...args], { encoding: 'utf8', timeout: 120_000 });

  it('answers --help with its usage and checks nothing; refuses anything else in one line, exit 2', () => {
    const help = run(['--help']);
    expect({ code: help.status, stderr: help.stderr }).toEqual({ code: 0, stderr: '' });
    expect(help.stdout).toMatch(/^usage: npm run lint:functions/);
    for (const args of [['--bogus'], ['extra']]) {
      const bad = run(args);
      expect(bad.status, args.join(' ')).toBe(2);
      expect(bad.stdout).toBe('');
      expect(bad.stderr.trim().split('\n'), args.join(' ')).toHaveLength(1);
    }
  });
});
