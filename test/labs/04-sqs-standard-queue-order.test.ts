import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CreateQueueCommand, DeleteQueueCommand, ListQueuesCommand, SQSClient } from '@aws-sdk/client-sqs';
import { countInPlace, kendallTau } from '@handson/labkit';
import { checkNotebook, describeCheck, exportMarkdown, readNotebook } from '@handson/notebook';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeCliProof } from './cli-proof';
import { describeLabContract, expectSafeReruns } from './lab-contract';
import { explain, LabWorld, onceCells, ROOT, rerunsOf, type ScriptRun } from './run-lab';
import { inOrderSqs } from './support/in-order-sqs';

const SLUG = '04-sqs-standard-queue-order';
const QUEUE = 'handson-cli-sqs-novice-queue';
// The scripts run with the blog's 2-minute visibility timeout: on the sandbox, waitFor moves its clock.

let world: LabWorld;
beforeAll(async () => {
  world = await LabWorld.start(SLUG);
});
afterAll(() => world?.close());

const sqsAt = (w: LabWorld) =>
  new SQSClient({
    endpoint: w.sandbox.url,
    region: 'ap-northeast-1',
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
  });

const counts = (out: string) =>
  [...out.matchAll(/^キューのメッセージ数は (\d+) です。$/gm)].map((m) => Number(m[1]));
const lastLine = (out: string) => out.trimEnd().split('\n').at(-1);

/** Whether a sequence ever goes down while it should only go up (or up while it should only go down). */
const goesAgainst = (values: number[], direction: 1 | -1) =>
  values.some((v, i) => i > 0 && (v - values[i - 1]!) * direction < 0);

