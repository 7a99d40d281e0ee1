import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DevOpsGuruClient, GetResourceCollectionCommand } from '@aws-sdk/client-devops-guru';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { describeCheck, exportMarkdown, readNotebook } from '@handson/notebook';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeCliProof } from './cli-proof';
import { describeLabContract, expectSafeReruns } from './lab-contract';
import { explain, LabWorld, ROOT, type ScriptRun } from './run-lab';

const SLUG = '07-devops-guru-dynamodb-throttling';
const TABLE = 'handson-devops-guru-table';
const UNCOVERED = `${TABLE}-uncovered`;
// The blog's 2-hour learning period and its minutes of load run on the sandbox's clock: waitFor and the
// load's lock step move it, so the test waits only for the requests themselves.

let world: LabWorld;
beforeAll(async () => {
  world = await LabWorld.start(SLUG);
});
afterAll(() => world?.close());

const config = (w: LabWorld) => ({
  endpoint: w.sandbox.url,
  region: 'ap-northeast-1',
  credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
});
const tables = async (w: LabWorld) =>
  (await new DynamoDBClient(config(w)).send(new ListTablesCommand({}))).TableNames ?? [];
const coveredTags = async (w: LabWorld) =>
  (
    await new DevOpsGuruClient(config(w)).send(
      new GetResourceCollectionCommand({ ResourceCollectionType: 'AWS_TAGS' }),
    )
  ).ResourceCollection?.Tags ?? [];

/** The per-minute lines of the load: [minute, covered ok, covered throttled, uncovered ok, uncovered throttled]. */
const minutes = (out: string) =>
  [
    ...out.matchAll(
      /^(\d+) 分目: \S+ 成功 (\d+) \/ スロットリング (\d+)、\S+ 成功 (\d+) \/ スロットリング (\d+)$/gm,
    ),
  ].map((m) => m.slice(1).map(Number));

