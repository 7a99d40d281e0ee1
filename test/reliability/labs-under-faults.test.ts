import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { sweep } from '@handson/aws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { explain, type ScriptRun } from '../labs/run-lab';
import { connections, guardedEnv, recordingProxy } from './guard-env';
import { discoverLabs, RestorableLab } from './lab-world';
import { added, inventory } from './leftovers';
import { issuedSecrets, readableByOthers } from './run-secrets';
import { figure, SCALE } from './scale';

/*
 * Every lab with scripts: run, and stopped after each step in turn, then torn down — nothing may be left.
 * Every run goes through one script host per lab (see ../labs/support/script-host.ts), started with the
 * network guard preloaded; the host sets each script's argv, so the guard's log names the script.
 * The lab tests (../labs/*.test.ts) are the proof that each step works alone as a process of its own; paying
 * for a fresh tsx and SDK load per step here too cost about a minute of CI on two cores. After a full run the
 * sweep by tag and the sandbox's whole state must agree, and a second teardown must pass too.
 * Stopping after step k is reproduced exactly: the sandbox state and the work dir are snapshotted after each
 * step and put back at the same paths and port before the teardown runs.
 */
const LABS = discoverLabs();
const worlds: RestorableLab[] = [];
afterAll(async () => {
  for (const w of worlds) await w.close();
});

const totals = { labs: 0, interruptions: 0, teardowns: 0, scripts: 0, secrets_checked: 0, connections: 0 };

/*
 * Every script runs as a learner with real-looking keys in their shell and no opt-in would run it: no
 * HANDSON_TARGET, proxies pointing at a recording proxy, and the network guard preloaded. So the same runs
 * prove that nothing reaches AWS, and what they print and write is checked for the secrets they were given.
 */
let proxy: Awaited<ReturnType<typeof recordingProxy>>;
const guardLog = join(mkdtempSync(join(tmpdir(), 'handson-guard-log-')), 'connections.jsonl');
beforeAll(async () => {
  proxy = await recordingProxy();
});
afterAll(async () => {
  await proxy?.close();
  rmSync(dirname(guardLog), { recursive: true, force: true });
});
afterAll(() =>
  figure('labs under faults', { ...totals, labs_found: LABS.map((l) => l.slug.slice(0, 2)).join('+') }),
);

function ok(run: ScriptRun): void {
  totals.scripts++;
  expect(run.code, explain(run)).toBe(0);
}

/**
 * Nothing the lab made is left: the whole-state inventory (tagged or not, EC2 in every region) always, and the
 * project's own sweep by tag in every region when `sweepToo` — after a full run, and after every interruption
 * at larger scales. Per interruption the sweep cost more than the teardown it checks (about 0.4 s of SDK calls
 * each on 2 cores, 54 interruptions) and the inventory already sees everything a sweep would find.
 */
async function nothingLeft(
  lab: RestorableLab,
  before: string[],
  when: string,
  sweepToo = true,
): Promise<void> {
  const c = lab.clients();
  expect(added(before, await inventory(c, lab.url)), `everything listed ${when}`).toEqual([]);
  if (!sweepToo) return;
  const swept = await sweep(lab.slug, {
    clients: c,
    regions: 'all',
    clientsIn: (region) => lab.clients(region),
    log: () => undefined,
  });
  expect(swept.skipped, `sweep could list everything ${when}`).toEqual([]);
  expect(
    swept.found.map((f) => `${f.kind} ${f.id}`),
    `sweep ${when}`,
  ).toEqual([]);
}

/** At most two labs at once: each runs its scripts as child processes, and the machine has two cores. */
let slots = 2;
const waiting: (() => void)[] = [];
async function slot<T>(fn: () => Promise<T>): Promise<T> {
  while (slots === 0) await new Promise<void>((r) => waiting.push(r));
  slots--;
  try {
    return await fn();
  } finally {
    slots++;
    waiting.shift()?.();
  }
}

describe('labs under faults', () => {
  it('finds the labs by their scripts folders', () => {
    expect(LABS.length).toBeGreaterThan(0);
  });

  for (const { slug, steps } of LABS) {
    it.concurrent(
      `${slug}: run, and stopped after every step, then torn down, leaves nothing`,
      () =>
        slot(async () => {
          const lab = new RestorableLab(slug);
          worlds.push(lab);
          await lab.start();
          lab.extraEnv = guardedEnv(proxy.url, guardLog);
          const before = await inventory(lab.clients(), lab.url);
          lab.snapshot('0');
          const printed: string[] = [];
          for (const [i, step] of steps.entries()) {
            const run = await lab.runHosted(step);
            printed.push(run.stdout, run.stderr);
            ok(run);
            lab.snapshot(String(i + 1));
          }
          // Nothing secret printed, and a file that holds a secret is its owner's alone.
          const secrets = issuedSecrets(lab.dataDir, lab.home).filter(
            (s) => s !== lab.extraEnv.AWS_SECRET_ACCESS_KEY,
          );
          totals.secrets_checked += secrets.length;
          const output = printed.join('\n');
          expect(
            secrets.filter((s) => output.includes(s)).map((s) => `${s.slice(0, 3)}…`),
            'secrets printed',
          ).toEqual([]);
          expect(readableByOthers(lab.home, secrets), 'secret files readable by others').toEqual([]);

          ok(await lab.runHosted('teardown.mts'));
          totals.teardowns++;
          await nothingLeft(lab, before, 'after a full run and teardown');
          ok(await lab.runHosted('teardown.mts'));
          totals.teardowns++;

          // A second run in a row is each lab test's ("runs twice in a row", and every step again through the
          // manifest contract): repeating it here cost CI time and proved nothing more.

          // Stopped after step k (0 = before anything), for every k short of the end.
          for (let k = 0; k < steps.length; k++) {
            await lab.restore(String(k));
            ok(await lab.runHosted('teardown.mts'));
            totals.teardowns++;
            totals.interruptions++;
            await nothingLeft(
              lab,
              before,
              `after stopping after step ${k} (${steps[k - 1] ?? 'none'}) and teardown`,
              SCALE > 1 || k === steps.length - 1,
            );
            // Idempotent: at CI size once per lab (above); at larger sizes after every interruption.
            if (SCALE > 1) {
              ok(await lab.runHosted('teardown.mts'));
              totals.teardowns++;
            }
          }

          // No connection left the machine, and nothing tried the proxies.
          const seen = connections(guardLog).filter((c) => c.script?.includes(`/scripts/${slug}/`));
          totals.connections += seen.length;
          expect(
            seen.filter((c) => !c.allowed).map((c) => `${c.script}: ${c.host}:${c.port}`),
            'connections off the machine',
          ).toEqual([]);
          expect(proxy.seen, 'requests sent through the proxy').toEqual([]);
          totals.labs++;
        }),
      1_800_000,
    );
  }
});