describe('Lab 04 scripts on the sandbox', () => {
  let runs: { steps: ScriptRun[]; teardown: ScriptRun };
  let filesAfterReceive: string[] = [];
  /** Real milliseconds each step took: the sandbox's clock moves with real time as well as by its jumps. */
  const tookMs = new Map<string, number>();
  beforeAll(async () => {
    const { steps } = world.scripts();
    const all: ScriptRun[] = [];
    for (const step of steps) {
      const started = Date.now();
      const run = await world.run(step);
      tookMs.set(step, Date.now() - started);
      all.push(run);
      if (step.startsWith('06-')) {
        filesAfterReceive = readdirSync(join(world.env.HANDSON_WORK_DIR!, SLUG, 'tmp-handson-cli-sqs'));
      }
      if (run.code !== 0) break;
    }
    runs = { steps: all, teardown: await world.run('teardown.mts') };
  }, 240_000);

  const out = (prefix: string) => {
    const run = runs.steps.find((r) => r.script.startsWith(prefix));
    if (!run) throw new Error(`no run of ${prefix}`);
    return run.stdout;
  };

  it('runs every step', () => {
    for (const run of runs.steps) expect(run.code, explain(run)).toBe(0);
    expect(runs.steps.map((r) => r.script)).toEqual([
      '01-create-queue.mts',
      '02-send-messages.mts',
      '03-count-after-send.mts',
      '04-receive-messages.mts',
      '05-count-after-visibility-timeout.mts',
      '06-message-files.mts',
      '07-delete-messages.mts',
      '08-count-after-delete.mts',
    ]);
  });

  it('creates the queue and sets the visibility timeout', () => {
    expect(out('01-')).toMatch(
      /\$ aws sqs create-queue \\\n {2}--queue-name handson-cli-sqs-novice-queue \\\n {2}--tags handson:lab=04-sqs-standard-queue-order\n/,
    );
    expect(out('01-')).toContain('--attributes VisibilityTimeout=120');
    expect(lastLine(out('01-'))).toBe('120');
  });

  it('sends 30 messages with the blog lines and responses, the count uneven, then exactly 30', () => {
    const send = out('02-');
    const bodies = [...send.matchAll(/^(\d+)回目のメッセージ送信です。今は\d\d:\d\d:\d\dです。$/gm)].map(
      (m) => Number(m[1]),
    );
    expect(bodies).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
    expect(
      send.match(/^ {4}"MD5OfMessageBody": "[0-9a-f]{32}",\n {4}"MessageId": "[0-9a-f-]{36}"\n\}$/gm),
    ).toHaveLength(30);
    const sent = counts(send);
    expect(sent).toHaveLength(30);
    // Approximate: the count falls now and then although only sends happen, and lags behind them.
    expect(goesAgainst(sent, 1)).toBe(true);
    expect(sent.some((count, i) => count !== i + 1)).toBe(true);
    expect(lastLine(out('03-'))).toBe('30');
  });

  it("opens each of the blog's three scripts with get-queue-url, as they did", () => {
    const getUrl =
      /^\$ aws sqs get-queue-url \\\n {2}--queue-name handson-cli-sqs-novice-queue \\\n {2}--output text\nhttp:\/\/\S+\/123456789012\/handson-cli-sqs-novice-queue\n/;
    for (const step of ['02-', '04-', '07-']) expect(out(step)).toMatch(getUrl);
  });

  it("sends one message a second, as the blog's loop did, on the sandbox's clock", () => {
    const send = out('02-');
    const seconds = [...send.matchAll(/^\d+回目のメッセージ送信です。今は(\d\d):(\d\d):(\d\d)です。$/gm)].map(
      (m) => Number(m[1]) * 3600 + Number(m[2]) * 60 + Number(m[3]),
    );
    // 29 waits of a second between 30 sends, plus the real seconds the run took (many on a loaded machine).
    const span = (seconds.at(-1)! - seconds[0]! + 86_400) % 86_400;
    const realSeconds = Math.ceil(tookMs.get('02-send-messages.mts')! / 1000);
    expect(span).toBeGreaterThanOrEqual(29);
    expect(span).toBeLessThanOrEqual(29 + realSeconds + 1);
    expect(new Set(seconds).size).toBeGreaterThanOrEqual(28);
  });

  it('receives every message once, far from send order, saving one file per receive', () => {
    const receive = out('04-');
    expect([...receive.matchAll(/^(\d+)回目のメッセージ受信です。今は\d\d:\d\d:\d\dです。$/gm)]).toHaveLength(
      30,
    );
    const order = [
      ...receive.matchAll(
        /^受信したメッセージは (\d+)回目のメッセージ送信です。今は\d\d:\d\d:\d\dです。 です。$/gm,
      ),
    ].map((m) => Number(m[1]));
    expect([...order].sort((a, b) => a - b)).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
    expect(order).not.toEqual([...order].sort((a, b) => a - b));
    // The blog saw 2 of 30 in place; a kept order would give 30 and a tau of 1.
    expect(countInPlace(order)).toBeLessThanOrEqual(6);
    expect(kendallTau(order)).toBeLessThan(0.8);
    const received = counts(receive);
    expect(received).toHaveLength(30);
    expect(goesAgainst(received, -1)).toBe(true);
    expect(received.at(-1)).toBeGreaterThan(0);
    expect(filesAfterReceive.filter((f) => /^handson-cli-sqs-novice-queue-\d+\.json$/.test(f))).toHaveLength(
      30,
    );
  });

  it('counts 30 again once the visibility timeout has run out', () => {
    expect(out('05-')).toMatch(/可視性タイムアウト 120 秒/);
    expect(lastLine(out('05-'))).toBe('30');
  });

  it('shows the saved files and one reply with its receipt handle', () => {
    const files = out('06-');
    expect(files).toContain(`${QUEUE}-15.json\n`);
    expect(files).toMatch(/"ReceiptHandle": "AQEB[A-Za-z0-9+/=]+",/);
    expect(files).toMatch(/"Body": "\d+回目のメッセージ送信です。今は\d\d:\d\d:\d\dです。"/);
  });

  it('deletes all 30 by the saved receipt handles, the count uneven, then 0', () => {
    const del = out('07-');
    expect([...del.matchAll(/^(\d+)回目のメッセージ削除です。/gm)]).toHaveLength(30);
    expect(del.match(/^AQEB[A-Za-z0-9+/=]{100,}$/gm)).toHaveLength(30);
    expect(counts(del)).toHaveLength(30);
    expect(lastLine(out('08-'))).toBe('0');
  });

  it('prints no secret', () => {
    const all = runs.steps.map((r) => r.stdout + r.stderr).join('\n');
    expect(all).not.toMatch(/SecretAccessKey|aws_secret_access_key/i);
  });

  it('tears down the queue and the files, and teardown is safe to run again', async () => {
    expect(runs.teardown.code, explain(runs.teardown)).toBe(0);
    expect((await sqsAt(world).send(new ListQueuesCommand({}))).QueueUrls ?? []).toEqual([]);
    expect(existsSync(join(world.env.HANDSON_WORK_DIR!, SLUG, 'tmp-handson-cli-sqs'))).toBe(false);
    const again = await world.run('teardown.mts');
    expect(again.code, explain(again)).toBe(0);
  });

  it('runs twice in a row, the second time waiting out the name SQS holds after the teardown', async () => {
    // SQS keeps a deleted queue's name for 60 s: the first create is refused, shown, explained and retried once
    // the wait (on the sandbox's clock) is over. The name is freed, then the queue made and deleted once more,
    // so the name is held however long the tests above took.
    world.sandbox.clock.advance(61_000);
    const sqs = sqsAt(world);
    const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: QUEUE }));
    await sqs.send(new DeleteQueueCommand({ QueueUrl }));
    const second = await world.runAll();
    for (const run of [...second.steps, second.teardown]) expect(run.code, explain(run)).toBe(0);
    expect(second.steps).toHaveLength(8);
    const create = second.steps[0]!;
    expect(create.stdout).toMatch(
      /^\$ aws sqs create-queue \\\n[\s\S]*\n\nAn error occurred \(AWS\.SimpleQueueService\.QueueDeletedRecently\) when calling the CreateQueue operation: .*\n\(削除したばかりのキューと同じ名前は 60 秒間使えないため、待ってから作り直します\)\n\$ aws sqs create-queue \\\n/,
    );
    expect(create.stderr).toMatch(
      /^Waiting 1 min 1 s for SQS to release the name of the queue deleted a moment ago/m,
    );
    expect(lastLine(second.steps[4]!.stdout)).toBe('30');
    expect(lastLine(second.steps[7]!.stdout)).toBe('0');
    expect((await sqsAt(world).send(new ListQueuesCommand({}))).QueueUrls ?? []).toEqual([]);
  }, 240_000);
});

