#!/usr/bin/env -S node --conditions=@handson/source --import=tsx
/**
 * Runs the labs end to end: each lab's scripts in the order of its manifest, then its teardown (always), then
 * its notebook; then says, per lab, whether the lesson the lab teaches was observed. On the default target it
 * starts a private sandbox for the run and stops it afterwards. A lab that ran but whose lesson did not show
 * (an endpoint that keeps SQS order, say) is reported as such, not as passed.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { createInterface } from 'node:readline/promises';
import { fileURLToPath } from 'node:url';
import { Command } from 'commander';
import { loadLabs } from '../../scripts/_lib/labs.mts';
import type { LabManifest } from '../../scripts/_lib/manifest.mts';
import { ScriptHost } from '../labs/support/script-host.ts';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

type Outcome = 'passed' | 'failed' | 'not built yet' | 'skipped';
type LessonOutcome = 'observed' | 'not observed' | 'not checked' | 'none declared';
interface StepOutcome {
  step: string;
  code: number;
}
interface LessonResult {
  lesson: string;
  expect: string;
  outcome: LessonOutcome;
  detail: string;
}
interface LabResult {
  slug: string;
  title: string;
  scripts: Outcome;
  steps: StepOutcome[];
  lessons: LessonResult[];
  notebook: Outcome;
  detail: string[];
  /** Wall time of the scripts (with the teardown) and of the notebook, to show where a run's time goes. */
  scriptsMs: number;
  notebookMs: number;
}

const program = new Command()
  .name('npm run labs --')
  .description('Run the labs end to end (scripts, teardown, notebook) on the local sandbox by default.')
  .option('-l, --lab <prefix...>', 'only these labs (slug or its number, e.g. 04)')
  .option('--no-notebooks', 'run only the scripts')
  .option('--no-scripts', 'run only the notebooks')
  .option('--endpoint <url>', 'run against this AWS-compatible endpoint instead (sets AWS_ENDPOINT_URL)')
  .option('-y, --yes', 'confirm changes to a target that is not the local sandbox (same as HANDSON_YES=1)')
  .option('--json <file>', 'also write the results, step by step, as JSON')
  .option('--keep-sandbox-data', 'keep the private sandbox data directory for inspection')
  .option('--serial', "on the sandbox, run each notebook after its lab's scripts instead of beside them")
  .addHelpText(
    'after',
    '\nTargets: the default is a private local sandbox started for this run. --endpoint (or AWS_ENDPOINT_URL)\n' +
      'uses another AWS-compatible endpoint; HANDSON_TARGET=aws a real account (it creates and then deletes\n' +
      'real resources, which may cost money). Off the sandbox the run asks once before it starts.',
  );
program.parse();
const opts = program.opts<{
  lab?: string[];
  notebooks: boolean;
  scripts: boolean;
  endpoint?: string;
  yes?: boolean;
  json?: string;
  keepSandboxData?: boolean;
  serial?: boolean;
}>();

function selected(lab: LabManifest): boolean {
  if (!opts.lab) return true;
  return opts.lab.some((p) => lab.slug === p || lab.slug.startsWith(`${p.padStart(2, '0')}-`));
}

