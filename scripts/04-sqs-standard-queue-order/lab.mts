// What every script of this lab shares: its slug, the blog's names and the waits. The shell idioms the blog's
// scripts lean on (`date +%H:%M:%S`, an unquoted `echo`, `jp.py ... | sed`) and the count are in
// @handson/lab-helpers, which the notebook imports too.
import { GetQueueUrlCommand } from '@aws-sdk/client-sqs';
import { sandboxClock } from '@handson/aws';
import { toCliCommand } from '@handson/cli/command';
import { echo } from '@handson/lab-helpers/shell';
import { approximateNumberOfMessages } from '@handson/lab-helpers/sqs';
import { aws, kendallTau, labVars, observeLesson, renamedEnv, waitFor, workDir } from '@handson/labkit';

export const SLUG = '04-sqs-standard-queue-order';
export const vars = labVars(SLUG);

/** SQS_QUEUE_NAME: the blog's queue. */
export const SQS_QUEUE_NAME = process.env.HANDSON_SQS_QUEUE_NAME ?? 'handson-cli-sqs-novice-queue';

/** How many messages the blog sent, received and deleted. */
export const MESSAGE_COUNT = 30;

function seconds(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0 || value > 43_200) {
    throw new Error(
      `${name} must be a whole number of seconds between 0 and 43200 (SQS's limit), got "${raw}".`,
    );
  }
  return value;
}

/**
 * The blog raised the queue's visibility timeout from 30 s to 2 minutes. HANDSON_SQS_VISIBILITY_TIMEOUT
 * shortens it (the tests use a few seconds, since the lab waits for it to run out).
 */
export const VISIBILITY_TIMEOUT = seconds('HANDSON_SQS_VISIBILITY_TIMEOUT', 120);

/**
 * The blog's "少ししてから": how long to leave the queue quiet before reading the count again, set by
 * HANDSON_SQS_SETTLE_MS (HANDSON_SQS_SETTLE_SECONDS, its former name in seconds, still works, with a note).
 */
export const SETTLE_MS = milliseconds('HANDSON_SQS_SETTLE_MS', 4000, 'HANDSON_SQS_SETTLE_SECONDS');

/** A wait in milliseconds, up to SQS's 12 hours, that still answers to its former name in seconds. */
function milliseconds(name: string, fallbackMs: number, formerSeconds: string): number {
  const setting = renamedEnv(name, formerSeconds);
  if (setting === undefined) return fallbackMs;
  if (setting.name === formerSeconds) return seconds(formerSeconds, fallbackMs / 1000) * 1000;
  const value = Number(setting.raw);
  if (!Number.isInteger(value) || value < 0 || value > 43_200_000) {
    throw new Error(
      `${setting.name} must be a whole number of milliseconds between 0 and 43200000, got "${setting.raw}".`,
    );
  }
  return value;
}

/** DIR_SQS_MESSAGE: the blog's `${HOME}/environment/tmp-handson-cli-sqs`. */
export const dirSqsMessage = () => workDir(SLUG, 'tmp-handson-cli-sqs');

/** FILE_SQS_MESSAGE for the i-th receive. */
export const fileSqsMessage = (i: number) => `${dirSqsMessage()}/${SQS_QUEUE_NAME}-${i}.json`;

/**
 * SQS_QUEUE_URL=$(aws sqs get-queue-url --queue-name ${SQS_QUEUE_NAME} --output text): each of the blog's
 * three scripts starts with it; `show` prints the command and the URL as the blog's scripts ran it.
 */
export async function sqsQueueUrl(options: { show?: boolean } = {}): Promise<string> {
  const command = new GetQueueUrlCommand({ QueueName: SQS_QUEUE_NAME });
  // Quiet first: a missing queue is reported once, on stderr with a hint, by the step's error report.
  const { printed } = await aws(command, { output: 'text', quiet: true });
  if (options.show) {
    process.stdout.write(`$ ${toCliCommand(command, { output: 'text' }).multiline()}\n${printed}`);
  }
  return printed.trim();
}

/** The blog's pace: its send loop took about a second a turn (two CLI calls), so one message a second. */
export const SEND_PACE_MS = 1000;

/**
 * Keeps the blog's pace between sends. On the sandbox the wait moves its clock (no real wait), so the
 * bodies' `date +%H:%M:%S` would not move on: `now()` adds the sandbox time skipped so far, and the bodies
 * read one second apart as the blog's did. Elsewhere the lab really waits a second each time.
 */
export async function blogPace(): Promise<{ now: () => Date; next: () => Promise<void> }> {
  const virtual = (await sandboxClock()) !== undefined;
  let aheadMs = 0;
  return {
    now: () => new Date(Date.now() + aheadMs),
    async next() {
      const { waitedMs } = await waitFor({
        what: 'the next send (one a second, as the blog)',
        ms: SEND_PACE_MS,
      });
      if (virtual) aheadMs += waitedMs;
    },
  };
}

/** `SQS_MESSAGE_NUMBER="キューのメッセージ数は $(...) です。" && echo ${SQS_MESSAGE_NUMBER}`; returns the count. */
export async function echoMessageNumber(queueUrl: string): Promise<number> {
  const count = await approximateNumberOfMessages(queueUrl);
  echo(`キューのメッセージ数は ${count} です。`);
  return count;
}

/** The send number in a body the send step wrote (`12回目のメッセージ送信です。…`). */
export function sendNumber(body: string): number | undefined {
  const match = body.match(/^(\d+)回目のメッセージ送信です/);
  return match ? Number(match[1]) : undefined;
}

/**
 * Lesson "out-of-order": the send numbers in the order they came back. A standard queue keeps no order;
 * an emulator that answers in send order (moto, LocalStack) does not show it.
 */
export function observeOrder(order: number[]): void {
  const late = order.filter((n, i) => order.slice(i + 1).some((m) => m < n)).length;
  observeLesson(
    SLUG,
    'out-of-order',
    late > 0,
    late > 0
      ? `${late} of ${order.length} messages came back before one sent earlier (kendall tau ${kendallTau(order).toFixed(2)})`
      : `all ${order.length} messages came back in send order: this endpoint hands them out first in, first out, which a standard queue never promises`,
  );
}

/**
 * Lesson "approximate-count": ApproximateNumberOfMessages read after each change. Exact counts (1, 2, … after
 * each send) mean the endpoint does not model SQS's distributed, approximate count.
 */
export function observeCounts(counts: number[], exact: (i: number) => number, what: string): void {
  const off = counts.filter((count, i) => count !== exact(i)).length;
  observeLesson(
    SLUG,
    'approximate-count',
    off > 0,
    off > 0
      ? `${off} of the ${counts.length} counts read while ${what} differed from the true number`
      : `every count read while ${what} was exact`,
  );
}
