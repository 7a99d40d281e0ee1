import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateUserCommand, IAMClient } from '@aws-sdk/client-iam';
import { CreateQueueCommand, SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { StateStore } from '../../packages/sandbox/src/core/state.ts';
import { fillState } from './fill-state';
import { rssMiB } from './processes';
import { type SandboxProcess, startSandboxProcess } from './sandbox-process';
import { type Summary, summarize } from './stats';

/**
 * Does a write cost more when the sandbox holds a lot? The same sandbox build (its CLI, a data dir, every
 * write journalled and fsynced) empty and started from `resources` resources made by its own handlers
 * (fill-state.ts), measured in interleaved rounds of sequential SDK v3 writes: IAM CreateUser (IAM is one
 * global scope holding all 40,000 users) and SQS SendMessage to a queue holding 10,000 messages. Also the
 * start time (spawn to listening) and resident memory.
 */

const QUEUE = 'growth-bench';

interface Target {
  name: string;
  dataDir: string;
  server?: SandboxProcess;
  iam?: IAMClient;
  sqs?: SQSClient;
  queueUrl?: string;
  createUser: number[];
  sendMessage: number[];
  startMs: number[];
  rssStartMiB?: number;
  rssEndMiB?: number;
}

export interface GrowthRow {
  name: string;
  createUser: Summary;
  sendMessage: Summary;
  start: Summary;
  rssStartMiB: number;
  rssEndMiB: number;
}

export interface GrowthResult {
  resources: number;
  counts: Record<string, number>;
  rows: GrowthRow[];
  writesPerRound: number;
  rounds: number;
  starts: number;
  /** The filled state's snapshot, and one rewrite of it in this process (load, then compact). */
  snapshotMiB: number;
  loadMs: number;
  compactMs: number;
  /** Journal bytes per write, from the full sandbox's journal after the measured writes. */
  journalBytesPerWrite: number;
}

const clientConfig = (url: string) => ({
  endpoint: url,
  region: 'ap-northeast-1',
  credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
  maxAttempts: 1,
});

async function timed(samples: number[], fn: () => Promise<unknown>): Promise<void> {
  const t = performance.now();
  await fn();
  samples.push(performance.now() - t);
}

export async function stateGrowth(opts: {
  resources: number;
  rounds: number;
  writesPerRound: number;
  starts: number;
  log: (line: string) => void;
}): Promise<GrowthResult> {
  const { log } = opts;
  log(`state growth: filling a data dir with ${opts.resources} resources…`);
  const filled = await fillState(opts.resources, QUEUE);
  const snapshotMiB = statSync(join(filled.dataDir, 'state.json')).size / 2 ** 20;
  const { loadMs, compactMs } = loadAndCompact(filled.dataDir);
  let journalBytesPerWrite = Number.NaN;
  const empty = mkdtempSync(join(tmpdir(), 'handson-bench-empty-'));
  const targets: Target[] = [
    { name: 'empty', dataDir: empty, createUser: [], sendMessage: [], startMs: [] },
    {
      name: `${opts.resources.toLocaleString('en')} resources`,
      dataDir: filled.dataDir,
      createUser: [],
      sendMessage: [],
      startMs: [],
    },
  ];
  try {
    log('state growth: start times…');
    await measureStarts(targets, opts.starts);
    for (const t of targets) await connect(t);
    for (let r = 0; r < opts.rounds; r++) {
      log(`state growth: round ${r + 1} of ${opts.rounds}…`);
      for (const t of r % 2 ? [...targets].reverse() : targets) await writeRound(t, r, opts.writesPerRound);
    }
    for (const t of targets) t.rssEndMiB = rssMiB((t.server as SandboxProcess).pid);
    const writes = opts.rounds * opts.writesPerRound * 2;
    journalBytesPerWrite = statSync(join(filled.dataDir, 'journal.log')).size / writes;
  } finally {
    for (const t of targets) {
      t.iam?.destroy();
      t.sqs?.destroy();
      await t.server?.stop();
      rmSync(t.dataDir, { recursive: true, force: true });
    }
  }
  return {
    resources: opts.resources,
    counts: filled.counts,
    rounds: opts.rounds,
    writesPerRound: opts.writesPerRound,
    starts: opts.starts,
    snapshotMiB,
    loadMs,
    compactMs,
    journalBytesPerWrite,
    rows: targets.map(growthRow),
  };
}

/** One rewrite of the filled snapshot in this process: the time to read it, then to write it again. */
function loadAndCompact(dataDir: string): { loadMs: number; compactMs: number } {
  const store = new StateStore(dataDir);
  let t = performance.now();
  store.load();
  const loadMs = performance.now() - t;
  t = performance.now();
  store.compact();
  const compactMs = performance.now() - t;
  return { loadMs, compactMs };
}

/** Starts each sandbox `starts` times, alternating which goes first; the last start of each stays up. */
async function measureStarts(targets: Target[], starts: number): Promise<void> {
  for (let i = 0; i < starts; i++) {
    for (const t of i % 2 ? [...targets].reverse() : targets) {
      const s = await startSandboxProcess({}, { dataDir: t.dataDir });
      t.startMs.push(s.startMs);
      if (i === starts - 1) t.server = s;
      else await s.stop();
    }
  }
}

/** The memory after the start, the SDK clients, and the queue the writes send to. */
async function connect(t: Target): Promise<void> {
  const server = t.server as SandboxProcess;
  t.rssStartMiB = rssMiB(server.pid);
  t.iam = new IAMClient(clientConfig(server.url));
  t.sqs = new SQSClient(clientConfig(server.url));
  t.queueUrl = (await t.sqs.send(new CreateQueueCommand({ QueueName: QUEUE }))).QueueUrl;
}

/** Round `r` of the measured writes on one sandbox: one CreateUser and one SendMessage per write. */
async function writeRound(t: Target, r: number, writesPerRound: number): Promise<void> {
  for (let i = 0; i < writesPerRound; i++) {
    const UserName = `growth-${r}-${i}`;
    await timed(t.createUser, () => (t.iam as IAMClient).send(new CreateUserCommand({ UserName })));
    await timed(t.sendMessage, () =>
      (t.sqs as SQSClient).send(new SendMessageCommand({ QueueUrl: t.queueUrl, MessageBody: UserName })),
    );
  }
}

function growthRow(t: Target): GrowthRow {
  return {
    name: t.name,
    createUser: summarize(t.createUser),
    sendMessage: summarize(t.sendMessage),
    start: summarize(t.startMs),
    rssStartMiB: t.rssStartMiB ?? Number.NaN,
    rssEndMiB: t.rssEndMiB ?? Number.NaN,
  };
}

const fmt = (v: number) => `${v < 10 ? v.toFixed(2) : v.toFixed(0)} ms`;
const times = (a: number, b: number) => `${(a / b).toFixed(2)}×`;

export function stateGrowthSection(r: GrowthResult): string[] {
  const [empty, full] = r.rows as [GrowthRow, GrowthRow];
  const writes = r.rounds * r.writesPerRound;
  const counts = Object.entries(r.counts)
    .map(([k, v]) => `${v.toLocaleString('en')} ${k}`)
    .join(', ');
  const row = (x: GrowthRow) =>
    `| ${x.name} | ${fmt(x.createUser.median)} (p99 ${fmt(x.createUser.p99 ?? Number.NaN)}) | ${fmt(x.sendMessage.median)} (p99 ${fmt(x.sendMessage.p99 ?? Number.NaN)}) | ${fmt(x.start.median)} | ${x.rssStartMiB.toFixed(0)} MiB | ${x.rssEndMiB.toFixed(0)} MiB |`;
  const worst = Math.max(
    full.createUser.median / empty.createUser.median,
    full.sendMessage.median / empty.sendMessage.median,
  );
  return [
    `## Sandbox state growth: a write with ${r.resources.toLocaleString('en')} resources in state`,
    '',
    'The sandbox CLI with a data dir, empty and started from a data dir filled by its own handlers',
    `(test/bench/fill-state.ts: ${counts}). Each write is one journal line, fsynced before the answer`,
    '(packages/sandbox/README.md, State and determinism). Sequential SDK v3 calls on one connection, in',
    `${r.rounds} interleaved rounds of ${r.writesPerRound} IAM CreateUser + ${r.writesPerRound} SQS SendMessage per sandbox (${writes} of each in all);`,
    `start time is spawn to "listening", median of ${r.starts}; RSS from /proc after the start and after the writes.`,
    '',
    '| sandbox | IAM CreateUser, median | SQS SendMessage, median | start | RSS after start | RSS after writes |',
    '| --- | --- | --- | --- | --- | --- |',
    row(empty),
    row(full),
    `| ratio (full ÷ empty) | ${times(full.createUser.median, empty.createUser.median)} | ${times(full.sendMessage.median, empty.sendMessage.median)} | ${times(full.start.median, empty.start.median)} | ${times(full.rssStartMiB, empty.rssStartMiB)} | ${times(full.rssEndMiB, empty.rssEndMiB)} |`,
    '',
    `Goal: a write with ${r.resources.toLocaleString('en')} resources within 2× of an empty sandbox — ${worst <= 2 ? 'met' : 'not met'} (${worst.toFixed(2)}× at worst).`,
    'Start time and memory grow with the state by nature (it is read and held). The snapshot is rewritten',
    `only when the journal outgrows it: here ${r.snapshotMiB.toFixed(0)} MiB, written in ${(r.compactMs / 1000).toFixed(1)} s (read back in ${(r.loadMs / 1000).toFixed(1)} s), once every`,
    `~${Math.round((r.snapshotMiB * 2 ** 20) / r.journalBytesPerWrite).toLocaleString('en')} writes of the ${r.journalBytesPerWrite.toFixed(0)} bytes of journal each of these writes added (their own event included).`,
    '',
  ];
}
