import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { headlessJupyterAvailability } from '@handson/notebook';
import { behindCountingProxy, total } from './counting-proxy';
import { ROOT } from './paths';
import { timed } from './processes';
import { startSandboxProcess } from './sandbox-process';

/*
 * Each notebook through both runners of @handson/notebook, each on a fresh sandbox behind the counting proxy,
 * and where the time goes: the real kernel's start (a one-cell notebook), TypeScript compilation of the code
 * cells (replayed through tslab's converter alone), and the time spent waiting on AWS calls (at the proxy).
 */

const RUNNER = join(ROOT, 'test/bench/notebook-run.mts');
const TSX = ['--conditions=@handson/source', '--import=tsx'];

const IMPORT_PROBES = [
  'const x = 1;',
  "import { SQSClient } from '@aws-sdk/client-sqs';",
  "import { IAMClient } from '@aws-sdk/client-iam';",
  "import { EC2Client } from '@aws-sdk/client-ec2';",
  "import { clients } from '@handson/aws';",
  "import { aws } from '@handson/labkit';",
];

/** A cell with nothing to check, compiled after each probe: its time is the cost per cell of the imports. */
export const LATER_CELL = 'const later = 1;';

export interface NotebookTiming {
  name: string;
  runner: 'in-process' | 'jupyter';
  /** From the measuring child's first line (after Node, tsx and the runner loaded) to the run's end. */
  ms: number;
  cells: number;
  calls: number;
  awsMs: number;
  failure?: string;
}

export interface NotebooksResult {
  rows: NotebookTiming[];
  compile: Array<{ name: string; cells: number; setupMs: number; ms: number; firstCellMs: number }>;
  kernelStartMs?: number;
  /** First-cell compile of one import: what a notebook's first `import` costs TypeScript, by what it imports. */
  /** A first cell's compile time, and a trivial cell's after it (what every later cell of such a notebook pays). */
  importProbe: Array<{ source: string; ms: number; laterMs: number }>;
  jupyterSkipped?: string;
}

interface ChildOutput {
  ms: number;
  cells?: number;
  failure?: string;
  perCell?: number[];
  setupMs?: number;
}

async function child(
  mode: string,
  notebook: string,
  env: NodeJS.ProcessEnv,
  extra: string[] = [],
): Promise<ChildOutput> {
  const r = await timed(process.execPath, [...TSX, RUNNER, mode, notebook, ...extra], env, ROOT);
  const last = r.stdout.trim().split('\n').at(-1) ?? '';
  try {
    return JSON.parse(last) as ChildOutput;
  } catch {
    return { ms: r.ms, failure: `exited ${r.code}: ${r.stderr.trim().split('\n').slice(-3).join(' ')}` };
  }
}

export function notebookFiles(): string[] {
  const dir = join(ROOT, 'notebooks');
  return readdirSync(dir)
    .filter((f) => f.endsWith('.ipynb'))
    .sort()
    .map((f) => join(dir, f));
}

export async function notebooks(log: (line: string) => void): Promise<NotebooksResult> {
  const jupyter = headlessJupyterAvailability();
  const runners = jupyter.available ? (['in-process', 'jupyter'] as const) : (['in-process'] as const);
  const result: NotebooksResult = {
    rows: [],
    compile: [],
    importProbe: [],
    jupyterSkipped: jupyter.available ? undefined : jupyter.reason,
  };
  const work = mkdtempSync(join(tmpdir(), 'handson-bench-notebooks-'));
  const baseEnv: NodeJS.ProcessEnv = {
    ...process.env,
    HANDSON_TARGET: 'sandbox',
    HANDSON_WORK_DIR: join(work, 'environment'),
    AWS_ACCESS_KEY_ID: 'test',
    AWS_SECRET_ACCESS_KEY: 'test',
    AWS_DEFAULT_REGION: 'ap-northeast-1',
    AWS_CONFIG_FILE: join(work, 'no-config'),
    AWS_SHARED_CREDENTIALS_FILE: join(work, 'no-credentials'),
    // As the notebook tests: Lab 04 waits out its queue's visibility timeout, a few seconds instead of 2 minutes.
    HANDSON_SQS_VISIBILITY_TIMEOUT: '5',
  };
  delete baseEnv.AWS_ENDPOINT_URL;
  try {
    if (jupyter.available) {
      const k = await child('kernel-start', notebookFiles()[0]!, baseEnv);
      result.kernelStartMs = k.failure ? undefined : k.ms;
      log(`  kernel start: ${k.ms.toFixed(0)} ms${k.failure ? ` — ${k.failure}` : ''}`);
    }
    for (const source of IMPORT_PROBES) {
      const p = await child('compile', notebookFiles()[0]!, baseEnv, [source, LATER_CELL]);
      const [first = Number.NaN, later = Number.NaN] = p.perCell ?? [];
      result.importProbe.push({ source, ms: first, laterMs: later });
      log(`  compile \`${source}\`: ${first.toFixed(0)} ms, then a later cell ${later.toFixed(0)} ms`);
    }
    for (const file of notebookFiles()) {
      const name = file.split('/').at(-1)!;
      const c = await child('compile', file, baseEnv);
      const perCell = c.perCell ?? [];
      result.compile.push({
        name,
        cells: perCell.length,
        setupMs: c.setupMs ?? 0,
        ms: perCell.reduce((a, b) => a + b, 0),
        firstCellMs: perCell[0] ?? 0,
      });
      for (const runner of runners) {
        const { sandbox, proxy } = await behindCountingProxy((hostnames) =>
          startSandboxProcess({}, { hostnames }),
        );
        try {
          const r = await child(runner, file, { ...baseEnv, HANDSON_SANDBOX_URL: proxy.url });
          const row: NotebookTiming = {
            name,
            runner,
            ms: r.ms,
            cells: r.cells ?? 0,
            calls: total(proxy.counts()),
            awsMs: proxy.busyMs(),
            failure: r.failure,
          };
          log(
            `  ${name} ${runner}: ${(row.ms / 1000).toFixed(1)} s, ${row.calls} calls${row.failure ? ` — ${row.failure}` : ''}`,
          );
          result.rows.push(row);
        } finally {
          await proxy.close();
          await sandbox.stop();
        }
      }
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  return result;
}