describe('Lab 04 notebook', () => {
  const path = join(ROOT, 'notebooks', `${SLUG}.ipynb`);
  // The seed the stored outputs were made with, on a fresh sandbox: the same calls then draw the same samples.
  const NOTEBOOK_SEED = 'lab04-notebook';
  let nbWorld: LabWorld;
  const saved = { ...process.env };
  beforeAll(async () => {
    nbWorld = await LabWorld.start(SLUG, NOTEBOOK_SEED);
    // The notebook waits the blog's 2-minute visibility timeout, on the sandbox's clock, as the scripts do.
    Object.assign(process.env, nbWorld.env);
    delete process.env.HANDSON_SQS_VISIBILITY_TIMEOUT;
  });
  afterAll(async () => {
    for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key];
    Object.assign(process.env, saved);
    await nbWorld?.close();
  });

  it('runs headlessly on a fresh seeded sandbox and reproduces every stored output, samples included', async () => {
    const stored = readNotebook(path);
    // Without the cells' "digits" normalisers (there for runs on a shared, already used sandbox), the receive
    // order, the counts and the pictures must come out exactly as stored. The replace rules stay: the port,
    // a visibility timeout a reader chose, and receipt handles shown without their JSON key.
    const strict = structuredClone(stored);
    for (const cell of strict.cells) {
      const handson = cell.metadata.handson as { normalise?: string[] } | undefined;
      if (handson) delete handson.normalise;
    }
    // The cells that create the queues and send the messages run twice: the second run sends nothing, so the
    // sandbox's samples come out as stored.
    const result = await checkNotebook(path, {
      runner: 'in-process',
      notebook: strict,
      repeat: onceCells(strict),
    });
    expect(result.ok, describeCheck(result)).toBe(true);
    expectSafeReruns(rerunsOf(result), 3);
    expect((await sqsAt(nbWorld).send(new ListQueuesCommand({}))).QueueUrls ?? []).toEqual([]);
  }, 300_000);

  it('stores the two pictures of the standard queue and one of the FIFO queue, and exports them', () => {
    const stored = readNotebook(path);
    const svgs = stored.cells.flatMap((cell) =>
      (cell.outputs ?? []).flatMap((o) =>
        o.output_type === 'display_data' ? [o.data['image/svg+xml']] : [],
      ),
    );
    expect(svgs).toHaveLength(3);
    for (const svg of svgs)
      expect([svg].flat().join('')).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    const { markdown } = exportMarkdown(stored);
    expect(markdown.match(/<figure>\n<svg /g)).toHaveLength(3);
    expect(markdown).not.toContain('output not included');
    expect(markdown).toContain('標準キュー: 送信順と受信順');
  });

  it("stores the blog's 2-minute visibility timeout, waited on the sandbox's clock", () => {
    const text = readNotebook(path)
      .cells.flatMap((cell) => (cell.outputs ?? []).map((o) => ('text' in o ? [o.text].flat().join('') : '')))
      .join('');
    expect(text).toContain('可視性タイムアウト 120 秒');
    expect(text).toContain('VisibilityTimeout=120');
    expect(text).toMatch(
      /^Waiting 2 min 4 s for the visibility timeout \(120 s\) to run out \(on the local sandbox's clock/m,
    );
  });
});