describe('Lab 07 scripts on the sandbox', () => {
  const runs: ScriptRun[] = [];
  let teardown: ScriptRun;
  let chart = '';
  beforeAll(async () => {
    for (const step of world.scripts().steps) {
      const run = await world.run(step);
      runs.push(run);
      if (step.startsWith('07-')) {
        const file = join(world.env.HANDSON_WORK_DIR!, SLUG, 'throttling.svg');
        chart = existsSync(file) ? readFileSync(file, 'utf8') : '';
      }
      if (run.code !== 0) break;
    }
    teardown = await world.run('teardown.mts');
  }, 240_000);

  const out = (prefix: string) => {
    const run = runs.find((r) => r.script.startsWith(prefix));
    if (!run) throw new Error(`no run of ${prefix}`);
    return run.stdout;
  };

  it('runs every step', () => {
    for (const run of runs) expect(run.code, explain(run)).toBe(0);
    expect(runs.map((r) => r.script)).toEqual([
      '01-check-region.mts',
      '02-enable-coverage.mts',
      '03-create-table.mts',
      '04-learn-baseline.mts',
      '05-run-load.mts',
      '06-wait-for-insight.mts',
      '07-show-insight.mts',
      '08-relearn.mts',
    ]);
  });

  it('checks the region and says what the lab costs, with the pricing page', () => {
    expect(out('01-')).toContain('DevOps Guru はリージョン ap-northeast-1 で使えます。');
    expect(out('01-')).toContain('$ aws devops-guru describe-account-health');
    expect(out('01-')).toContain('https://aws.amazon.com/devops-guru/pricing/');
    expect(out('01-')).toMatch(/\$0\.0028 per analysed resource-hour/);
  });

  it("switches coverage on for the lab's tag, and creates the table with read capacity 1, tagged", () => {
    expect(out('02-')).toContain(
      "$ aws devops-guru update-resource-collection \\\n  --action ADD \\\n  --resource-collection 'Tags=[{AppBoundaryKey=devops-guru-handson,TagValues=07-devops-guru-dynamodb-throttling}]'",
    );
    expect(out('02-')).toMatch(/"AppBoundaryKey": "devops-guru-handson"/);
    const create = out('03-');
    expect(create).toContain('--provisioned-throughput ReadCapacityUnits=1,WriteCapacityUnits=1');
    expect(create).toContain(`--tags Key=handson:lab,Value=${SLUG} Key=devops-guru-handson,Value=${SLUG}`);
    expect(create).toContain(`--tags Key=handson:lab,Value=${SLUG} \\\n  --query`);
    expect(create).toMatch(/^ACTIVE$/m);
    expect(create).toMatch(/--item file:\/\/\S+\/item-0\.json/);
  });

  it("waits out the 2-hour learning period on the sandbox's clock, no insight meanwhile", () => {
    const run = runs.find((r) => r.script.startsWith('04-'))!;
    expect(run.stderr).toMatch(
      /^Waiting 1\d\d min( \d+ s)? for DevOps Guru's 2-hour learning period to end \(on the local sandbox's clock/m,
    );
    expect(out('04-')).toMatch(/"ReactiveInsights": \[\]/);
  });

  it('throttles the covered table within two minutes of load, and DevOps Guru opens an insight after 5-10 minutes', () => {
    const load = out('05-');
    expect(load).toContain(`# 3 terminals on ${TABLE} and 1 on ${UNCOVERED}, each:`);
    expect(load).toContain(`aws dynamodb get-item --table-name ${TABLE}`);
    const rows = minutes(load);
    expect(rows.length).toBeGreaterThanOrEqual(5);
    expect(rows.length).toBeLessThanOrEqual(10);
    // The burst (300 s of unused capacity) lasts under a minute at about 9 units a second asked of 1.
    expect(rows[1]![2]).toBeGreaterThan(rows[1]![1]!);
    // Successes settle at the capacity: 60 units a minute, 1 for a get-item, 5 for a query.
    for (const row of rows.slice(2)) expect(row[1]).toBeLessThan(60);
    expect(rows.at(-1)![4]).toBeGreaterThan(0);
    expect(load).toMatch(/分で DevOps Guru がインサイトを開いたので、負荷を止めました。$/m);
    expect(out('06-')).toMatch(
      /\|\s+AD[0-9a-f]+\s+\|\s+DynamoDB read throttling on table handson-devops-guru-table\s+\|\s+(HIGH|MEDIUM|LOW)\s+\|\s+ONGOING\s+\|/,
    );
  });

  it('shows the insight, its aggregated metrics, the graphed anomaly and the recommendations', () => {
    const show = out('07-');
    expect(show).toMatch(/"Status": "ONGOING"/);
    expect(show).toMatch(/\|\s+handson-devops-guru-table\s+\|\s+ReadThrottleEvents\s+\|\s+Sum\s+\|/);
    expect(show).toMatch(/^throttles\t\d+\t\d+/m);
    expect(chart).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    expect(chart).toContain('ReadThrottleEvents');
    expect(show).toContain(
      'https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/on-demand-capacity-mode.html',
    );
    expect(show).toContain('インサイトの異常に出てくるリソース: handson-devops-guru-table\n');
  });

  it('records every lesson as observed', () => {
    const lessons = JSON.parse(
      readFileSync(join(world.env.HANDSON_WORK_DIR!, SLUG, 'lessons.json'), 'utf8'),
    ) as { lesson: string; observed: boolean; detail: string }[];
    expect(lessons.map((l) => [l.lesson, l.observed]).sort()).toEqual([
      ['insight-opens', true],
      ['learning-absorbs-errors', true],
      ['uncovered-no-insight', true],
    ]);
    expect(out('08-')).toMatch(/^学習期間中に開いたインサイト: 0 件$/m);
  });

  it('prints no secret', () => {
    const all = runs.map((r) => r.stdout + r.stderr).join('\n');
    expect(all).not.toMatch(/SecretAccessKey|aws_secret_access_key/i);
  });

  it('tears down both tables and the coverage, and teardown is safe to run again', async () => {
    expect(teardown.code, explain(teardown)).toBe(0);
    expect(await tables(world)).toEqual([]);
    expect((await coveredTags(world)).filter((t) => t.AppBoundaryKey === 'devops-guru-handson')).toEqual([]);
    const again = await world.run('teardown.mts');
    expect(again.code, explain(again)).toBe(0);
  });
});

describe('Lab 07 settings', () => {
  it('refuses a bad load setting in one line, exit 2, sending nothing', async () => {
    const { result, requests } = await world.requestsDuring(() =>
      world.runInOneProcess([{ script: '05-run-load.mts' }], { HANDSON_LOAD_WORKERS: 'many' }),
    );
    expect(result[0]!.code, explain(result[0]!)).toBe(2);
    expect(result[0]!.stderr.trim()).toBe(
      'HANDSON_LOAD_WORKERS must be a whole number from 1 to 16, got "many".',
    );
    expect(requests).toEqual([]);
  });

  it('reads the load duration in milliseconds, and its former name in minutes with a one-line note', async () => {
    const { result, requests } = await world.requestsDuring(async () => [
      ...(await world.runInOneProcess([{ script: '05-run-load.mts' }], { HANDSON_LOAD_MS: '1000' })),
      ...(await world.runInOneProcess([{ script: '05-run-load.mts' }], { HANDSON_LOAD_MINUTES: '0' })),
    ]);
    expect(result.map((r) => r.code)).toEqual([2, 2]);
    expect(result[0]!.stderr.trim()).toBe(
      'HANDSON_LOAD_MS must be a whole number from 60000 to 3600000, got "1000".',
    );
    expect(result[1]!.stderr.trim().split('\n')).toEqual([
      'note: HANDSON_LOAD_MINUTES is deprecated; set HANDSON_LOAD_MS (milliseconds) instead.',
      'HANDSON_LOAD_MINUTES must be a whole number from 1 to 60, got "0".',
    ]);
    expect(requests).toEqual([]);
  });
});

