#!/usr/bin/env -S node --conditions=@handson/source --import=tsx
/**
 * Runs the labs end to end: each lab's zx scripts in order, then its teardown (always), then its notebook.
 * On the default target it starts a private sandbox for the run and stops it afterwards.
 * A lab whose scripts or notebook do not exist yet is reported as "not built yet", never as passed.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Command } from 'commander';
import { LABS, type LabEntry } from './labs-catalogue.ts';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

type Outcome = 'passed' | 'failed' | 'not built yet' | 'skipped';
interface LabResult {
  lab: LabEntry;
  scripts: Outcome;
  notebook: Outcome;
  detail: string[];
}

const program = new Command()
  .name('npm run labs --')
  .description('Run the labs end to end (scripts, teardown, notebook) on the local sandbox by default.')
  .option('-l, --lab <prefix...>', 'only these labs (slug or its number, e.g. 04)')
  .option('--no-notebooks', 'run only the zx scripts')
  .option('--no-scripts', 'run only the notebooks')
  .option('--keep-sandbox-data', 'keep the private sandbox data directory for inspection')
  .addHelpText(
    'after',
    '\nTargets: the default is a private local sandbox started for this run. Set AWS_ENDPOINT_URL to use\n' +
      'another AWS-compatible endpoint, or HANDSON_TARGET=aws to run against a real account (it creates\n' +
      'and then deletes real resources, which may cost money).',
  );
program.parse();
const opts = program.opts<{
  lab?: string[];
  notebooks: boolean;
  scripts: boolean;
  keepSandboxData?: boolean;
}>();

function selected(lab: LabEntry): boolean {
  if (!opts.lab) return true;
  return opts.lab.some((p) => lab.slug === p || lab.slug.startsWith(`${p.padStart(2, '0')}-`));
}

function run(cmd: string, args: string[], env: NodeJS.ProcessEnv): Promise<number> {
  return new Promise((done) => {
    const child = spawn(cmd, args, { cwd: root, env, stdio: 'inherit' });
    child.on('exit', (code, signal) => done(code ?? (signal ? 128 : 1)));
    child.on('error', () => done(127));
  });
}

const tsx = ['--conditions=@handson/source', '--import=tsx'];

async function runScripts(lab: LabEntry, env: NodeJS.ProcessEnv, detail: string[]): Promise<Outcome> {
  const dir = join(root, 'scripts', lab.slug);
  if (!existsSync(dir)) return 'not built yet';
  const files = readdirSync(dir).sort();
  const steps = files.filter((f) => /^\d\d-.*\.mts$/.test(f));
  const teardown = files.find((f) => f === 'teardown.mts');
  if (steps.length === 0) return 'not built yet';
  let outcome: Outcome = 'passed';
  for (const step of steps) {
    console.log(`\n── ${lab.slug}/${step}`);
    const code = await run(process.execPath, [...tsx, join(dir, step)], env);
    if (code !== 0) {
      detail.push(`${step} exited ${code}`);
      outcome = 'failed';
      break;
    }
  }
  if (teardown) {
    console.log(`\n── ${lab.slug}/${teardown}`);
    const code = await run(process.execPath, [...tsx, join(dir, teardown)], env);
    if (code !== 0) {
      detail.push(`teardown exited ${code}`);
      outcome = 'failed';
    }
  } else {
    detail.push('no teardown.mts');
    outcome = 'failed';
  }
  return outcome;
}

async function runNotebook(lab: LabEntry, env: NodeJS.ProcessEnv, detail: string[]): Promise<Outcome> {
  const path = join(root, 'notebooks', `${lab.slug}.ipynb`);
  if (!existsSync(path)) return 'not built yet';
  // The bin, not src/cli.ts: the source only defines the program, so running it ran nothing and exited 0.
  const cli = join(root, 'packages', 'notebook', 'bin', 'handson-notebook.js');
  if (!existsSync(cli)) {
    detail.push('the notebook runner is not built yet');
    return 'not built yet';
  }
  console.log(`\n── notebooks/${lab.slug}.ipynb`);
  const code = await run(process.execPath, [cli, 'run', relative(root, path)], env);
  if (code !== 0) detail.push(`notebook run exited ${code}`);
  return code === 0 ? 'passed' : 'failed';
}

interface Sandbox {
  url: string;
  close(): Promise<void>;
}

async function startPrivateSandbox(dataDir: string): Promise<Sandbox> {
  let mod: { startSandbox?: (o: object) => Promise<Sandbox> };
  try {
    mod = (await import('@handson/sandbox')) as typeof mod;
  } catch (err) {
    throw new Error(`could not load @handson/sandbox: ${(err as Error).message}`);
  }
  if (typeof mod.startSandbox !== 'function')
    throw new Error('@handson/sandbox does not export startSandbox yet');
  return mod.startSandbox({ port: 0, host: '127.0.0.1', dataDir, seed: 'labs' });
}

async function main(): Promise<number> {
  const labs = LABS.filter(selected);
  if (labs.length === 0) {
    console.error(`No lab matches ${opts.lab?.join(', ')}. Labs: ${LABS.map((l) => l.slug).join(', ')}`);
    return 2;
  }
  const env: NodeJS.ProcessEnv = { ...process.env };
  const target = env.HANDSON_TARGET ?? (env.AWS_ENDPOINT_URL ? 'endpoint' : 'sandbox');
  let sandbox: Sandbox | undefined;
  const dataDir = mkdtempSync(join(tmpdir(), 'handson-labs-'));
  if (target === 'sandbox') {
    sandbox = await startPrivateSandbox(dataDir);
    env.HANDSON_TARGET = 'sandbox';
    env.HANDSON_SANDBOX_URL = sandbox.url;
    // A fresh sandbox goes with a fresh work directory: files a previous run left (receipt handles, keys)
    // belong to resources this sandbox never had.
    env.HANDSON_WORK_DIR ??= join(dataDir, 'environment');
    console.log(`Target: a private local sandbox at ${sandbox.url} (files in ${env.HANDSON_WORK_DIR})`);
  } else {
    console.log(
      `Target: ${target === 'aws' ? 'a REAL AWS account (HANDSON_TARGET=aws)' : env.AWS_ENDPOINT_URL}`,
    );
  }
  const results: LabResult[] = [];
  try {
    for (const lab of labs) {
      const detail: string[] = [];
      const scripts = opts.scripts ? await runScripts(lab, env, detail) : 'skipped';
      const notebook = opts.notebooks ? await runNotebook(lab, env, detail) : 'skipped';
      results.push({ lab, scripts, notebook, detail });
    }
  } finally {
    await sandbox?.close();
    if (!opts.keepSandboxData) rmSync(dataDir, { recursive: true, force: true });
  }
  console.log('\nLab                                 scripts        notebook');
  for (const r of results) {
    console.log(
      `${r.lab.slug.padEnd(36)}${r.scripts.padEnd(15)}${r.notebook}${r.detail.length ? `  (${r.detail.join('; ')})` : ''}`,
    );
  }
  const all = results.flatMap((r) => [r.scripts, r.notebook]);
  const count = (o: Outcome) => all.filter((x) => x === o).length;
  console.log(
    `\nlabs: ${count('passed')} passed, ${count('failed')} failed, ${count('not built yet')} not built yet`,
  );
  return count('failed') > 0 ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (err: Error) => {
    console.error(`labs: ${err.message}`);
    process.exit(1);
  },
);