describeCliProof('04-sqs-standard-queue-order', () => world);
describeLabContract('04-sqs-standard-queue-order', () => world);

describe('Lab 04 on an endpoint that keeps order and counts exactly (as moto server does)', () => {
  let other: LabWorld;
  beforeAll(async () => {
    other = await LabWorld.start(SLUG, 'in-order', { services: [inOrderSqs()] });
  });
  afterAll(() => other?.close());
  // The same sandbox process, reached as AWS_ENDPOINT_URL: for the scripts a target that is not the sandbox.
  // There the lab waits for real: the shortest waits that still show the announcement (over 2 s).
  const endpoint = () => ({
    HANDSON_TARGET: '',
    AWS_ENDPOINT_URL: other.sandbox.url,
    HANDSON_SQS_VISIBILITY_TIMEOUT: '1',
    HANDSON_SQS_SETTLE_MS: '3000',
  });

  it('changes nothing without a confirmation, and says so in one line', async () => {
    const { result, requests } = await other.requestsDuring(() =>
      other.runInOneProcess([{ script: '01-create-queue.mts' }], endpoint()),
    );
    const [run] = result;
    expect(run!.code, explain(run!)).toBe(1);
    expect(run!.stderr).toMatch(
      /^About to change account 123456789012 at http:\/\/127\.0\.0\.1:\d+ in region ap-northeast-1/m,
    );
    expect(run!.stderr).toMatch(/root user credentials/);
    expect(run!.stderr).toMatch(/^error: Nothing was changed: .* Pass --yes/m);
    expect(run!.stdout).toBe('');
    expect(requests.filter((r) => !r.readOnly)).toEqual([]);
  });

  it('prints an AWS error as the CLI does, with a hint and no stack', async () => {
    const [run] = await other.runInOneProcess(
      [{ script: '02-send-messages.mts', args: ['--yes'] }],
      endpoint(),
    );
    expect(run!.code).toBe(1);
    expect(run!.stderr).toMatch(
      /^An error occurred \(AWS\.SimpleQueueService\.NonExistentQueue\) when calling the GetQueueUrl operation: The specified queue does not exist\.$/m,
    );
    expect(run!.stderr).toMatch(/^hint: it does not exist \(yet\): run the lab/m);
    expect(run!.stderr).not.toMatch(/^\s+at /m);
  });

  it('runs with --yes, and reports both lessons as not observed there', async () => {
    const steps = Object.keys(
      (await import('../../scripts/04-sqs-standard-queue-order/manifest.mts')).LAB.steps,
    );
    const runs = await other.runInOneProcess(
      [...steps, 'teardown'].map((name) => ({ script: `${name}.mts`, args: ['--yes'] })),
      endpoint(),
    );
    for (const run of runs) expect(run.code, explain(run)).toBe(0);
    const waits = runs.find((r) => r.script.endsWith('03-count-after-send.mts'))!.stderr;
    expect(waits).toMatch(/^Waiting 3 s for the queue to settle .*\n[\s\S]*Done after \d+ s\.$/m);
    const lessons = JSON.parse(
      readFileSync(join(other.env.HANDSON_WORK_DIR!, SLUG, 'lessons.json'), 'utf8'),
    ) as { lesson: string; observed: boolean }[];
    expect(lessons.map((l) => [l.lesson, l.observed]).sort()).toEqual([
      ['approximate-count', false],
      ['out-of-order', false],
    ]);
  }, 120_000);
});
