#!/usr/bin/env -S node --conditions=@handson/source --import=tsx
import '@handson/aws'; // silences the SDK's Node-version notice, as in the labs
/**
 * `npm run bench`: measures on the local sandbox, side by side in one run, and writes BENCHMARKS.md.
 * Not part of the test run. Every load loop is bounded in count and time and talks to loopback only.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Command, InvalidArgumentError } from 'commander';
import { buildBaseline } from './baseline.ts';
import { bundleSizes, bundlesSection } from './bundles.ts';
import { coldStart } from './cold-start.ts';
import { installCost, suiteCost } from './install.ts';
import { kernelStarts, kernelStartsSection } from './kernel-starts.ts';
import { machineLines } from './machine.ts';
import { notebooks } from './notebooks.ts';
import {
  coldStartSection,
  fixesSection,
  installSection,
  mergeSections,
  notebooksSection,
  serverSection,
  sqsSection,
  suiteSection,
  throughputSection,
} from './report.ts';
import { startSandboxProcess } from './sandbox-process.ts';
import { serverBench } from './server.ts';
import { shellAvailable, sqsLab } from './sqs-lab.ts';
import { stateGrowth, stateGrowthSection } from './state-growth.ts';
import { throughput } from './throughput.ts';

// Not paths.ts's ROOT: tsx gives a CommonJS-format .ts module imported straight from an ES module a wrong
// __dirname (data:text), so the repository root is taken from this file's own URL.
const ROOT = fileURLToPath(new URL('../..', import.meta.url));

const SECTIONS = [
  'sqs',
  'cold-start',
  'throughput',
  'server',
  'state-growth',
  'notebooks',
  'kernel-starts',
  'bundles',
];

function count(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 1000)
    throw new InvalidArgumentError('use a whole number from 1 to 1000');
  return n;
}

function milliseconds(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 100 || n > 600_000)
    throw new InvalidArgumentError('use a whole number of milliseconds from 100 to 600000');
  return n;
}

/** The throughput mix is a load test: only against an endpoint on this machine. */
function loopbackUrl(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new InvalidArgumentError('use an http:// URL, e.g. http://127.0.0.1:4566');
  }
  if (!['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname)) {
    throw new InvalidArgumentError(
      `${url.hostname} is not this machine: run the emulator locally and use 127.0.0.1`,
    );
  }
  return url.origin;
}

const program = new Command()
  .name('npm run bench --')
  .description('Measure the project on the local sandbox and write BENCHMARKS.md.')
  .option('--runs <n>', 'repetitions for the cold start', count, 10)
  .option(
    '--sqs-runs <n>',
    'repetitions of the SQS lab, blog vs port (the shell takes minutes per run)',
    count,
    3,
  )
  .option('--seconds <n>', 'duration of each throughput run', count, 10)
  .option('--clients <n>', 'concurrent SDK clients in the throughput run', count, 8)
  .option('--kernel-starts <n>', 'starts of the real tslab kernel in a row (about 2 s each)', count, 30)
  .argument('[sections...]', 'the same as --only: e.g. `npm run bench -- server`')
  .option('--rounds <n>', 'interleaved rounds of the server section', count, 3)
  .option('--round-ms <n>', 'length of each server round, per server, in milliseconds', milliseconds, 5000)
  .option(
    '--resources <n>',
    'resources in the filled sandbox of the server and state-growth sections (0: none in server)',
    (v: string) => {
      const n = Number(v);
      if (!Number.isInteger(n) || n < 0 || n > 1_000_000)
        throw new InvalidArgumentError('use a whole number from 0 to 1000000');
      return n;
    },
    100_000,
  )
  .option(
    '--baseline <commit>',
    'the server section also runs the sandbox as this commit built it (e.g. main), for before → after rows',
  )
  .option('--only <names...>', `run only these sections: ${SECTIONS.join(', ')} (and install, suite)`)
  .option('--no-shell', "skip the blog's bash scripts in the SQS section (they start the AWS CLI ~180 times)")
  .option('--install', '`npm ci` time and node_modules size in a fresh clone (slow)')
  .option('--suite', "the test suite's time, turbo cache off (slow)")
  .option(
    '--compare <url>',
    'also run the throughput mix against this AWS-compatible endpoint on this machine (default: AWS_ENDPOINT_URL)',
    loopbackUrl,
  )
  .option('--out <file>', 'where to write the table', join(ROOT, 'BENCHMARKS.md'));
