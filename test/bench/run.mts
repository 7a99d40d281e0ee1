#!/usr/bin/env -S node --conditions=@handson/source --import=tsx
import '@handson/aws'; // silences the SDK's Node-version notice, as in the labs
/**
 * `npm run bench`: measures on the local sandbox, side by side in one run, and writes BENCHMARKS.md.
 * Not part of the test run. Every load loop is bounded in count and time and talks to loopback only.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Command } from 'commander';
import { coldStart } from './cold-start.ts';
import { machineLines } from './machine.ts';
import { ROOT } from './paths.ts';
import { startSandboxProcess } from './sandbox-process.ts';
import { ms, ratio, spread } from './stats.ts';
import { throughput } from './throughput.ts';

const program = new Command()
  .name('npm run bench --')
  .description('Measure the project on the local sandbox and write BENCHMARKS.md.')
  .option('--runs <n>', 'repetitions for timed commands', (v) => Number(v), 10)
  .option('--seconds <n>', 'duration of each throughput run', (v) => Number(v), 10)
  .option('--clients <n>', 'concurrent SDK clients in the throughput run', (v) => Number(v), 8)
  .option('--only <names...>', 'run only these: cold-start, throughput')
  .option(
    '--compare <url>',
    'also run the throughput mix against this AWS-compatible endpoint (loopback)',
    process.env.AWS_ENDPOINT_URL,
  )
  .option('--out <file>', 'where to write the table', join(ROOT, 'BENCHMARKS.md'));
program.parse();
const opts = program.opts<{
  runs: number;
  seconds: number;
  clients: number;
  only?: string[];
  compare?: string;
  out: string;
}>();
const want = (name: string) => !opts.only || opts.only.includes(name);

const sections: string[] = [];
const log = (line: string) => process.stderr.write(`${line}\n`);

if (want('cold-start')) {
  log(`cold start: ${opts.runs} runs each…`);
  const r = await coldStart(opts.runs);
  sections.push(
    '## Cold start: process start to the first answered call',
    '',
    `${opts.runs} runs each, interleaved; median (min–max).`,
    '',
    '| what | time | vs the CLI |',
    '| --- | --- | --- |',
    `| zx script (tsx, TypeScript sources), \`aws(new GetCallerIdentityCommand({}))\` | ${spread(r.port)} | ${ratio(r.port.median, r.cli.median)} of the CLI's time |`,
    `| \`/usr/bin/aws sts get-caller-identity\` | ${spread(r.cli)} | 1.0× |`,
    '',
    `Goal: under 1 s and faster than the CLI — ${r.port.median < 1000 && r.port.median < r.cli.median ? 'met' : 'not met'}.`,
    '',
  );
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
  sections.push(
    "## Sandbox throughput and latency for the labs' call mix",
    '',
    `${opts.clients} concurrent SDK v3 clients for ${opts.seconds} s, each looping SQS send/receive/delete, EC2 DescribeVpcs and`,
    'DescribeInstances, IAM ListUsers (and ListPolicies every fifth round). The sandbox runs in its own process.',
    '',
    '| endpoint | requests | errors | requests/s | p50 | p99 | sandbox RSS at end |',
    '| --- | --- | --- | --- | --- | --- | --- |',
    ...rows.map(
      (r) =>
        `| ${r.name} | ${r.requests} | ${r.errors} | ${r.perSecond.toFixed(0)} | ${ms(r.p50)} | ${ms(r.p99)} | ${r.rssMiB === undefined ? '—' : `${r.rssMiB.toFixed(0)} MiB`} |`,
    ),
    '',
  );
}

const text = [
  '# Benchmarks',
  '',
  'Written by `npm run bench` (test/bench/run.mts); not part of the test run. Figures from one run on:',
  '',
  ...machineLines(),
  `- date: ${new Date().toISOString().slice(0, 10)}`,
  '',
  ...sections,
].join('\n');
writeFileSync(opts.out, text);
log(`wrote ${opts.out}`);
