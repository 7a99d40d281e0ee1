import { execFile } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { type RunningSandbox, startSandbox } from '@handson/sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error: plain JavaScript helper without type declarations
import { bundleLabs } from '../_lib/bundle.mjs';
import { type LabManifest, scriptNames } from '../_lib/manifest.mts';

const run = promisify(execFile);
const SCRIPTS = join(dirname(fileURLToPath(import.meta.url)), '..');
const SQS = '04-sqs-standard-queue-order';
const VPC = '05-vpc-peering-cloudformation';
// Lab 05 is bundled once its manifest exists (the bundler reads the steps from it).
const withVpc = existsSync(join(SCRIPTS, VPC, 'manifest.mts'));
const bundled = withVpc ? [SQS, VPC] : [SQS];

const outside = mkdtempSync(join(tmpdir(), 'handson-cloudshell-'));
/** Each lab's file alone in an empty directory, as uploaded to CloudShell. */
const home = (slug: string) => join(outside, slug);
const bundleOf = (slug: string) => join(home(slug), `${slug}.mjs`);

/** Like a fresh CloudShell session: no repository, no node_modules, only PATH and HOME. */
async function node(slug: string, args: string[], env: Record<string, string> = {}) {
  try {
    const { stdout, stderr } = await run(process.execPath, [`${slug}.mjs`, ...args], {
      cwd: home(slug),
      env: {
        PATH: process.env.PATH ?? '/usr/bin:/bin',
        HOME: home(slug),
        AWS_EC2_METADATA_DISABLED: 'true',
        ...env,
      },
    });
    return { stdout, stderr, code: 0 };
  } catch (error) {
    const failed = error as { stdout: string; stderr: string; code: number };
    return { stdout: failed.stdout, stderr: failed.stderr, code: failed.code };
  }
}

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

const manifest = async (slug: string) =>
  ((await import(`../${slug}/manifest.mts`)) as { LAB: LabManifest }).LAB;

/** The step names `--help` lists, in its order (the rows of its table). */
const listedSteps = (help: string) =>
  [...help.matchAll(/^ {2}(\d\d-[a-z0-9-]+|teardown) {2}/gm)].map((match) => match[1]);

let sandbox: RunningSandbox;
beforeAll(async () => {
  // One esbuild run for every lab the file tests: the SDK is parsed once.
  const build = join(outside, 'build');
  await bundleLabs(
    bundled.map((slug) => join(SCRIPTS, slug)),
    build,
  );
  for (const slug of bundled) {
    mkdirSync(home(slug));
    copyFileSync(join(build, `${slug}.mjs`), bundleOf(slug));
  }
  rmSync(build, { recursive: true });
  sandbox = await startSandbox({
    port: 0,
    host: '127.0.0.1',
    dataDir: join(outside, 'sandbox-data'),
    seed: 3,
  });
}, 120_000);
afterAll(async () => {
  await sandbox?.close();
  rmSync(outside, { recursive: true, force: true });
});

