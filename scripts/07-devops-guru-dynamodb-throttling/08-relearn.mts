#!/usr/bin/env -S node --conditions=@handson/source --import=tsx
// The blog's notes on learning, as an experiment: to learn the baseline again, analysis is switched off and
// on (設定 → 分析カバレッジ → 分析しない, then choose again), and another 2-hour learning period starts; what
// happens during it is learned, not reported. So the same throttling load, run right after switching back on,
// opens no new insight.
import { ListInsightsCommand, UpdateResourceCollectionCommand } from '@aws-sdk/client-devops-guru';
import { targetNow } from '@handson/aws';
import { reader } from '@handson/lab-helpers/dynamodb-reads';
import { runLoad } from '@handson/lab-helpers/load';
import { aws, observeLesson } from '@handson/labkit';
import { step } from '../_lib/entry.mts';
import { coverageFilter, DYNAMODB_TABLE_NAME, LOAD_RATE, LOAD_WORKERS, SLUG, vars } from './lab.mts';
import { LAB } from './manifest.mts';

await step(LAB, '08-relearn');

/** Long enough to throttle for minutes (the burst is spent), short next to the 2-hour learning period. */
const RELEARN_LOAD_MINUTES = 3;

await aws(new UpdateResourceCollectionCommand({ Action: 'REMOVE', ResourceCollection: coverageFilter() }));
await aws(new UpdateResourceCollectionCommand({ Action: 'ADD', ResourceCollection: coverageFilter() }));
const relearnStartedAt = await targetNow();
vars.set('COVERAGE_STARTED_AT', relearnStartedAt.toISOString());
vars.set('TABLE_COVERED_AT', relearnStartedAt.toISOString());
vars.set('RELEARN_STARTED_AT', relearnStartedAt.toISOString());
console.log(
  `分析を止めて選び直しました: ${relearnStartedAt.toISOString()} から、もう一度 2 時間の学習期間です。`,
);

console.log(`学習期間中に、同じ負荷を ${RELEARN_LOAD_MINUTES} 分かけます (${LOAD_WORKERS} 本のループ)。`);
const covered = reader(DYNAMODB_TABLE_NAME);
const result = await runLoad({
  workers: LOAD_WORKERS,
  ratePerSecond: LOAD_RATE,
  durationMs: RELEARN_LOAD_MINUTES * 60_000,
  tickMs: 5000,
  request: covered,
});
console.log(`成功 ${result.total.ok ?? 0} / スロットリング ${result.total.throttled ?? 0}`);

const { output } = await aws(
  new ListInsightsCommand({
    StatusFilter: { Any: { Type: 'REACTIVE', StartTimeRange: { FromTime: relearnStartedAt } } },
  }),
  { query: 'ReactiveInsights[].[Id,Name,Status]', output: 'text' },
);
const opened = output.ReactiveInsights ?? [];
console.log(`学習期間中に開いたインサイト: ${opened.length} 件`);
observeLesson(
  SLUG,
  'learning-absorbs-errors',
  (result.total.throttled ?? 0) > 0 && opened.length === 0,
  opened.length === 0
    ? `${result.total.throttled ?? 0} throttled reads during the new learning period opened no insight`
    : `${opened.length} insight(s) opened during the learning period`,
);
