import { AwsError, type Handler, type RequestContext } from '../../core/types';
import { MINUTE_MS, metricSeries } from '../cloudwatch/store';
import { NAMESPACE } from '../dynamodb/metrics';
import { coveredTables } from './coverage';
import { evaluate } from './detector';
import { recommendationsFor } from './recommendations';
import { LEARNING_MS, WATCHED_METRICS, WINDOW_MINUTES, Z_THRESHOLD } from './rule';
import { type AnomalyRecord, guruState, type InsightRecord } from './state';

/* Reading insights, anomalies, recommendations and account health; each first runs the detector. */

/** The graphed anomaly shows this much before the anomaly started. */
const CONTEXT_MS = 30 * MINUTE_MS;
const PAGE = 100;

function validation(message: string): AwsError {
  return new AwsError('ValidationException', message);
}

function notFound(kind: string, id: string): AwsError {
  return new AwsError('ResourceNotFoundException', `${kind} ${id} not found`);
}

function fresh(ctx: RequestContext) {
  evaluate(ctx);
  return guruState(ctx);
}

function timeRange(start: number, end: number | undefined) {
  return { StartTime: new Date(start), ...(end === undefined ? {} : { EndTime: new Date(end) }) };
}

function collection(i: InsightRecord) {
  return i.collection.stacks
    ? { CloudFormation: { StackNames: i.collection.stacks } }
    : { Tags: i.collection.tags ?? [] };
}

function insightName(i: InsightRecord): string {
  return `DynamoDB ${i.direction} throttling on table ${i.tableName}`;
}

function summary(i: InsightRecord) {
  return {
    Id: i.Id,
    Name: insightName(i),
    Severity: i.severity,
    Status: i.end === undefined ? 'ONGOING' : 'CLOSED',
    InsightTimeRange: timeRange(i.start, i.end),
    ResourceCollection: collection(i),
    ServiceCollection: { ServiceNames: ['DYNAMO_DB'] },
    AssociatedResourceArns: [i.resourceArn],
  };
}

interface Range {
  FromTime?: Date;
  ToTime?: Date;
}

function inRange(t: number | undefined, r: Range | undefined): boolean {
  if (t === undefined) return false;
  return (!r?.FromTime || t >= r.FromTime.getTime()) && (!r?.ToTime || t <= r.ToTime.getTime());
}

function page<T>(items: T[], token: unknown, max: number): { items: T[]; next?: string } {
  const start = token === undefined ? 0 : Number.parseInt(String(token), 10);
  if (!Number.isInteger(start) || start < 0 || start > items.length)
    throw validation('The NextToken is not valid.');
  const slice = items.slice(start, start + max);
  return start + max < items.length ? { items: slice, next: String(start + max) } : { items: slice };
}

const listInsights: Handler = (ctx, input) => {
  const f = input.StatusFilter as {
    Ongoing?: { Type: string };
    Closed?: { Type: string; EndTimeRange: Range };
    Any?: { Type: string; StartTimeRange: Range };
  };
  const chosen = [f.Ongoing, f.Closed, f.Any].filter(Boolean);
  if (chosen.length !== 1)
    throw validation('Exactly one of Ongoing, Closed or Any must be set in StatusFilter.');
  const type = (chosen[0] as { Type: string }).Type;
  if (type !== 'REACTIVE' && type !== 'PROACTIVE')
    throw validation(
      `Value '${type}' at 'statusFilter.type' failed to satisfy constraint: Member must satisfy enum value set: [REACTIVE, PROACTIVE]`,
    );
  const max = input.MaxResults ?? PAGE;
  if (!Number.isInteger(max) || max < 1 || max > 100)
    throw validation(
      `Value '${max}' at 'maxResults' failed to satisfy constraint: Member must have value less than or equal to 100`,
    );
  const state = fresh(ctx);
  // The sandbox makes no forecasts: proactive insights are always none.
  const all = type === 'PROACTIVE' ? [] : [...state.insights].reverse();
  const matching = all.filter((i) =>
    f.Ongoing
      ? i.end === undefined
      : f.Closed
        ? inRange(i.end, f.Closed.EndTimeRange)
        : inRange(i.start, f.Any?.StartTimeRange),
  );
  const { items, next } = page(matching, input.NextToken, max);
  return {
    ProactiveInsights: [],
    ReactiveInsights: items.map(summary),
    ...(next ? { NextToken: next } : {}),
  };
};

function findInsight(ctx: RequestContext, id: unknown) {
  const state = fresh(ctx);
  const insight = state.insights.find((i) => i.Id === id);
  if (!insight) throw notFound('Insight', String(id));
  return { state, insight };
}