describe('Lab 07 on a target without the virtual clock', () => {
  // The same sandbox, reached as AWS_ENDPOINT_URL: for the scripts a target that is not the sandbox, as a
  // real account is. There nothing changes without a confirmation, and the learning step does not wait.
  const endpoint = () => ({ HANDSON_TARGET: '', AWS_ENDPOINT_URL: world.sandbox.url });

  it('changes nothing without a confirmation', async () => {
    const { result, requests } = await world.requestsDuring(() =>
      world.runInOneProcess([{ script: '02-enable-coverage.mts' }], endpoint()),
    );
    expect(result[0]!.code, explain(result[0]!)).toBe(1);
    expect(result[0]!.stderr).toMatch(/^error: Nothing was changed: .* Pass --yes/m);
    expect(requests.filter((r) => !r.readOnly)).toEqual([]);
  });

  it('says when to come back after the 2-hour learning period, and what it costs, waiting nothing', async () => {
    // Coverage and tables on the sandbox (its clock makes them quick), the learning step on the endpoint.
    const setup = await world.runInOneProcess([
      { script: '02-enable-coverage.mts' },
      { script: '03-create-table.mts' },
    ]);
    const [learn] = await world.runInOneProcess(
      [{ script: '04-learn-baseline.mts', args: ['--yes'] }],
      endpoint(),
    );
    const [cleanup] = await world.runInOneProcess([{ script: 'teardown.mts' }]);
    for (const run of [...setup, learn!, cleanup!]) expect(run.code, explain(run)).toBe(0);
    expect(learn!.stdout).toMatch(/以降に、もう一度このステップを実行してください/);
    expect(learn!.stdout).toContain('https://aws.amazon.com/devops-guru/pricing/');
    expect(learn!.stderr).not.toMatch(/^Waiting/m);
    expect(await tables(world)).toEqual([]);
    expect((await coveredTags(world)).filter((t) => t.AppBoundaryKey === 'devops-guru-handson')).toEqual([]);
  });
});

describe('Lab 07 notebook', () => {
  const path = join(ROOT, 'notebooks', `${SLUG}.ipynb`);
  let nbWorld: LabWorld;
  beforeAll(async () => {
    // The seed the stored outputs were made with, on a fresh sandbox of its own.
    nbWorld = await LabWorld.start(SLUG, 'notebooks');
  });
  afterAll(() => nbWorld?.close());

  it('runs headlessly on a fresh sandbox and reproduces every stored output; its creating cells run twice safely', async () => {
    const { result, reruns } = await nbWorld.checkNotebookInProcess();
    expect(result.ok, describeCheck(result)).toBe(true);
    // Coverage, tables, load and re-learning: each run a second time creates and loads nothing.
    expectSafeReruns(reruns, 4);
    expect(await tables(nbWorld)).toEqual([]);
  }, 300_000);

  it("stores the graphed anomaly as an SVG chart and the checks of the blog's notes, and exports them", () => {
    const stored = readNotebook(path);
    const svgs = stored.cells.flatMap((cell) =>
      (cell.outputs ?? []).flatMap((o) =>
        o.output_type === 'display_data' ? [o.data['image/svg+xml']] : [],
      ),
    );
    expect(svgs).toHaveLength(1);
    expect([svgs[0]].flat().join('')).toContain('ReadThrottleEvents');
    const text = stored.cells
      .flatMap((cell) => (cell.outputs ?? []).map((o) => ('text' in o ? [o.text].flat().join('') : '')))
      .join('');
    expect(text).toContain('✔ カバレッジの外の handson-devops-guru-table-uncovered にはインサイトが出ない');
    expect(text).toContain('✔ 学習期間中のスロットリングでは、インサイトは開かない');
    expect(text).toMatch(/^Waiting 119 min \d+ s for DevOps Guru's 2-hour learning period to end/m);
    const { markdown } = exportMarkdown(stored);
    expect(markdown.match(/<figure>\n<svg /g)).toHaveLength(1);
  });
});

describeCliProof(SLUG, () => world);
describeLabContract(SLUG, () => world);
