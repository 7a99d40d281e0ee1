#!/usr/bin/env -S node --conditions=@handson/source --import=tsx
import type { ListInsightsCommandOutput } from '@aws-sdk/client-devops-guru';
// The blog: "5~10分くらい待つと、Guruに異常通知が表示された". Waits with progress until DevOps Guru lists an
// ongoing reactive insight (事後的インサイト: an anomaly already happening; a proactive one, 予測的インサイト,
// foretells one), then lists it.
import { ListInsightsCommand } from '@aws-sdk/client-devops-guru';
import { clients, targetNow } from '@handson/aws';
import { aws, formatDuration, LabStepError, observeLesson, waitFor } from '@handson/labkit';
import { step } from '../_lib/entry.mts';
import { SLUG, vars } from './lab.mts';
import { LAB } from './manifest.mts';

await step(LAB, '06-wait-for-insight');

const ongoing = () => new ListInsightsCommand({ StatusFilter: { Ongoing: { Type: 'REACTIVE' } } });
const loadStartedAt = new Date(vars.need('LOAD_STARTED_AT', '05-run-load.mts'));
let found: ListInsightsCommandOutput['ReactiveInsights'] = [];
await waitFor({
  what: 'DevOps Guru to open a reactive insight',
  ms: 15 * 60_000,
  pollMs: 60_000,
  until: async () => {
    const out = (await clients()['devops-guru'].send(ongoing())) as ListInsightsCommandOutput;
    found = out.ReactiveInsights ?? [];
    return found.length > 0;
  },
});
const { output } = await aws(ongoing(), {
  query: 'ReactiveInsights[].[Id,Name,Severity,Status]',
  output: 'table',
});
const insight = output.ReactiveInsights?.[0] ?? found[0];
if (!insight?.Id) {
  observeLesson(
    SLUG,
    'insight-opens',
    false,
    'no reactive insight opened within 15 minutes of waiting after the load',
  );
  throw new LabStepError(
    'DevOps Guru opened no insight: run 05-run-load.mts again, longer (HANDSON_LOAD_MS), then this step.',
  );
}
vars.set('INSIGHT_ID', insight.Id);
// When the anomaly began (the insight's start) and when DevOps Guru had seen enough of it to say so.
const began = insight.InsightTimeRange?.StartTime ?? (await targetNow());
const beganAfter = formatDuration(Math.max(0, began.getTime() - loadStartedAt.getTime()));
const seenAfter = formatDuration((await targetNow()).getTime() - loadStartedAt.getTime());
console.log(`負荷の開始から ${beganAfter} 後に異常が始まり、${seenAfter} 後までにインサイトが開きました。`);
observeLesson(
  SLUG,
  'insight-opens',
  true,
  `insight ${insight.Id} (${insight.Severity}): the anomaly began ${beganAfter} into the load, the insight was open ${seenAfter} into it`,
);