describe('a lab bundle runs its steps with plain node, copied alone outside the repository', () => {
  it('is one executable file for plain node, at most 4 MB, with nothing to install next to it', () => {
    for (const slug of bundled) {
      const text = readFileSync(bundleOf(slug), 'utf8');
      expect(text.split('\n', 1)[0]).toBe('#!/usr/bin/env node');
      expect(text.match(/^#!/gm)).toHaveLength(1);
      expect(statSync(bundleOf(slug)).mode & 0o111).toBe(0o111);
      expect(statSync(bundleOf(slug)).size, slug).toBeLessThanOrEqual(4_000_000);
    }
    for (let dir = home(SQS); dir !== dirname(dir); dir = dirname(dir)) {
      expect(existsSync(join(dir, 'node_modules')), `${dir}/node_modules`).toBe(false);
    }
  });

  it('--help (or nothing) lists the steps in the manifest’s order with what each does, sending nothing', async () => {
    const lab = await manifest(SQS);
    const help = await node(SQS, ['--help']);
    expect(help.code).toBe(0);
    expect(help.stderr).toBe('');
    expect(help.stdout.split('\n', 1)[0]).toBe(`${SQS}: ${lab.title} (${lab.blog.post})`);
    expect(help.stdout).toContain(`Usage: node ${SQS}.mjs <step> [options]`);
    expect(listedSteps(help.stdout)).toEqual(scriptNames(lab));
    const flat = help.stdout.replace(/\s+/g, ' ');
    for (const spec of [...Object.values(lab.steps), lab.teardown]) expect(flat).toContain(spec.does);
    expect(flat).toContain(`node ${SQS}.mjs <step> --help`);
    expect(await node(SQS, [])).toEqual(help);
  });

  it('says in one line that a step does not exist, exit code 2', async () => {
    expect(await node(SQS, ['09-no-such-step'])).toEqual({
      code: 2,
      stdout: '',
      stderr: `node ${SQS}.mjs: no step 09-no-such-step in this lab (--help lists the steps)\n`,
    });
  });

  it('<step> --help is the step’s own help, naming the bundle in its commands', async () => {
    const result = await node(SQS, ['01-create-queue', '--help']);
    expect(result.code).toBe(0);
    expect(result.stderr).toBe('');
    expect(result.stdout).toContain(`Usage: node ${SQS}.mjs 01-create-queue [options]`);
    expect(result.stdout).toContain(
      '  aws sqs create-queue --queue-name handson-cli-sqs-novice-queue --tags handson:lab=04-sqs-standard-queue-order\n',
    );
    expect(result.stdout).toContain(`Removed by: node ${SQS}.mjs teardown\n`);
  });

  it('runs steps and teardown on a real sandbox; AWS errors print as the CLI prints them, with a hint', async () => {
    const env = { HANDSON_SANDBOX_URL: sandbox.url };
    const url = `${sandbox.url}/123456789012/handson-cli-sqs-novice-queue`;
    // The queue is missing at first: the step tells QueueDoesNotExist by its name (isNotFound), then creates it.
    const create = await node(SQS, ['01-create-queue'], env);
    expect(create.stdout).toContain(`$ aws sqs create-queue \\\n  --queue-name handson-cli-sqs-novice-queue`);
    expect(create.stdout).toContain(`"QueueUrl": "${url}"`);
    expect(create.code).toBe(0);
    const send = await node(SQS, ['02-send-messages'], env);
    expect(send.stdout.match(/"MessageId"/g)).toHaveLength(30);
    expect(send.code).toBe(0);
    const teardown = await node(SQS, ['teardown'], env);
    expect(teardown.stdout).toContain('delete SQS queue handson-cli-sqs-novice-queue if this lab made it');
    expect(teardown.code).toBe(0);
    const gone = await node(SQS, ['02-send-messages'], env);
    expect(gone.code).toBe(1);
    expect(gone.stderr).toContain(
      '\nAn error occurred (AWS.SimpleQueueService.NonExistentQueue) when calling the GetQueueUrl operation: ' +
        'The specified queue does not exist.\n' +
        'hint: it does not exist (yet): run the lab’s earlier steps first; teardown may have removed it.\n',
    );
  });

  it('explains in one line why it cannot start a sandbox where there is no repository', async () => {
    const url = `http://127.0.0.1:${await closedPort()}`;
    const result = await node(SQS, ['01-create-queue'], { HANDSON_SANDBOX_URL: url });
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      `error: No local AWS sandbox answers at ${url}, and @handson/sandbox is not installed next to this script: ` +
        'run `npm run sandbox` in a clone of the repository, or target another endpoint (AWS_ENDPOINT_URL) or ' +
        'real AWS (HANDSON_TARGET=aws).\n',
    );
  });
});

describe.skipIf(!withVpc)('Lab 05’s bundle carries its template', () => {
  it('--help lists its steps', async () => {
    const help = await node(VPC, ['--help']);
    expect(help.code).toBe(0);
    expect(listedSteps(help.stdout)).toEqual(scriptNames(await manifest(VPC)));
  });

  it('validates the template it carries, from a directory that holds nothing else', async () => {
    const result = await node(VPC, ['01-validate-template'], { HANDSON_SANDBOX_URL: sandbox.url });
    expect(result.stdout).toContain('$ aws cloudformation validate-template');
    expect(result.code, result.stderr).toBe(0);
    expect(existsSync(join(home(VPC), 'template.yaml'))).toBe(false);
  });
});
