#!/usr/bin/env -S node --conditions=@handson/source --import=tsx
// The blog ran a read script in several Cloud9 terminals at once until the table refused reads. Here each
// terminal is a loop of get-item / query; the same load reads the uncovered twin. A live line counts the
// answers; every minute a line says how many succeeded and how many were throttled, and DevOps Guru is asked
// whether it opened an insight (the load stops then).
import { ListInsightsCommand } from '@aws-sdk/client-devops-guru';
import { GetItemCommand, QueryCommand } from '@aws-sdk/client-dynamodb';
import { targetNow } from '@handson/aws';
import { toCliCommand } from '@handson/cli/command';
import { getItemInput, queryInput, reader } from '@handson/lab-helpers/dynamodb-reads';
import { runLoad } from '@handson/lab-helpers/load';
import { aws, LabStepError, waitFor } from '@handson/labkit';
import { step } from '../_lib/entry.mts';
import {
  DYNAMODB_TABLE_NAME,
  LOAD_MAX_MS,
  LOAD_RATE,
  LOAD_WORKERS,
  UNCOVERED_TABLE_NAME,
  UNCOVERED_WORKERS,
  vars,
} from './lab.mts';
import { LAB } from './manifest.mts';

await step(LAB, '05-run-load');

if (!vars.get('LEARNED_AT')) {
  throw new LabStepError(
    'the learning period has not ended yet: run 04-learn-baseline.mts first (on AWS, 2 hours after 02-enable-coverage.mts).',
  );
}

// What each terminal runs, as the AWS CLI would.
const loop = [
  new GetItemCommand(getItemInput(DYNAMODB_TABLE_NAME)),
  new QueryCommand(queryInput(DYNAMODB_TABLE_NAME)),
].map((c) => toCliCommand(c).oneLine());
console.log(
  `# ${LOAD_WORKERS} terminals on ${DYNAMODB_TABLE_NAME} and ${UNCOVERED_WORKERS} on ${UNCOVERED_TABLE_NAME}, each:`,
);
console.log(`while true; do\n  ${loop.join('\n  ')}\ndone`);

const covered = reader(DYNAMODB_TABLE_NAME);
const uncovered = reader(UNCOVERED_TABLE_NAME);
// Start on a whole minute, so each line a minute is one of CloudWatch's minutes.
await waitFor({ what: 'the next whole minute', ms: 60_000 - ((await targetNow()).getTime() % 60_000) });
const startedAt = await targetNow();
vars.set('LOAD_STARTED_AT', startedAt.toISOString());
let minute = 0;
const result = await runLoad({
  workers: LOAD_WORKERS + UNCOVERED_WORKERS,
  ratePerSecond: LOAD_RATE,
  durationMs: LOAD_MAX_MS,
  // On the sandbox its clock moves 5 s a round (each loop sends its 5 s of reads, then the clock moves): the
  // same reads, a fifth of the clock moves.
  tickMs: 5000,
  request: async (worker, n) =>
    worker < LOAD_WORKERS ? covered(worker, n) : `uncovered ${await uncovered(worker, n)}`,
  every: {
    ms: 60_000,
    report: async ({ interval }) => {
      minute++;
      console.log(
        `${minute} 分目: ${DYNAMODB_TABLE_NAME} 成功 ${interval.ok ?? 0} / スロットリング ${interval.throttled ?? 0}、` +
          `${UNCOVERED_TABLE_NAME} 成功 ${interval['uncovered ok'] ?? 0} / スロットリング ${interval['uncovered throttled'] ?? 0}`,
      );
      const { output } = await aws(
        new ListInsightsCommand({ StatusFilter: { Ongoing: { Type: 'REACTIVE' } } }),
        {
          quiet: true,
        },
      );
      return (output.ReactiveInsights ?? []).length > 0;
    },
  },
});
vars.set('LOAD_ENDED_AT', (await targetNow()).toISOString());
vars.set('LOAD_TOTAL', JSON.stringify(result.total));
vars.set('LOAD_MINUTES', String(minute));
console.log(
  result.stoppedEarly
    ? `${minute} 分で DevOps Guru がインサイトを開いたので、負荷を止めました。`
    : `${LOAD_MAX_MS / 60_000} 分の負荷を終えました (インサイトはまだありません)。`,
);
