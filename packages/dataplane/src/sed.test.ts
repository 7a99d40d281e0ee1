import { describe, expect, it } from 'vitest';
import { parseSedArgs, parseSedScript, runSed, SedError } from './sed';

const sed = (script: string, text: string, extended = false) =>
  runSed(text, parseSedScript(script, extended));

describe('sed', () => {
  it('parses -i with a backup suffix and -e', () => {
    expect(parseSedArgs(['-i.old', '-e', 's/a/b/g', '/etc/f'])).toMatchObject({
      inPlace: true,
      suffix: '.old',
      scripts: ['s/a/b/g'],
      files: ['/etc/f'],
    });
    expect(parseSedArgs(['-i', 's/a/b/', 'f'])).toMatchObject({
      inPlace: true,
      scripts: ['s/a/b/'],
      files: ['f'],
    });
    expect(parseSedArgs(['-i', 's/a/b/', 'f']).suffix).toBeUndefined();
  });

  it('substitutes the first match, the Nth, or all with g', () => {
    expect(sed('s/a/X/', 'aaa\n')).toBe('Xaa\n');
    expect(sed('s/a/X/2', 'aaa\n')).toBe('aXa\n');
    expect(sed('s/a/X/g', 'aaa\naa\n')).toBe('XXX\nXX\n');
    expect(sed('s/A/x/gI', 'aA\n')).toBe('xx\n');
  });

  it('treats BRE groups, & and back-references as sed does', () => {
    expect(sed('s/\\(ab\\)\\(c\\)/\\2\\1[&]/', 'abc\n')).toBe('cab[abc]\n');
    expect(sed('s/(a)/b/', '(a)\n')).toBe('b\n');
    expect(sed('s/(a)+/<\\1>/', 'aa\n', true)).toBe('<a>\n');
    expect(sed('s|/usr|/opt|', '/usr/bin\n')).toBe('/opt/bin\n');
    expect(sed('s/[[:digit:]]\\+/N/g', 'a1b22\n')).toBe('aNbN\n');
  });

  it('deletes and prints by address, and runs several commands', () => {
    expect(sed('/^#/d', '#x\ny\n')).toBe('y\n');
    expect(sed('2d;s/y/z/', 'x\ny\ny\n')).toBe('x\nz\n');
    expect(runSed('a\nb\n', parseSedScript('/b/p'), true)).toBe('b\n');
  });

  it('refuses what it does not implement', () => {
    expect(() => parseSedScript('y/abc/xyz/')).toThrow(SedError);
    expect(() => parseSedScript('s/a/b')).toThrow(/unterminated/);
    expect(() => parseSedScript('s/a/b/q')).toThrow(/unknown option/);
  });
});

describe('sed, where GNU sed and JavaScript regular expressions differ (found against GNU sed 4.9)', () => {
  it('ends the output with a newline unless its last line is the input’s unterminated last line', () => {
    expect(sed('/^#/d', 'a\n#b')).toBe('a\n');
    expect(sed('2d', 'x\n#G')).toBe('x\n');
    expect(sed('s/a/b/', 'a')).toBe('b');
    expect(runSed('a', parseSedScript('p'))).toBe('a\na');
  });

  it('skips an empty match right after a match, as sed does', () => {
    expect(sed('s/a*/x/g', 'a\n')).toBe('x\n');
    expect(sed('s/a*/x/g', 'baaac\n')).toBe('xbxcx\n');
    expect(sed('s/x*/-/g', 'abc\n')).toBe('-a-b-c-\n');
  });

  it('reads ^ and $ in the middle of a basic expression as characters, and \\< \\> as word starts and ends', () => {
    expect(sed('s/a^b/X/', 'a^b\n')).toBe('X\n');
    expect(sed('s/a$b/X/', 'a$b\n')).toBe('X\n');
    expect(sed('s/\\(^a\\)/X/', 'aa\n')).toBe('Xa\n');
    expect(sed('s/\\</x/g', 'a b\n')).toBe('xa xb\n');
    expect(sed('s/\\>/x/g', 'a b\n')).toBe('ax bx\n');
  });

  it('refuses what JavaScript would match differently: alternation, lazy-looking repeats, odd intervals, missing groups', () => {
    for (const [script, extended] of [
      ['s/a\\|ab/X/', false],
      ['s/a|ab/X/', true],
      ['s/a+?//', true],
      ['s/\\<*//', false],
      ['s/a{,2}/X/', true],
      ['s/{//', true],
      ['s/\\1//', false],
      ['s/a/\\1/', false],
      ['s//x/', false],
    ] as const) {
      expect(() => parseSedScript(script, extended), script).toThrow(SedError);
    }
    expect(sed('s/a\\{2\\}/X/', 'aaa\n')).toBe('Xa\n');
    expect(sed('s/a{2,}/X/', 'aaa\n', true)).toBe('X\n');
  });

  it('refuses a repeated group that holds a repetition, which JavaScript would take exponential time over', () => {
    for (const [script, extended] of [
      ['s/\\(a*\\)*b//', false],
      ['s/(a+)+b//', true],
      ['s/((ab)*c)*//', true],
      ['s/(a{1,3})*x//', true],
    ] as const) {
      expect(() => parseSedScript(script, extended), script).toThrow(/holds a repetition/);
    }
    // A repeated group without one inside, and repetitions inside an unrepeated group, still work.
    expect(sed('s/\\(ab\\)*c/X/', 'ababc\n')).toBe('X\n');
    expect(sed('s/(a*)(b+)c/[\\1|\\2]/', 'aabbc\n', true)).toBe('[aa|bb]\n');
  });
});
