import { execFileSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { CreateQueueCommand, SQSClient } from '@aws-sdk/client-sqs';
import { behindCountingProxy, total } from './counting-proxy';
import { AWS_CLI, ROOT } from './paths';
import { timed } from './processes';
import { startSandboxProcess } from './sandbox-process';
import { type Summary, summarize } from './stats';

/*
 * Lab 04 (SQS standard queue order), the blog's way and the port's way, on a fresh sandbox each time, behind a
 * counting proxy. The blog's three bash scripts run verbatim except for the endpoint; the port runs the lab's
 * TypeScript scripts doing the same work (02 send, 04 receive, 07 delete), from sources with tsx and bundled.
 */

const QUEUE = 'handson-cli-sqs-novice-queue';
const LAB = join(ROOT, 'scripts', '04-sqs-standard-queue-order');
// The blog's scripts as the sandbox's SQS tests keep them (one copy in the repository).
const BLOG = join(ROOT, 'scripts', '04-sqs-standard-queue-order', 'blog');
const BLOG_SCRIPTS = ['Message_send.sh', 'Message_receive.sh', 'Message_delete.sh'];
const PORT_SCRIPTS = ['02-send-messages.mts', '04-receive-messages.mts', '07-delete-messages.mts'];
const TSX = ['--conditions=@handson/source', '--import=tsx'];

/**
 * The one change to the blog's scripts: Debian's CLI 2.9 predates AWS_ENDPOINT_URL, so every `aws` call gets
 * `--endpoint-url` in front of its service name.
 */
export function withEndpoint(script: string, endpoint: string): string {
  return script.replace(/\baws sqs /g, `aws --endpoint-url ${endpoint} sqs `);
}

interface Step {
  cmd: string;
  args: string[];
}

export interface Variant {
  name: string;
  /** What must appear on stdout for the run to count (the work was done). */
  done: RegExp;
  steps(world: World): Step[];
}

interface World {
  home: string;
  bin: string;
  endpoint: string;
  bundles: string;
}

export interface VariantResult {
  name: string;
  time: Summary;
  calls: number;
  byOperation: string;
  failures: string[];
}

/** The real jp.py, not a version manager's shim in front of it (the blog's machine had it installed). */
function jpPy(): string | undefined {
  for (const [cmd, args] of [
    ['pyenv', ['which', 'jp.py']],
    ['sh', ['-c', 'command -v jp.py']],
  ] as const) {
    try {
      const path = execFileSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
      if (path) return path;
    } catch {}
  }
  return undefined;
}

export function shellAvailable(): string | undefined {
  if (!existsSync(AWS_CLI)) return `${AWS_CLI} is not installed`;
  if (!jpPy()) return 'jp.py is not on PATH (pip install jmespath)';
  return undefined;
}

/** A copy of a bash script with the endpoint added, run with bash as the blog ran it. */
function shellStep(w: World, source: string): Step {
  const file = join(w.bin, source.split('/').at(-1)!);
  writeFileSync(file, withEndpoint(readFileSync(source, 'utf8'), w.endpoint));
  return { cmd: 'bash', args: [file] };
}

export const VARIANTS: Variant[] = [
  {
    name: 'blog: bash + `aws` CLI + `jp.py`',
    done: /30回目のメッセージ削除です/,
    steps: (w) => BLOG_SCRIPTS.map((s) => shellStep(w, join(BLOG, s))),
  },
  {
    name: 'port: lab scripts, tsx from sources',
    done: /30回目のメッセージ削除です/,
    steps: () => PORT_SCRIPTS.map((s) => ({ cmd: process.execPath, args: [...TSX, join(LAB, s)] })),
  },
  {
    name: 'port: lab scripts bundled, plain `node`',
    done: /30回目のメッセージ削除です/,
    steps: (w) =>
      PORT_SCRIPTS.map((s) => ({
        cmd: process.execPath,
        args: [join(w.bundles, s.replace('.mts', '.mjs'))],
      })),
  },
  {
    name: 'batch (10 per call): bash + `aws` CLI',
    done: /受信して削除したメッセージは 30 通です/,
    steps: (w) => [shellStep(w, join(ROOT, 'test/bench/fixtures/sqs-batch.sh'))],
  },
  {
    name: 'batch (10 per call): TypeScript script, tsx from sources',
    done: /受信して削除したメッセージは 30 通です/,
    steps: () => [{ cmd: process.execPath, args: [...TSX, join(ROOT, 'test/bench/fixtures/sqs-batch.mts')] }],
  },
];

/** Bundles the port's scripts once, as `npm run bundle -w @handson/lab-scripts` does, into `dir`. */
export async function bundlePort(dir: string): Promise<void> {
  const lib = (await import(pathToFileURL(join(ROOT, 'scripts/_lib/bundle.mjs')).href)) as {
    bundleScript(entry: string, outfile: string): Promise<unknown>;
  };
  for (const s of PORT_SCRIPTS) await lib.bundleScript(join(LAB, s), join(dir, s.replace('.mts', '.mjs')));
}

async function runOnce(
  variant: Variant,
  bundles: string,
): Promise<{ ms: number; counts: Map<string, number>; failure?: string }> {
  const { sandbox, proxy } = await behindCountingProxy((hostnames) => startSandboxProcess({}, { hostnames }));
  const home = mkdtempSync(join(tmpdir(), 'handson-bench-home-'));
  const bin = join(home, 'bin');
  mkdirSync(bin);
  mkdirSync(join(home, 'environment', 'tmp-handson-cli-sqs'), { recursive: true });
  symlinkSync(AWS_CLI, join(bin, 'aws'));
  const jp = jpPy();
  if (jp) symlinkSync(jp, join(bin, 'jp.py'));
  const env: NodeJS.ProcessEnv = {
    PATH: `${bin}:${process.env.PATH}`,
    HOME: home,
    LANG: 'C.UTF-8',
    AWS_ACCESS_KEY_ID: 'test',
    AWS_SECRET_ACCESS_KEY: 'test',
    AWS_DEFAULT_REGION: 'ap-northeast-1',
    AWS_CONFIG_FILE: join(home, 'no-config'),
    AWS_SHARED_CREDENTIALS_FILE: join(home, 'no-credentials'),
    AWS_PAGER: '',
    HANDSON_TARGET: 'sandbox',
    HANDSON_SANDBOX_URL: proxy.url,
    HANDSON_WORK_DIR: join(home, 'environment'),
  };
  try {
    // The blog's precondition: the queue exists, its visibility timeout raised to 2 minutes.
    const setup = new SQSClient({
      endpoint: sandbox.url,
      region: 'ap-northeast-1',
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    });
    await setup.send(new CreateQueueCommand({ QueueName: QUEUE, Attributes: { VisibilityTimeout: '120' } }));
    setup.destroy();
    let ms = 0;
    let stdout = '';
    for (const step of variant.steps({ home, bin, endpoint: proxy.url, bundles })) {
      const r = await timed(step.cmd, step.args, env, ROOT);
      ms += r.ms;
      stdout += r.stdout;
      if (r.code !== 0)
        return {
          ms,
          counts: proxy.counts(),
          failure: `${step.args.at(-1)} exited ${r.code}: ${r.stderr.slice(0, 300)}`,
        };
    }
    const failure = variant.done.test(stdout) ? undefined : `did not print ${variant.done}`;
    return { ms, counts: proxy.counts(), failure };
  } finally {
    await proxy.close();
    await sandbox.stop();
    rmSync(home, { recursive: true, force: true });
  }
}

/** Every variant `runs` times, interleaved (so each sees the same machine load). */
export async function sqsLab(
  runs: number,
  options: { shell: boolean; log: (line: string) => void },
): Promise<VariantResult[]> {
  const bundles = mkdtempSync(join(tmpdir(), 'handson-bench-bundles-'));
  try {
    await bundlePort(bundles);
    const variants = VARIANTS.filter((v) => options.shell || !v.name.includes('bash'));
    const times = variants.map(() => [] as number[]);
    const counts = variants.map(() => new Map<string, number>());
    const failures = variants.map(() => [] as string[]);
    for (let i = 0; i < runs; i++) {
      for (const [k, variant] of variants.entries()) {
        const r = await runOnce(variant, bundles);
        options.log(
          `  ${variant.name}: ${(r.ms / 1000).toFixed(1)} s, ${total(r.counts)} calls${r.failure ? ` — ${r.failure}` : ''}`,
        );
        if (r.failure) failures[k]!.push(r.failure);
        else times[k]!.push(r.ms);
        counts[k] = r.counts;
      }
    }
    return variants.map((v, k) => ({
      name: v.name,
      time: summarize(times[k]!),
      calls: total(counts[k]!),
      byOperation: [...counts[k]!]
        .sort((a, b) => b[1] - a[1])
        .map(([op, n]) => `${op} ${n}`)
        .join(', '),
      failures: failures[k]!,
    }));
  } finally {
    rmSync(bundles, { recursive: true, force: true });
  }
}