/** Runs a command; its output goes to the terminal, or into `sink` (a lane whose output is printed later). */
function run(cmd: string, args: string[], env: NodeJS.ProcessEnv, sink?: string[]): Promise<number> {
  return new Promise((done) => {
    const child = spawn(cmd, args, { cwd: root, env, stdio: sink ? ['ignore', 'pipe', 'pipe'] : 'inherit' });
    child.stdout?.on('data', (chunk: Buffer) => sink?.push(chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => sink?.push(chunk.toString()));
    child.on('close', (code, signal) => done(code ?? (signal ? 128 : 1)));
    child.on('error', () => done(127));
  });
}

/**
 * The labs' scripts run one after another in one long-lived Node process, each exactly as on its own (same
 * modules, imported afresh, its own environment; see test/labs/support/scripts-in-one-process.mts), their
 * output streaming through: a process per step spent about a CPU-second each loading tsx and the SDK. No time
 * limit, as when each step was a process of its own: on a real account a step waits for real (a stack, an
 * instance) as long as AWS takes.
 */
const host = new ScriptHost(root, process.env, true);
const runStep = async (slug: string, script: string, env: NodeJS.ProcessEnv) =>
  (await host.run(join(root, 'scripts', slug, script), [], env, null)).code;

async function runScripts(lab: LabManifest, env: NodeJS.ProcessEnv, result: LabResult): Promise<Outcome> {
  let outcome: Outcome = 'passed';
  for (const step of Object.keys(lab.steps)) {
    console.log(`\n── ${lab.slug}/${step}`);
    const code = await runStep(lab.slug, `${step}.mts`, env);
    result.steps.push({ step, code });
    if (code !== 0) {
      result.detail.push(`${step} exited ${code}`);
      outcome = 'failed';
      break;
    }
  }
  // Before the teardown, which removes the lab's work directory.
  result.lessons = lessons(lab, env.HANDSON_WORK_DIR!);
  console.log(`\n── ${lab.slug}/teardown`);
  const code = await runStep(lab.slug, 'teardown.mts', env);
  result.steps.push({ step: 'teardown', code });
  if (code !== 0) {
    result.detail.push(`teardown exited ${code}`);
    outcome = 'failed';
  }
  return outcome;
}

/** What the lab's steps recorded (observeLesson in @handson/labkit), against what its manifest expects. */
function lessons(lab: LabManifest, workDir: string): LessonResult[] {
  const file = join(workDir, lab.slug, 'lessons.json');
  const seen = existsSync(file)
    ? (JSON.parse(readFileSync(file, 'utf8')) as { lesson: string; observed: boolean; detail: string }[])
    : [];
  return Object.entries(lab.lessons).map(([lesson, spec]) => {
    const found = seen.find((o) => o.lesson === lesson);
    const outcome: LessonOutcome = !found ? 'not checked' : found.observed ? 'observed' : 'not observed';
    return {
      lesson,
      expect: spec.expect,
      outcome,
      detail: found?.detail ?? `${spec.step} did not record it`,
    };
  });
}

async function runNotebook(
  lab: LabManifest,
  env: NodeJS.ProcessEnv,
  detail: string[],
  sink?: string[],
): Promise<Outcome> {
  const path = join(root, 'notebooks', `${lab.slug}.ipynb`);
  if (!existsSync(path)) return 'not built yet';
  // The bin, not src/cli.ts: the source only defines the program, so running it ran nothing and exited 0.
  const cli = join(root, 'packages', 'notebook', 'bin', 'handson-notebook.js');
  if (!existsSync(cli)) {
    detail.push('the notebook runner is not built yet');
    return 'not built yet';
  }
  const header = `\n── notebooks/${lab.slug}.ipynb\n`;
  if (sink) sink.push(header);
  else process.stdout.write(header);
  const code = await run(process.execPath, [cli, 'run', relative(root, path)], env, sink);
  if (code !== 0) detail.push(`notebook run exited ${code}`);
  return code === 0 ? 'passed' : 'failed';
}

interface Sandbox {
  url: string;
  close(): Promise<void>;
}

async function startPrivateSandbox(dataDir: string): Promise<Sandbox> {
  const { startSandbox } = await import('@handson/sandbox');
  return startSandbox({ port: 0, host: '127.0.0.1', dataDir, seed: 'labs' });
}

/** Off the sandbox the whole run is confirmed once, then each script is told so (HANDSON_YES). */
async function confirmTarget(kind: string, env: NodeJS.ProcessEnv): Promise<boolean> {
  const where =
    kind === 'aws' ? 'a REAL AWS account (HANDSON_TARGET=aws)' : `the endpoint ${env.AWS_ENDPOINT_URL}`;
  console.log(`Target: ${where}. Every lab creates resources there and its teardown deletes them.`);
  if (opts.yes || /^(1|true|yes|y)$/i.test(env.HANDSON_YES ?? '')) return true;
  if (!process.stdin.isTTY) {
    console.error('labs: not confirmed: pass --yes (or set HANDSON_YES=1) to run against it.');
    return false;
  }
  const rl = createInterface({ input: process.stdin, output: process.stdout });
  const answer = await rl.question('Go ahead? [y/N] ');
  rl.close();
  return /^y(es)?$/i.test(answer.trim());
}

function minutes(ms: number): string {
  const s = Math.round(ms / 1000);
  return s < 60 ? `${s} s` : `${Math.floor(s / 60)} min ${s % 60} s`;
}

function report(results: LabResult[], wallMs: number): number {
  console.log(
    `\n${'Lab'.padEnd(36)}${'scripts'.padEnd(10)}${'lesson'.padEnd(15)}${'notebook'.padEnd(15)}time (scripts + notebook)`,
  );
  for (const r of results) {
    const notObserved = r.lessons.filter((l) => l.outcome !== 'observed');
    const lesson = r.lessons.length === 0 ? '-' : notObserved.length === 0 ? 'observed' : 'NOT observed';
    const why = notObserved.map((l) => `${l.lesson}: ${l.detail}`);
    const detail = [...r.detail, ...why];
    const time = `${minutes(r.scriptsMs)} + ${minutes(r.notebookMs)}`;
    console.log(
      `${r.slug.padEnd(36)}${r.scripts.padEnd(10)}${lesson.padEnd(15)}${r.notebook.padEnd(15)}${time}${detail.length ? `  (${detail.join('; ')})` : ''}`,
    );
  }
  const all = results.flatMap((r) => [r.scripts, r.notebook]);
  const count = (o: Outcome) => all.filter((x) => x === o).length;
  const unobserved = results.filter((r) => r.lessons.some((l) => l.outcome !== 'observed')).length;
  console.log(
    `\nlabs: ${count('passed')} passed, ${count('failed')} failed, ${unobserved} with a lesson not observed, ` +
      `${count('not built yet')} not built yet`,
  );
  // The last line, so that a run's wall time is where a reader looks first.
  console.log(`labs: wall time ${minutes(wallMs)} (${wallMs} ms)`);
  return count('failed') > 0 || unobserved > 0 ? 1 : 0;
}

/**
 * On the sandbox: a private one, its URL in `env`. Elsewhere: the user's confirmation that the labs may change
 * that account ('refused' when not given).
 */
async function openTarget(
  kind: string,
  env: NodeJS.ProcessEnv,
  dataDir: string,
): Promise<Sandbox | undefined | 'refused'> {
  if (kind === 'sandbox') {
    const sandbox = await startPrivateSandbox(join(dataDir, 'sandbox'));
    env.HANDSON_TARGET = 'sandbox';
    env.HANDSON_SANDBOX_URL = sandbox.url;
    console.log(`Target: a private local sandbox at ${sandbox.url} (files in ${env.HANDSON_WORK_DIR})`);
    return sandbox;
  }
  if (!(await confirmTarget(kind, env))) return 'refused';
  env.HANDSON_YES = '1';
  return undefined;
}

/**
 * Each lab's scripts, then its notebook; with `notebookEnv` (two lanes) the notebooks run in a lane of their
 * own, beside the scripts, their output printed as each ends.
 */
async function runLanes(
  labs: LabManifest[],
  results: LabResult[],
  lanes: { env: NodeJS.ProcessEnv; notebookEnv?: NodeJS.ProcessEnv },
): Promise<void> {
  const { env } = lanes;
  const twoLanes = lanes.notebookEnv !== undefined;
  const notebookEnv = lanes.notebookEnv ?? env;
  const scriptsLane = async () => {
    for (const [i, lab] of labs.entries()) {
      const result = results[i]!;
      const scriptsStarted = Date.now();
      if (opts.scripts) result.scripts = await runScripts(lab, env, result);
      result.scriptsMs = Date.now() - scriptsStarted;
      if (!twoLanes && opts.notebooks) await notebookOf(i);
    }
  };
  const notebookOf = async (i: number) => {
    const result = results[i]!;
    const out: string[] = [];
    const notebookStarted = Date.now();
    result.notebook = await runNotebook(labs[i]!, notebookEnv, result.detail, twoLanes ? out : undefined);
    result.notebookMs = Date.now() - notebookStarted;
    process.stdout.write(out.join(''));
  };
  const notebooksLane = async () => {
    for (const i of labs.keys()) await notebookOf(i);
  };
  await Promise.all([scriptsLane(), ...(twoLanes ? [notebooksLane()] : [])]);
}

async function main(): Promise<number> {
  const labs = (await loadLabs()).filter(selected);
  if (labs.length === 0) {
    console.error(`No lab matches ${opts.lab?.join(', ')}.`);
    return 2;
  }
  const started = Date.now();
  const env: NodeJS.ProcessEnv = { ...process.env };
  if (opts.endpoint) {
    env.AWS_ENDPOINT_URL = opts.endpoint;
    delete env.HANDSON_TARGET;
  }
  const kind = env.HANDSON_TARGET || (env.AWS_ENDPOINT_URL ? 'endpoint' : 'sandbox');
  const dataDir = mkdtempSync(join(tmpdir(), 'handson-labs-'));
  // A private work directory: files a previous run left (receipt handles, keys) belong to other resources.
  env.HANDSON_WORK_DIR ??= join(dataDir, 'environment');
  const target = await openTarget(kind, env, dataDir);
  if (target === 'refused') {
    rmSync(dataDir, { recursive: true, force: true });
    return 2;
  }
  const sandbox = target;
  const results: LabResult[] = labs.map((lab) => ({
    ...{ slug: lab.slug, title: lab.title, steps: [], lessons: [], detail: [] },
    scripts: 'skipped',
    notebook: 'skipped',
    scriptsMs: 0,
    notebookMs: 0,
  }));
  // On the sandbox the notebooks run beside the scripts, on a second private sandbox with a work directory of
  // their own: each lane keeps its own clock, state and files, so neither sees the other (and a 2-core machine
  // uses both cores). Off the sandbox the two would make the same lab's resources in one account: one by one.
  // A work directory the user chose is one directory: then the lanes take turns.
  const twoLanes =
    kind === 'sandbox' && opts.scripts && opts.notebooks && !opts.serial && !process.env.HANDSON_WORK_DIR;
  let notebookSandbox: Sandbox | undefined;
  const notebookEnv: NodeJS.ProcessEnv = { ...env };
  if (twoLanes) {
    notebookSandbox = await startPrivateSandbox(join(dataDir, 'sandbox-notebooks'));
    notebookEnv.HANDSON_SANDBOX_URL = notebookSandbox.url;
    notebookEnv.HANDSON_WORK_DIR = join(dataDir, 'environment-notebooks');
    console.log(
      `Notebooks: a second private sandbox at ${notebookSandbox.url}, their output printed as each ends`,
    );
  }
  try {
    await runLanes(labs, results, twoLanes ? { env, notebookEnv } : { env });
  } finally {
    host.close();
    await sandbox?.close();
    await notebookSandbox?.close();
    if (!opts.keepSandboxData) rmSync(dataDir, { recursive: true, force: true });
  }
  const wallMs = Date.now() - started;
  if (opts.json) writeFileSync(opts.json, `${JSON.stringify({ target: kind, wallMs, results }, null, 2)}\n`);
  return report(results, wallMs);
}

main().then(
  (code) => process.exit(code),
  (err: Error) => {
    console.error(`labs: ${err.message}`);
    process.exit(1);
  },
);
