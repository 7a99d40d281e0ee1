import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { behindShim, fuzz } from '@handson/test-support';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { PIPELINE_STAGES, runPipeline, shellToolsAvailable } from './index';

/**
 * The port against the real commands: many generated access-key files, each run through jp.py, sed and grep
 * stage by stage in one bash process, and compared byte for byte with the port's stages.
 */
const haveTools = shellToolsAvailable();
if (!haveTools)
  console.warn('skipping the differential test: it needs bash, jp.py (pip install jmespath), sed and grep');

/** The jp.py first on PATH, or what its pyenv shim runs. */
const jpPy = () => {
  const found = execFileSync('bash', ['-c', 'command -v jp.py'], { encoding: 'utf8' }).trim();
  return behindShim('jp.py', found);
};

const base64ish = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789/+=';
const secretArb = fc.string({ unit: fc.constantFrom(...base64ish), minLength: 40, maxLength: 40 });
const keyIdArb = fc
  .string({ unit: fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567'), minLength: 16, maxLength: 16 })
  .map((s) => `AKIA${s}`);
const dateArb = fc
  .date({ min: new Date('2010-01-01T00:00:00Z'), max: new Date('2030-01-01T00:00:00Z'), noInvalidDate: true })
  .chain((d) =>
    fc.constantFrom(
      d.toISOString().replace(/\.\d{3}Z$/, 'Z'),
      d.toISOString().replace(/\.\d{3}Z$/, '+00:00'),
    ),
  );
const extraValue = fc.oneof(
  fc.string(),
  fc.constantFrom('東京リージョン', 'a:b:c', 'x,y "z"', 'back\\slash', '{braces}'),
  fc.integer(),
  fc.constantFrom(1.5, 0.1, 1e-7, 1e21, 123456789.125, -0.5),
  fc.boolean(),
  fc.constant(null),
  fc.dictionary(fc.constantFrom('A', 'B', 'Nested'), fc.oneof(fc.string(), fc.integer()), { maxKeys: 2 }),
);
const accessKeyArb = fc
  .record({
    UserName: fc.constantFrom('handson-cli-novice-user', 'u', 'user.name@example+x=y,z'),
    AccessKeyId: keyIdArb,
    Status: fc.constantFrom('Active', 'Inactive'),
    SecretAccessKey: secretArb,
    CreateDate: dateArb,
  })
  .chain((key) =>
    fc
      .tuple(
        fc.dictionary(fc.constantFrom('Extra', 'Tags', 'Note', 'Zone'), extraValue, { maxKeys: 2 }),
        fc.shuffledSubarray(Object.keys(key), { minLength: 5, maxLength: 5 }),
        fc.constantFrom(0, 2, 4, '\t'),
      )
      .map(([extra, order, indent]) => {
        const ordered: Record<string, unknown> = {};
        for (const k of order) ordered[k] = key[k as keyof typeof key];
        return (
          JSON.stringify(
            { AccessKey: { ...ordered, ...extra }, ResponseMetadata: { RequestId: 'r' } },
            null,
            indent,
          ) + (indent === 0 ? '' : '\n')
        );
      }),
  );

/** Each file costs a few Python starts (jp.py); HANDSON_FUZZ_RUNS=200 tries more, HANDSON_FUZZ_SEED others. */
const SETTINGS = fuzz(20, 20210717);
const FILES = SETTINGS.numRuns;

describe.skipIf(!haveTools)('port vs jp.py | sed | grep', () => {
  const dir = mkdtempSync(join(tmpdir(), 'credentials-diff-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it(`gives identical output at every stage for ${FILES} generated access-key files`, () => {
    const docs = fc.sample(accessKeyArb, SETTINGS);
    const files = docs.map((doc, i) => {
      const file = join(dir, `token-${i}.json`);
      writeFileSync(file, doc);
      return file;
    });
    // One bash process prints every stage of every file, separated by markers, so the comparison stays fast.
    const stageCommands = PIPELINE_STAGES.map((s) => s.command);
    const script = [
      // The jp.py a terminal here runs, without the pyenv shim's start per call (about 0.7 s of CPU each).
      'jp.py() { "$JP_PY" "$@"; }',
      'for f in "$@"; do',
      // biome-ignore lint/suspicious/noTemplateCurlyInString: shell parameter expansion, not a template
      '  out=$(cat "$f"; echo x); out=${out%x}',
      ...stageCommands.map(
        (cmd, i) =>
          `  out=$(printf '%s' "$out" | ${cmd}; echo x); out=\${out%x}; printf '<<%s:${i}>>%s' "$f" "$out"`,
      ),
      'done',
    ].join('\n');
    const printed = execFileSync('bash', ['-c', script, 'bash', ...files], {
      encoding: 'utf8',
      env: { ...process.env, LC_ALL: 'C.UTF-8', PYTHONIOENCODING: 'utf-8', JP_PY: jpPy() },
    });
    const shell = new Map<string, string>();
    for (const part of printed.split('<<').slice(1)) {
      const end = part.indexOf('>>');
      shell.set(part.slice(0, end), part.slice(end + 2));
    }
    let compared = 0;
    files.forEach((file, i) => {
      const { stages } = runPipeline(docs[i]!);
      stages.forEach((stage, s) => {
        expect(stage.output, `${file} after ${stage.command}`).toBe(shell.get(`${file}:${s}`));
        compared++;
      });
    });
    expect(compared).toBe(FILES * PIPELINE_STAGES.length);
  }, 180_000);
});
