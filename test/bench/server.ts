import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Baseline, formatTwoCopy } from './baseline';
import { freePort, startCountingProxy } from './counting-proxy';
import { type ProfileSummary, requestStages, summarizeProfiles, topFunctions } from './cpu-profile';
import { fillState } from './fill-state';
import { ROOT } from './paths';
import { rssMiB } from './processes';
import { cpuMs, type ServerProcess, startSandboxProcess, startServerProcess } from './sandbox-process';
import { BENCH_QUEUE, MIX_OPERATIONS, type MixClients, prepareEndpoint, runMix } from './server-mix';

/**
 * The server benchmark: the sandbox (empty, memory only, and started from 100,000 resources), moto server
 * and a floor server that replays the sandbox's own answers, each in its own process, all running at once
 * and measured in interleaved rounds of the same client mix. CPU per request is the server process's own
 * CPU time (user + system, /proc) over a round divided by the requests it answered in it.
 */
export interface ServerRow {
  name: string;
  requests: number;
  errors: number;
  firstError?: string;
  ms: number;
  cpuMs: number;
  /** Per round, to show the spread. */
  rounds: Array<{ perSecond: number; cpuPerRequest: number }>;
  startMs?: number;
  rssStartMiB?: number;
  rssEndMiB?: number;
}

export interface ServerBenchResult {
  rows: ServerRow[];
  workers: number;
  roundMs: number;
  rounds: number;
  filled?: { counts: Record<string, number>; ms: number; stateMiB: number };
  motoMissing?: string;
  /** One more round on a sandbox run with `node --cpu-prof` (not in the table: profiling costs CPU). */
  profile?: {
    byPackage: ProfileSummary;
    byFunction: ProfileSummary;
    byStage: ProfileSummary;
    requests: number;
    /** The sandbox process's CPU (all threads, user + system, from /proc) over the profiled round. */
    cpuMs: number;
    wholeRun: boolean;
  };
}

interface Target {
  name: string;
  server: ServerProcess;
  clients: MixClients;
  row: ServerRow;
}

export async function serverBench(opts: {
  workers: number;
  roundMs: number;
  rounds: number;
  resources: number;
  /** Another build of the sandbox, measured beside this one: empty and with the filled state. */
  baseline?: Baseline;
  log: (line: string) => void;
}): Promise<ServerBenchResult> {
  const { workers, roundMs, rounds, log } = opts;
  const started: ServerProcess[] = [];
  const targets: Target[] = [];
  const scratch = mkdtempSync(join(tmpdir(), 'handson-bench-server-'));
  const result: ServerBenchResult = { rows: [], workers, roundMs, rounds };
  const add = async (name: string, server: ServerProcess, measureStart = false) => {
    if (!started.includes(server)) started.push(server);
    const clients = await prepareEndpoint(server.url);
    const row: ServerRow = { name, requests: 0, errors: 0, ms: 0, cpuMs: 0, rounds: [] };
    if (measureStart) {
      row.startMs = server.startMs;
      row.rssStartMiB = rssMiB(server.pid);
    }
    targets.push({ name, server, clients, row });
  };
  try {
    // Filled first, while nothing else runs: it takes the sandbox's handlers a while.
    let full: { dataDir: string } | undefined;
    if (opts.resources > 0) {
      log(`server: filling a sandbox state with ${opts.resources} resources…`);
      const filled = await fillState(opts.resources, BENCH_QUEUE);
      result.filled = filledSummary(filled);
      full = filled;
    }
    log('server: starting the servers…');
    const sandbox = await startSandboxProcess();
    started.push(sandbox);
    // Recorded first, on the empty sandbox, so every setup call is answered as a success once.
    await recordFloorAnswers(sandbox.url, join(scratch, 'canned.json'));
    await add('sandbox', sandbox, true);
    await add(
      'sandbox, state in memory only (no data dir)',
      await startSandboxProcess({}, { memory: true }),
      true,
    );
    if (full) {
      const server = await startSandboxProcess({}, { dataDir: full.dataDir });
      await add(`sandbox, started with ${opts.resources.toLocaleString('en')} resources`, server, true);
    }
    if (opts.baseline) await addBaseline(opts.baseline, full?.dataDir, opts.resources, add, scratch);
    const moto = motoCommand();
    if (typeof moto === 'string') result.motoMissing = moto;
    else await add('moto server', await startMoto(moto), true);
    await add(
      'floor',
      await startServerProcess(process.execPath, [
        join(ROOT, 'test/bench/floor-server.mjs'),
        join(scratch, 'canned.json'),
      ]),
      true,
    );

    await runRounds(targets, workers, roundMs, rounds, log);
    result.profile = await profileSandbox(workers, roundMs, join(scratch, 'profile'));
    for (const t of targets) {
      if (t.row.rssStartMiB !== undefined) t.row.rssEndMiB = rssMiB(t.server.pid);
      result.rows.push(t.row);
    }
    if (full) rmSync(full.dataDir, { recursive: true, force: true });
    return result;
  } finally {
    for (const t of targets) t.clients.destroy();
    await Promise.all(started.map((s) => s.stop()));
    rmSync(scratch, { recursive: true, force: true });
  }
}

/**
 * The baseline's rows: its sandbox empty, and started from a copy of the filled state in the snapshot format
 * every build reads. Named `sandbox before (<commit>)…`, so the rows of this build stay the ones the goals
 * are worked out from.
 */
