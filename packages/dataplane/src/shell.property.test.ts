import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fuzz } from '@handson/test-support';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { exec, stockInstanceModel } from './instance-model';
import { parseSedScript, runSed, SedError } from './sed';
import { parseLine, UnsupportedShell } from './shell-words';

/** The suite's fixed seed (HANDSON_FUZZ_SEED overrides it, see @handson/test-support fuzz). */
const SEED = 20261205;

/**
 * The user-data model against the real tools: GNU bash, sed and grep on this machine (Debian's, as on Amazon
 * Linux). Whatever the model accepts must do what the real tool does; what it refuses (UnsupportedShell,
 * SedError) is reported per line to the user and needs no comparison. Each case starts one process, so a run
 * tries a few hundred.
 */
const dir = mkdtempSync(join(tmpdir(), 'dataplane-shell-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs a real tool in an empty directory with an empty environment; its stdout and exit status. */
function real(file: string, args: string[], input = ''): { stdout: string; status: number } {
  try {
    const stdout = execFileSync(file, args, {
      input,
      cwd: dir,
      env: { PATH: '/usr/bin:/bin', LC_ALL: 'C.UTF-8' },
      stdio: ['pipe', 'pipe', 'ignore'],
    });
    return { stdout: stdout.toString('utf8'), status: 0 };
  } catch (error) {
    const e = error as { status: number; stdout: Buffer };
    return { stdout: e.stdout.toString('utf8'), status: e.status };
  }
}

const refused = (error: unknown) => error instanceof UnsupportedShell || error instanceof SedError;

const joined = (parts: fc.Arbitrary<string[]>) => parts.map((p) => p.join(''));

describe('the shell words of a user-data line, against bash', () => {
  const line = joined(
    fc.array(
      fc.constantFrom(
        'a',
        'b',
        '-',
        '=',
        '.',
        '/',
        ':',
        ' ',
        '\t',
        "'",
        '"',
        '\\',
        '#',
        '~',
        '[',
        ']',
        'é',
        '日',
        '%',
        ',',
        '@',
        '!',
      ),
      { maxLength: 14 },
    ),
  );

  it('splits and unquotes words as bash does, or refuses the line', () => {
    fc.assert(
      fc.property(line, (text) => {
        let argv: string[];
        try {
          const list = parseLine(text);
          if (list.pipelines.length > 1) return;
          const commands = list.pipelines[0]?.commands ?? [];
          if (commands.length > 1 || commands[0]?.stdout || commands[0]?.stdin) return;
          argv = commands[0]?.argv ?? [];
        } catch (error) {
          if (refused(error)) return;
          throw error;
        }
        const out = real('/bin/bash', ['--norc', '--noprofile', '-c', `printf '%s\\0' ${text}`]);
        // bash refusing a line the model read (an unterminated quote taken differently) is a mismatch too.
        expect(out.status, `bash refused ${JSON.stringify(text)}, read as ${JSON.stringify(argv)}`).toBe(0);
        const words = out.stdout.split('\0').slice(0, -1);
        expect(argv, JSON.stringify(text)).toEqual(argv.length === 0 ? [] : words);
        if (argv.length === 0) expect(words).toEqual(['']);
      }),
      {
        ...fuzz(300, SEED),
        examples: [['a\\'], ['~'], ['a~'], ["'~'"], ['#x'], ['a#b'], ['"a\\b"'], ['[a]'], ['!']],
      },
    );
  });
});

const textLines = fc
  .array(
    fc.oneof(
      joined(
        fc.array(fc.constantFrom('a', 'b', 'A', 'P', 'o', 'r', 't', ' ', '#', '1', '2', '.', '/', '('), {
          maxLength: 8,
        }),
      ),
      fc.constantFrom('#Port 22', 'Port 51512', '#GatewayPorts no'),
    ),
    { maxLength: 5 },
  )
  .chain((lines) => fc.constantFrom(lines.join('\n'), `${lines.join('\n')}\n`));
const patternAtoms = [
  'a',
  'b',
  'P',
  'o',
  ' ',
  '#',
  '2',
  '.',
  '*',
  '^',
  '$',
  '[ab]',
  '[^a]',
  '[[:digit:]]',
  '\\(',
  '\\)',
  '\\.',
  '\\+',
  '\\?',
  '\\{2\\}',
  '\\1',
  '\\|',
  '+',
  '?',
  '(',
  ')',
  '|',
  '{',
  '\\<',
  '\\>',
];
const pattern = joined(fc.array(fc.constantFrom(...patternAtoms), { minLength: 0, maxLength: 5 }));

describe('sed scripts, against GNU sed', () => {
  const replacement = joined(
    fc.array(fc.constantFrom('x', 'Y', '&', '\\1', '\\n', ' ', '\\&', '\\\\'), { maxLength: 4 }),
  );
  const script = fc
    .record({
      address: fc.constantFrom('', '1', '2', '$', '/a/', '/^#/'),
      command: fc.constantFrom('s', 's', 's', 'd', 'p'),
      pattern,
      replacement,
      flags: fc.constantFrom('', 'g', '2', '2g', 'p', 'gp', 'I', 'gI'),
      delimiter: fc.constantFrom('/', '/', '|', '#'),
    })
    .map(({ address, command, pattern: p, replacement: r, flags, delimiter: d }) =>
      command === 's'
        ? `${address}s${d}${p.replaceAll(d, `\\${d}`)}${d}${r.replaceAll(d, `\\${d}`)}${d}${flags}`
        : `${address}${command}`,
    );

  it('prints what GNU sed prints, or refuses the script', () => {
    fc.assert(
      fc.property(
        fc.array(script, { minLength: 1, maxLength: 2 }),
        textLines,
        fc.boolean(),
        fc.boolean(),
        (scripts, text, quiet, extended) => {
          let out: string;
          try {
            out = runSed(
              text,
              scripts.flatMap((s) => parseSedScript(s, extended)),
              quiet,
            );
          } catch (error) {
            if (refused(error)) return;
            throw error;
          }
          const args = [
            ...(quiet ? ['-n'] : []),
            ...(extended ? ['-E'] : []),
            ...scripts.flatMap((s) => ['-e', s]),
          ];
          const gnu = real('/usr/bin/sed', args, text);
          expect({ args, text, out }).toEqual({
            args,
            text,
            out: gnu.status === 0 ? gnu.stdout : `(GNU sed refused: exit ${gnu.status})`,
          });
        },
      ),
      {
        ...fuzz(400, SEED),
        examples: [
          [['s/a\\|ab/X/'], 'ab\n', false, false],
          [['s//x/'], 'a\n', false, false],
          [['s/a+/X/'], 'a+\n', false, false],
        ],
      },
    );
  });
});

describe('grep, against GNU grep', () => {
  it('prints and exits as GNU grep does, or refuses the pattern', () => {
    const flags = fc.subarray(['-v', '-i', '-c', '-n', '-F', '-E'], { maxLength: 3 });
    fc.assert(
      fc.property(
        pattern.filter((p) => !p.includes("'")),
        textLines,
        flags,
        (p, text, f) => {
          // GNU grep 3.8 prints no count for `grep -vc ''` (it stops reading once the pattern matches every
          // line); a quirk the model does not copy.
          if (p === '' && f.includes('-v') && f.includes('-c')) return;
          const model = stockInstanceModel();
          model.files['/tmp/in'] = text;
          let result: { stdout: string; exitCode: number };
          try {
            result = exec(model, `grep ${f.join(' ')} -- '${p}' /tmp/in`);
          } catch (error) {
            if (refused(error)) return;
            throw error;
          }
          writeFileSync(join(dir, 'in'), text);
          const gnu = real('/usr/bin/grep', [...f, '--', p, join(dir, 'in')]);
          expect({ p, f, text, out: result.stdout, status: result.exitCode }).toEqual({
            p,
            f,
            text,
            out: gnu.stdout,
            status: gnu.status,
          });
        },
      ),
      {
        ...fuzz(300, SEED),
        examples: [
          ['a+', 'a+\n', []],
          ['Port\\|Listen', 'Port 22\n', []],
          ['(', '(\n', []],
          ['[', 'a\n', []],
        ],
      },
    );
  });
});
