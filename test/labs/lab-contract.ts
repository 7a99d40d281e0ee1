import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type CellRerun, explain, type LabWorld, ROOT } from './run-lab';

/** The scripts' manifest type (an ES module seen from this CommonJS package). */
type LabManifest = Parameters<Awaited<ReturnType<typeof labTools>>['defineLab']>[0];

/** Operations that make something new: a second run of a step must not send one that succeeds. */
const CREATES = /^(Create|Run|Allocate|Import)[A-Z]/;

export async function loadManifest(slug: string): Promise<LabManifest> {
  const { LAB } = (await import(join(ROOT, 'scripts', slug, 'manifest.mts'))) as { LAB: LabManifest };
  return LAB;
}

/** The scripts' own manifest helpers (ES modules: this package is CommonJS, so loaded dynamically). */
export async function labTools() {
  const [manifest, help] = await Promise.all([
    import('../../scripts/_lib/manifest.mts'),
    import('../../scripts/_lib/help.mts'),
  ]);
  return { ...manifest, ...help };
}

/**
 * What a lab's manifest promises, checked against the lab's own runs: every request a script made is one its
 * manifest declares (so --help and --dry-run tell the truth), and each step run a second time reuses what
 * the first made instead of making it again. Each lab test ends with it, after its own runs.
 */
export function describeLabContract(slug: string, world: () => LabWorld): void {
  describe(`${slug} manifest`, () => {
    it('every request a script made is a call its manifest declares', async () => {
      const { declaredOperations, stepOf } = await labTools();
      const lab = await loadManifest(slug);
      const runs = world().runLog.filter((run) => run.script.endsWith('.mts'));
      expect(runs.length).toBeGreaterThan(0);
      for (const run of runs) {
        const name = run.script.replace(/\.mts$/, '');
        const spec = stepOf(lab, name);
        expect(spec, `${name} is not in ${slug}/manifest.mts`).toBeDefined();
        const declared = new Set(declaredOperations(spec!));
        const undeclared = [...new Set(run.requests.map((r) => r.operation))].filter(
          (op) => !declared.has(op),
        );
        expect(undeclared, `${name} made calls its manifest does not declare`).toEqual([]);
      }
    });

    it('each step run a second time reuses what the first made: nothing is created twice', async () => {
      const { scriptNames } = await labTools();
      const lab = await loadManifest(slug);
      const steps = scriptNames(lab)
        .filter((name) => name !== 'teardown')
        .map((name) => ({ script: `${name}.mts` }));
      // A queue the lab deleted moments ago keeps its name for 60 s (SQS): move the sandbox's clock past it.
      world().sandbox.clock.advance(61_000);
      const first = await world().runInOneProcess(steps);
      for (const run of first) expect(run.code, explain(run)).toBe(0);
      const from = world().runLog.length;
      const second = await world().runInOneProcess(steps);
      const teardown = await world().runInOneProcess([{ script: 'teardown.mts' }]);
      for (const run of [...second, ...teardown]) expect(run.code, explain(run)).toBe(0);
      const created = world()
        .runLog.slice(from, from + steps.length)
        .flatMap((run) =>
          run.requests
            .filter((r) => CREATES.test(r.operation) && !r.error)
            .map((r) => `${run.script}: ${r.operation}`),
        );
      expect(created).toEqual([]);
    }, 300_000);
  });
}

/**
 * Every notebook cell that creates something (through labkit's once()) was run twice in a row by
 * LabWorld.checkNotebookInProcess: the second run must succeed, say the cell already ran, and send no create.
 */
export function expectSafeReruns(reruns: CellRerun[], atLeast = 1): void {
  expect(reruns.length, 'cells that create something go through once()').toBeGreaterThanOrEqual(atLeast);
  for (const rerun of reruns) {
    expect(rerun.status, `cell ${rerun.index} run again:\n${rerun.printed}`).toBe('ok');
    expect(rerun.printed, `cell ${rerun.index} run again`).toMatch(/This cell already ran/);
    expect(rerun.printed, `cell ${rerun.index} run again`).not.toMatch(/^\$ aws \S+ (create|run)-/m);
  }
}
