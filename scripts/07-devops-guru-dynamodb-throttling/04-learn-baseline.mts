#!/usr/bin/env -S node --conditions=@handson/source --import=tsx
// The blog: "監視を開始する前に2時間の「学習期間」が必要". DevOps Guru learns what normal looks like for two hours
// after coverage starts; nothing it sees then is an anomaly. The tables stay quiet meanwhile, so quiet is
// what it learns. On the sandbox its clock moves on; on AWS the step says when to come back.
import { DescribeAccountHealthCommand, ListInsightsCommand } from '@aws-sdk/client-devops-guru';
import { resolveTarget, targetNow } from '@handson/aws';
import { aws, formatDuration, waitFor } from '@handson/labkit';
import { step } from '../_lib/entry.mts';
import { COST_STATEMENT, DEVOPS_GURU_LEARNING_MS, vars } from './lab.mts';
import { LAB } from './manifest.mts';

const args = await step(LAB, '04-learn-baseline');

// Learning runs from when the table came into the coverage: after coverage started, when it was created.
const startedAt = new Date(
  Math.max(
    Date.parse(vars.need('COVERAGE_STARTED_AT', '02-enable-coverage.mts')),
    Date.parse(vars.need('TABLE_COVERED_AT', '03-create-table.mts')),
  ),
);
const learnedAt = new Date(startedAt.getTime() + DEVOPS_GURU_LEARNING_MS);
const leftMs = Math.max(0, learnedAt.getTime() - (await targetNow()).getTime());
console.log(
  `学習期間: ${startedAt.toISOString()} から 2 時間 (${learnedAt.toISOString()} まで)、残り ${formatDuration(leftMs)}`,
);

const virtual = resolveTarget(process.env).kind === 'sandbox';
if (leftMs > 0 && !virtual && !args.wait) {
  console.log(
    `学習期間が終わる ${learnedAt.toISOString()} 以降に、もう一度このステップを実行してください ` +
      '(--wait を付けると、ここで待ちます)。',
  );
  console.log(COST_STATEMENT);
  process.exit(0);
}
await waitFor({ what: "DevOps Guru's 2-hour learning period to end", ms: leftMs, pollMs: 60_000 });
vars.set('LEARNED_AT', learnedAt.toISOString());
await aws(new DescribeAccountHealthCommand({}));
// Quiet tables during learning: nothing to report yet.
await aws(new ListInsightsCommand({ StatusFilter: { Ongoing: { Type: 'REACTIVE' } } }));