const describeInsight: Handler = (ctx, input) => {
  const { insight } = findInsight(ctx, input.Id);
  return {
    ReactiveInsight: {
      Id: insight.Id,
      Name: insightName(insight),
      Severity: insight.severity,
      Status: insight.end === undefined ? 'ONGOING' : 'CLOSED',
      InsightTimeRange: timeRange(insight.start, insight.end),
      ResourceCollection: collection(insight),
      Description: `Opened when ${WATCHED_METRICS.join(' / ')} of the table had a robust z-score of at least ${Z_THRESHOLD} against the baseline learned in the ${LEARNING_MS / 3_600_000} h learning period, in each of ${WINDOW_MINUTES} consecutive minutes.`,
    },
  };
};

function anomalyView(ctx: RequestContext, a: AnomalyRecord, insight: InsightRecord) {
  const end = a.end ?? ctx.now().getTime();
  const points = metricSeries(ctx, {
    namespace: NAMESPACE,
    name: a.metric.MetricName,
    dimensions: Object.fromEntries(a.metric.Dimensions.map((d) => [d.Name, d.Value])),
    start: new Date(a.start - CONTEXT_MS),
    end: new Date(end),
    periodMs: MINUTE_MS,
    stat: 'Sum',
  });
  return {
    Id: a.Id,
    Severity: insight.severity,
    Status: a.end === undefined ? 'ONGOING' : 'CLOSED',
    AnomalyTimeRange: timeRange(a.start, a.end),
    AnomalyReportedTimeRange: {
      OpenTime: new Date(a.openedAt),
      ...(a.closedAt === undefined ? {} : { CloseTime: new Date(a.closedAt) }),
    },
    SourceDetails: {
      CloudWatchMetrics: [
        {
          MetricName: a.metric.MetricName,
          Namespace: NAMESPACE,
          Dimensions: a.metric.Dimensions,
          Stat: 'Sum',
          Unit: 'Count',
          Period: 60,
          MetricDataSummary: {
            TimestampMetricValuePairList: points.map((p) => ({
              Timestamp: p.timestamp,
              MetricValue: p.value,
            })),
            StatusCode: 'Complete',
          },
        },
      ],
    },
    AssociatedInsightId: a.insightId,
    ResourceCollection: collection(insight),
    Type: a.type,
    Name: `${a.metric.MetricName} anomalous on ${a.tableName}`,
    Description: `Sum per minute above the learned baseline (median ${a.baseline.median}, MAD ${a.baseline.mad}) by a robust z-score of at least ${Z_THRESHOLD}; peak ${a.peak.value} at ${new Date(a.peak.at).toISOString()} (z ${a.peak.z.toFixed(1)}).`,
    AnomalyResources: [{ Name: a.tableName, Type: 'AWS::DynamoDB::Table' }],
  };
}

const listAnomaliesForInsight: Handler = (ctx, input) => {
  const { state, insight } = findInsight(ctx, input.InsightId);
  const max = input.MaxResults ?? 500;
  const anomalies = state.anomalies
    .filter((a) => a.insightId === insight.Id)
    .filter((a) => !input.StartTimeRange || inRange(a.start, input.StartTimeRange));
  const { items, next } = page(anomalies, input.NextToken, max);
  return {
    ProactiveAnomalies: [],
    ReactiveAnomalies: items.map((a) => anomalyView(ctx, a, insight)),
    ...(next ? { NextToken: next } : {}),
  };
};

const describeAnomaly: Handler = (ctx, input) => {
  const state = fresh(ctx);
  const a = state.anomalies.find((x) => x.Id === input.Id);
  const insight = a && state.insights.find((i) => i.Id === a.insightId);
  if (!a || !insight) throw notFound('Anomaly', String(input.Id));
  return { ReactiveAnomaly: anomalyView(ctx, a, insight) };
};

const listRecommendations: Handler = (ctx, input) => {
  const { state, insight } = findInsight(ctx, input.InsightId);
  return {
    Recommendations: recommendationsFor(
      insight,
      state.anomalies.filter((a) => a.insightId === insight.Id),
    ),
  };
};

const describeAccountHealth: Handler = (ctx) => {
  const state = fresh(ctx);
  const now = ctx.now().getTime();
  const covered = coveredTables(ctx);
  const metrics = covered.reduce(
    (n, c) => n + Object.keys(state.watches[c.table.TableArn]?.baselines ?? {}).length,
    0,
  );
  return {
    OpenReactiveInsights: state.insights.filter((i) => i.end === undefined).length,
    OpenProactiveInsights: 0,
    MetricsAnalyzed: metrics,
    ResourceHours: covered.reduce((n, c) => n + Math.floor(Math.max(0, now - c.since) / 3_600_000), 0),
    AnalyzedResourceCount: covered.length,
  };
};

export const insightOperations: Record<string, Handler> = {
  ListInsights: listInsights,
  DescribeInsight: describeInsight,
  ListAnomaliesForInsight: listAnomaliesForInsight,
  DescribeAnomaly: describeAnomaly,
  ListRecommendations: listRecommendations,
  DescribeAccountHealth: describeAccountHealth,
};