async function addBaseline(
  baseline: Baseline,
  filledDir: string | undefined,
  resources: number,
  add: (name: string, server: ServerProcess, measureStart?: boolean) => Promise<void>,
  scratch: string,
): Promise<void> {
  const before = `sandbox before (${baseline.label})`;
  const packageDir = baseline.packageDir;
  await add(before, await startSandboxProcess({}, { packageDir }), true);
  if (!filledDir) return;
  // In the scratch dir, removed with it once the rounds are over.
  const dataDir = formatTwoCopy(filledDir, join(scratch, 'baseline-state'));
  const server = await startSandboxProcess({}, { packageDir, dataDir });
  await add(`${before}, started with ${resources.toLocaleString('en')} resources`, server, true);
}

/** What the table says of the filled state: resources by kind, the time to make them, the file's size. */
function filledSummary(filled: Awaited<ReturnType<typeof fillState>>): ServerBenchResult['filled'] {
  return {
    counts: filled.counts,
    ms: filled.ms,
    stateMiB: statSync(join(filled.dataDir, 'state.json')).size / 2 ** 20,
  };
}

/** A warm-up round on every target, then `rounds` measured rounds, each target's totals added to its row. */
async function runRounds(
  targets: Target[],
  workers: number,
  roundMs: number,
  rounds: number,
  log: (line: string) => void,
): Promise<void> {
  log('server: warm-up round…');
  for (const t of targets) await runMix(t.clients, workers, Math.min(1000, roundMs));
  for (let r = 0; r < rounds; r++) {
    // Rotated each round, so no server always runs right after the same one.
    const order = targets.map((_, i) => targets[(i + r) % targets.length]!);
    for (const t of order) await measuredRound(t, workers, roundMs, `  round ${r + 1} ${t.name}`, log);
  }
}

/** One round of the mix on one target: requests, errors and the server's own CPU time over it. */
async function measuredRound(
  t: Target,
  workers: number,
  roundMs: number,
  label: string,
  log: (line: string) => void,
): Promise<void> {
  const before = cpuMs(t.server.pid);
  const round = await runMix(t.clients, workers, roundMs);
  const cpu = cpuMs(t.server.pid) - before;
  Object.assign(t.row, {
    requests: t.row.requests + round.requests,
    errors: t.row.errors + round.errors,
    firstError: t.row.firstError ?? round.firstError,
    ms: t.row.ms + round.ms,
    cpuMs: t.row.cpuMs + cpu,
  });
  t.row.rounds.push({
    perSecond: (round.requests * 1000) / round.ms,
    cpuPerRequest: cpu / Math.max(1, round.requests),
  });
  log(
    `${label}: ${round.requests} requests, ${round.errors} errors, ${((round.requests * 1000) / round.ms).toFixed(0)}/s, ${(cpu / Math.max(1, round.requests)).toFixed(3)} ms CPU each`,
  );
}

/** The empty sandbox under one round of the mix with Node's sampling profiler on. */
async function profileSandbox(
  workers: number,
  roundMs: number,
  dir: string,
): Promise<ServerBenchResult['profile']> {
  const sandbox = await startSandboxProcess({}, { nodeArgs: ['--cpu-prof', `--cpu-prof-dir=${dir}`] });
  let requests = 0;
  let sinceUs = 0;
  let cpu = 0;
  try {
    const clients = await prepareEndpoint(sandbox.url);
    await runMix(clients, workers, Math.min(1000, roundMs));
    sinceUs = Number(process.hrtime.bigint() / 1000n);
    const before = cpuMs(sandbox.pid);
    requests = (await runMix(clients, workers, roundMs)).requests;
    cpu = cpuMs(sandbox.pid) - before;
    clients.destroy();
  } finally {
    await sandbox.stop();
  }
  // The samples of the measured round only: not the start, the setup or the warm-up.
  let byPackage = summarizeProfiles(dir, sinceUs);
  if (byPackage.totalMs === 0) {
    sinceUs = 0;
    byPackage = summarizeProfiles(dir);
  }
  return {
    byPackage,
    byFunction: topFunctions(dir, 25, sinceUs),
    byStage: requestStages(dir, sinceUs),
    requests,
    cpuMs: cpu,
    wholeRun: sinceUs === 0,
  };
}

/** One loop of the mix through a recording proxy: the floor replays these answers byte for byte. */
async function recordFloorAnswers(url: string, file: string): Promise<void> {
  const proxy = await startCountingProxy(url, { record: true });
  try {
    const clients = await prepareEndpoint(proxy.url);
    // Until every operation of the mix has one answer: on a busy machine one loop can take longer than a
    // short run, and the floor would then answer the missing ones with an error.
    const missing = () => MIX_OPERATIONS.filter((op) => !proxy.recorded()[op]);
    for (let tries = 0; tries < 50 && missing().length > 0; tries++) await runMix(clients, 1, 200);
    clients.destroy();
    if (missing().length > 0)
      throw new Error(`the sandbox answered no ${missing().join(', ')} to record for the floor`);
    writeFileSync(file, JSON.stringify(proxy.recorded()));
  } finally {
    await proxy.close();
  }
}

/** moto_server's real executable (not pyenv's shim), so its process is the one measured. */
function motoCommand(): string[] | string {
  const which = spawnSync('pyenv', ['which', 'moto_server'], { encoding: 'utf8' });
  const path =
    which.status === 0
      ? which.stdout.trim()
      : spawnSync('which', ['moto_server'], { encoding: 'utf8' }).stdout.trim();
  if (!path) return 'moto_server is not installed here (pip install "moto[server]")';
  return [path];
}

async function startMoto(cmd: string[]): Promise<ServerProcess> {
  const port = await freePort();
  return startServerProcess(cmd[0]!, [...cmd.slice(1), '-H', '127.0.0.1', '-p', String(port)], {
    env: { MOTO_IAM_LOAD_MANAGED_POLICIES: 'true' },
    // Its access log, one line a request, stays out of the benchmark's output (moto still writes it).
    quiet: true,
    pattern: /Running on (http:\/\/127\.0\.0\.1:\d+)/,
  });
}
