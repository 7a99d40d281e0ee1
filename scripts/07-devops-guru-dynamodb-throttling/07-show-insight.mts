#!/usr/bin/env -S node --conditions=@handson/source --import=tsx
// The insight as the blog clicked through it: the insight (affected resources, severity, ongoing or not),
// its aggregated metrics (集約されたメトリクス: the anomalous metrics and when they started), the graphed
// anomaly (グラフ化された異常: drawn here from CloudWatch's GetMetricData as an SVG) and the recommendations
// (レコメンデーション: AWS documentation links). Then the check that the uncovered twin got no insight.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { GetMetricDataCommand, type MetricDataQuery } from '@aws-sdk/client-cloudwatch';
import {
  DescribeInsightCommand,
  ListAnomaliesForInsightCommand,
  ListInsightsCommand,
  ListRecommendationsCommand,
} from '@aws-sdk/client-devops-guru';
import { targetNow } from '@handson/aws';
import { aws, lineChart, observeLesson, workDir } from '@handson/labkit';
import { step } from '../_lib/entry.mts';
import { DYNAMODB_TABLE_NAME, SLUG, UNCOVERED_TABLE_NAME, vars } from './lab.mts';
import { LAB } from './manifest.mts';

await step(LAB, '07-show-insight');

const INSIGHT_ID = vars.need('INSIGHT_ID', '06-wait-for-insight.mts');
const loadStartedAt = new Date(vars.need('LOAD_STARTED_AT', '05-run-load.mts'));

console.log('### インサイト (事後的インサイト)');
await aws(new DescribeInsightCommand({ Id: INSIGHT_ID }));

console.log('### 集約されたメトリクス');
const anomalies = await aws(new ListAnomaliesForInsightCommand({ InsightId: INSIGHT_ID }), {
  query:
    'ReactiveAnomalies[].[AnomalyResources[0].Name,SourceDetails.CloudWatchMetrics[0].MetricName,' +
    'SourceDetails.CloudWatchMetrics[0].Stat,AnomalyTimeRange.StartTime,Severity]',
  output: 'table',
});

console.log('### グラフ化された異常');
const metric = (Id: string, table: string, MetricName: string): MetricDataQuery => ({
  Id,
  MetricStat: {
    Metric: { Namespace: 'AWS/DynamoDB', MetricName, Dimensions: [{ Name: 'TableName', Value: table }] },
    Period: 60,
    Stat: 'Sum',
  },
});
// From 10 minutes of the learned quiet before the load to now, a point a minute.
const chartStartsAt = new Date(loadStartedAt.getTime() - 10 * 60_000);
const chartEndsAt = await targetNow();
vars.set('CHART_STARTS_AT', chartStartsAt.toISOString());
vars.set('CHART_ENDS_AT', chartEndsAt.toISOString());
const { output: data } = await aws(
  new GetMetricDataCommand({
    MetricDataQueries: [
      metric('consumed', DYNAMODB_TABLE_NAME, 'ConsumedReadCapacityUnits'),
      metric('throttles', DYNAMODB_TABLE_NAME, 'ReadThrottleEvents'),
      metric('uncoveredThrottles', UNCOVERED_TABLE_NAME, 'ReadThrottleEvents'),
    ],
    StartTime: chartStartsAt,
    EndTime: chartEndsAt,
  }),
  { query: 'MetricDataResults[].[Id,length(Values),max(Values)]', output: 'text' },
);
const minutesFromLoad = (t: Date) => Math.round((t.getTime() - loadStartedAt.getTime()) / 60_000);
const series = (data.MetricDataResults ?? []).map((r) => ({
  name: `${r.Id === 'uncoveredThrottles' ? UNCOVERED_TABLE_NAME : DYNAMODB_TABLE_NAME} ${r.Label ?? r.Id}`,
  points: (r.Timestamps ?? [])
    .map((t, i) => ({ x: minutesFromLoad(t), y: r.Values?.[i] ?? 0 }))
    .sort((a, b) => a.x - b.x),
}));
const chartFile = join(workDir(SLUG), 'throttling.svg');
if (series.some((s) => s.points.length > 0)) {
  writeFileSync(
    chartFile,
    lineChart({
      title: '読み込みキャパシティ 1 のテーブルへの負荷 (1 分ごとの合計)',
      xLabel: '負荷の開始からの分',
      yLabel: 'Sum / 1 分',
      series: series.filter((s) => s.points.length > 0),
    }),
  );
  console.log(`図: ${chartFile}`);
}

console.log('### レコメンデーション');
await aws(new ListRecommendationsCommand({ InsightId: INSIGHT_ID }), {
  query: 'Recommendations[].[Name,Link]',
  output: 'table',
});

// Every insight since the load began, and every resource their anomalies name: the uncovered twin is not
// among them, although the same load throttled it.
const { output: since } = await aws(
  new ListInsightsCommand({
    StatusFilter: { Any: { Type: 'REACTIVE', StartTimeRange: { FromTime: loadStartedAt } } },
  }),
  { quiet: true },
);
const named = new Set<string>();
for (const insight of since.ReactiveInsights ?? []) {
  const { output } = await aws(new ListAnomaliesForInsightCommand({ InsightId: insight.Id! }), {
    quiet: true,
  });
  for (const anomaly of output.ReactiveAnomalies ?? []) {
    for (const r of anomaly.AnomalyResources ?? []) if (r.Name) named.add(r.Name);
    for (const m of anomaly.SourceDetails?.CloudWatchMetrics ?? [])
      for (const d of m.Dimensions ?? []) if (d.Name === 'TableName' && d.Value) named.add(d.Value);
  }
}
const uncoveredThrottles =
  (data.MetricDataResults ?? [])
    .find((r) => r.Id === 'uncoveredThrottles')
    ?.Values?.reduce((a, b) => a + b, 0) ?? 0;
console.log(`インサイトの異常に出てくるリソース: ${[...named].sort().join(', ') || '(なし)'}`);
console.log(`${UNCOVERED_TABLE_NAME} の ReadThrottleEvents の合計: ${uncoveredThrottles}`);
observeLesson(
  SLUG,
  'uncovered-no-insight',
  uncoveredThrottles > 0 && !named.has(UNCOVERED_TABLE_NAME) && named.has(DYNAMODB_TABLE_NAME),
  named.has(UNCOVERED_TABLE_NAME)
    ? `an insight names ${UNCOVERED_TABLE_NAME}, which is outside the covered collection`
    : `${UNCOVERED_TABLE_NAME} was throttled ${uncoveredThrottles} times and no insight names it; ${anomalies.output.ReactiveAnomalies?.length ?? 0} anomalies name ${DYNAMODB_TABLE_NAME}`,
);
