import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { labTools, loadManifest } from './lab-contract';
import { explain, LabWorld, ROOT, type ScriptRun } from './run-lab';

/**
 * Every runnable lab script (a file with the hashbang line) against one fresh sandbox: --help and a bad
 * option send no request at all and write no file; --dry-run sends nothing that may change state. The
 * scripts run in one process (the same code as on their own), since there are fifty of them.
 */
const HASHBANG = '#!/usr/bin/env -S node --conditions=@handson/source --import=tsx';

const labs = readdirSync(join(ROOT, 'scripts'))
  .filter((d) => /^\d\d-/.test(d))
  .sort();
const runnable = labs.flatMap((slug) =>
  readdirSync(join(ROOT, 'scripts', slug))
    .filter(
      (f) => f.endsWith('.mts') && readFileSync(join(ROOT, 'scripts', slug, f), 'utf8').startsWith(HASHBANG),
    )
    .sort()
    .map((f) => `${slug}/${f}`),
);

let world: LabWorld;
beforeAll(async () => {
  world = await LabWorld.start('00-every-script');
});
afterAll(() => world?.close());

function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name));
}

async function runAll(args: string[]) {
  return world.requestsDuring(() => world.runInOneProcess(runnable.map((script) => ({ script, args }))));
}

describe('every runnable lab script', () => {
  it('is a step of its lab manifest, and its manifest names it', async () => {
    const { scriptNames } = await labTools();
    for (const slug of labs) {
      const lab = await loadManifest(slug);
      const files = runnable
        .filter((s) => s.startsWith(`${slug}/`))
        .map((s) => s.split('/')[1]!.replace(/\.mts$/, ''));
      expect(files.sort(), slug).toEqual(scriptNames(lab).sort());
      for (const name of files) {
        const text = readFileSync(join(ROOT, 'scripts', slug, `${name}.mts`), 'utf8');
        expect(text, `${slug}/${name}.mts starts through the entry`).toContain(`await step(LAB, '${name}')`);
      }
    }
  });

  it('answers --help with its usage, loading no credentials, sending nothing and writing nothing', async () => {
    const { result, requests } = await runAll(['--help']);
    expect(result).toHaveLength(runnable.length);
    for (const run of result) {
      expect(run.code, explain(run)).toBe(0);
      expect(run.stdout, run.script).toMatch(/^Usage: /m);
      expect(run.stdout, run.script).toMatch(/^AWS calls/m);
      expect(run.stderr, run.script).toBe('');
    }
    expect(requests).toEqual([]);
    expect(filesUnder(world.env.HANDSON_WORK_DIR!)).toEqual([]);
  }, 120_000);

  it('refuses an unknown option in one line, exit 2, before anything', async () => {
    const { result, requests } = await runAll(['--no-such-option']);
    for (const run of result) {
      expect(run.code, explain(run)).toBe(2);
      expect(run.stderr.trim().split('\n'), run.script).toHaveLength(1);
      expect(run.stderr).toMatch(/unknown option --no-such-option/);
    }
    expect(requests).toEqual([]);
  }, 120_000);

  it('with --dry-run names the target and the calls, sending nothing that may change state', async () => {
    const { result, requests } = await runAll(['--dry-run']);
    for (const run of result) {
      expect(run.code, explain(run)).toBe(0);
      expect(run.stderr, run.script).toMatch(/^Target: local sandbox /);
      expect(run.stdout, run.script).toMatch(/would make these calls \(nothing was sent\)/);
    }
    expect(requests.filter((r) => !r.readOnly)).toEqual([]);
  }, 120_000);
});

export type { ScriptRun };