program.parse();
const opts = program.opts<{
  runs: number;
  sqsRuns: number;
  seconds: number;
  clients: number;
  rounds: number;
  roundMs: number;
  resources: number;
  baseline?: string;
  kernelStarts: number;
  only?: string[];
  shell: boolean;
  install?: boolean;
  suite?: boolean;
  compare?: string;
  out: string;
}>();
if (program.args.length > 0) opts.only = [...(opts.only ?? []), ...program.args];
if (!opts.compare && process.env.AWS_ENDPOINT_URL) opts.compare = loopbackUrl(process.env.AWS_ENDPOINT_URL);
for (const name of opts.only ?? []) {
  if (![...SECTIONS, 'install', 'suite'].includes(name))
    program.error(`unknown section ${name}: use ${SECTIONS.join(', ')}, install, suite`);
}
const want = (name: string) =>
  opts.only
    ? opts.only.includes(name)
    : SECTIONS.includes(name) || (opts as Record<string, unknown>)[name] === true;

const sections: string[][] = [];
const loadAtStart = loadavg()[0]!;
const log = (line: string) => process.stderr.write(`${line}\n`);

const command = `npm run bench -- ${process.argv.slice(2).join(' ')}`.trim();

/**
 * Written after every section, so a slow section at the end (the suite) leaves the others on disk. A run of
 * some sections only (--only, or names as arguments) replaces those sections in the existing file and keeps
 * the rest as measured before.
 */
function write(done: boolean): void {
  if (opts.only && existsSync(opts.out)) {
    writeFileSync(opts.out, mergeSections(readFileSync(opts.out, 'utf8'), sections));
    return;
  }
  const text = [
    '# Benchmarks',
    '',
    'Written by `npm run bench` (test/bench/run.mts); not part of the test run. Figures from one run on:',
    '',
    ...machineLines(),
    `- date: ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC, command: \`${command}\``,
    `- load average (1 min) at start ${loadAtStart.toFixed(1)}, at end ${loadavg()[0]!.toFixed(1)}: other work shared the machine, so compare ratios within a table, which were measured interleaved`,
    ...(done ? [] : ['- (run still in progress: later sections not measured yet)']),
    '',
    ...sections.flat(),
    ...fixesSection(),
  ].join('\n');
  writeFileSync(opts.out, text);
}

if (want('sqs')) {
  const missing = opts.shell ? shellAvailable() : undefined;
  log(`SQS lab, blog vs port: ${opts.sqsRuns} runs each…`);
  const rows = await sqsLab(opts.sqsRuns, { shell: opts.shell && !missing, log });
  sections.push(sqsSection(rows, opts.sqsRuns, missing));
  write(false);
}

if (want('cold-start')) {
  log(`cold start: ${opts.runs} runs each…`);
  sections.push(coldStartSection(await coldStart(opts.runs), opts.runs));
  write(false);
}

if (want('throughput')) {
  log(`throughput: ${opts.clients} clients × ${opts.seconds} s…`);
  const sandbox = await startSandboxProcess();
  const rows = [];
  try {
    rows.push({
      name: 'handson sandbox',
      ...(await throughput(sandbox.url, opts.clients, opts.seconds, sandbox.pid)),
    });
  } finally {
    await sandbox.stop();
  }
  if (opts.compare)
    rows.push({ name: opts.compare, ...(await throughput(opts.compare, opts.clients, opts.seconds)) });
  sections.push(throughputSection(rows, opts.clients, opts.seconds));
  write(false);
}

if (want('server')) {
  log(`server: ${opts.clients} workers, ${opts.rounds} rounds of ${opts.roundMs / 1000} s per server…`);
  const result = await serverBench({
    workers: opts.clients,
    roundMs: opts.roundMs,
    rounds: opts.rounds,
    resources: opts.resources,
    ...(opts.baseline ? { baseline: buildBaseline(opts.baseline, log) } : {}),
    log,
  });
  const when = new Date().toISOString().slice(0, 16).replace('T', ' ');
  sections.push(
    serverSection(result, command, `${when} UTC, load average ${loadavg()[0]!.toFixed(1)} at the end`),
  );
  write(false);
}

if (want('state-growth')) {
  const result = await stateGrowth({
    resources: opts.resources || 100_000,
    rounds: opts.rounds,
    writesPerRound: 100,
    starts: 3,
    log,
  });
  sections.push(stateGrowthSection(result));
  write(false);
}

if (want('notebooks')) {
  log('notebooks: each through both runners…');
  sections.push(notebooksSection(await notebooks(log)));
  write(false);
}

if (want('kernel-starts')) {
  log(`kernel starts: ${opts.kernelStarts} in a row…`);
  sections.push(kernelStartsSection(await kernelStarts(opts.kernelStarts), opts.kernelStarts));
  write(false);
}

if (want('bundles')) {
  log('bundles: one CloudShell file per lab…');
  sections.push(bundlesSection(await bundleSizes()));
  write(false);
}

if (want('install')) {
  log('install: npm ci in a fresh clone…');
  sections.push(installSection(await installCost(log)));
  write(false);
}

if (want('suite')) {
  log('suite: lint, typecheck and test, turbo cache off…');
  sections.push(suiteSection(await suiteCost()));
  write(false);
}

write(true);
log(`wrote ${opts.out}`);
