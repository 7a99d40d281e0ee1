import { AwsError, type Handler } from '../../core/types';
import {
  checkPeriod,
  checkRange,
  checkStat,
  dimensionMap,
  invalid,
  MAX_QUERIES,
  MAX_STATISTICS_POINTS,
} from './queries';
import { allSeries, type Dimension, metricSeries, recordMetric, type Stat } from './store';

/* ListMetrics, GetMetricData, GetMetricStatistics and PutMetricData over the per-minute store. */

interface MetricStatInput {
  Metric: { Namespace: string; MetricName: string; Dimensions?: Dimension[] };
  Period: number;
  Stat: string;
  Unit?: string;
}

interface MetricDataQuery {
  Id: string;
  MetricStat?: MetricStatInput;
  Expression?: string;
  Label?: string;
  ReturnData?: boolean;
}

const LIST_PAGE = 500;
const PUT_PAST_MS = 14 * 24 * 3_600_000;
const PUT_FUTURE_MS = 2 * 3_600_000;
/** ListMetrics with RecentlyActive=PT3H: metrics with data in the past three hours. */
const RECENT_MS = 3 * 60 * 60 * 1000;

const listMetrics: Handler = (ctx, input) => {
  const filters = (input.Dimensions as { Name: string; Value?: string }[] | undefined) ?? [];
  const since = input.RecentlyActive === 'PT3H' ? ctx.now().getTime() - RECENT_MS : undefined;
  const matching = allSeries(ctx)
    .filter((s) => input.Namespace === undefined || s.Namespace === input.Namespace)
    .filter((s) => input.MetricName === undefined || s.MetricName === input.MetricName)
    .filter((s) =>
      filters.every((f) =>
        s.Dimensions.some((d) => d.Name === f.Name && (f.Value === undefined || d.Value === f.Value)),
      ),
    )
    .filter((s) => since === undefined || s.lastWrite >= since)
    .map((s) => ({ Namespace: s.Namespace, MetricName: s.MetricName, Dimensions: s.Dimensions }))
    .sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1));
  const start = input.NextToken === undefined ? 0 : Number.parseInt(String(input.NextToken), 10);
  if (!Number.isInteger(start) || start < 0 || start > matching.length)
    throw new AwsError(
      'InvalidNextToken',
      'The service couldn’t process your request because the NextToken is invalid.',
    );
  const page = matching.slice(start, start + LIST_PAGE);
  return {
    Metrics: page,
    ...(start + LIST_PAGE < matching.length ? { NextToken: String(start + LIST_PAGE) } : {}),
  };
};

const getMetricData: Handler = (ctx, input) => {
  const queries = input.MetricDataQueries as MetricDataQuery[];
  if (queries.length === 0 || queries.length > MAX_QUERIES)
    throw invalid(
      `The collection MetricDataQueries must not be empty and must not have more than ${MAX_QUERIES} entries.`,
    );
  const start = input.StartTime as Date;
  const end = input.EndTime as Date;
  checkRange(start, end);
  const ids = new Set<string>();
  const descending = input.ScanBy !== 'TimestampAscending';
  const results = queries.map((q, i) => {
    const at = `MetricDataQueries.member.${i + 1}`;
    if (!/^[a-z][a-zA-Z0-9_]*$/.test(q.Id))
      throw new AwsError(
        'ValidationError',
        `The value ${q.Id} for parameter ${at}.Id is not valid. It must start with a lowercase letter and contain only letters, numbers and underscores.`,
      );
    if (ids.has(q.Id))
      throw new AwsError(
        'ValidationError',
        `The values for parameter id in MetricDataQueries are not unique.`,
      );
    ids.add(q.Id);
    if (q.Expression !== undefined || !q.MetricStat)
      throw invalid(
        `The parameter ${at}.Expression is not supported: the sandbox evaluates MetricStat queries only, no metric math.`,
      );
    const m = q.MetricStat;
    const points = metricSeries(ctx, {
      namespace: m.Metric.Namespace,
      name: m.Metric.MetricName,
      dimensions: dimensionMap(m.Metric.Dimensions),
      start,
      end,
      periodMs: checkPeriod(m.Period, `${at}.MetricStat.Period`),
      stat: checkStat(m.Stat, `${at}.MetricStat.Stat`),
    });
    if (descending) points.reverse();
    return {
      q,
      result: {
        Id: q.Id,
        Label: q.Label ?? m.Metric.MetricName,
        Timestamps: points.map((p) => p.timestamp),
        Values: points.map((p) => p.value),
        StatusCode: 'Complete',
      },
    };
  });
  return {
    MetricDataResults: results.filter(({ q }) => q.ReturnData !== false).map(({ result }) => result),
    Messages: [],
  };
};

const getMetricStatistics: Handler = (ctx, input) => {
  const start = input.StartTime as Date;
  const end = input.EndTime as Date;
  checkRange(start, end);
  const periodMs = checkPeriod(input.Period, 'Period');
  const stats = ((input.Statistics as string[] | undefined) ?? []).map((s, i) =>
    checkStat(s, `Statistics.member.${i + 1}`),
  );
  if (input.ExtendedStatistics?.length)
    throw invalid('The parameter ExtendedStatistics is not supported: the sandbox computes no percentiles.');
  if (stats.length === 0)
    throw new AwsError(
      'MissingParameter',
      'The parameter Statistics or ExtendedStatistics must be specified.',
    );
  const requested = Math.ceil((end.getTime() - start.getTime()) / periodMs);
  if (requested > MAX_STATISTICS_POINTS)
    throw new AwsError(
      'InvalidParameterCombination',
      `You have requested up to ${requested.toLocaleString('en-US')} datapoints, which exceeds the limit of ${MAX_STATISTICS_POINTS.toLocaleString('en-US')}. You may reduce the datapoints requested by increasing Period, or decreasing the time range.`,
    );
  const query = {
    namespace: String(input.Namespace),
    name: String(input.MetricName),
    dimensions: dimensionMap(input.Dimensions),
    start,
    end,
    periodMs,
  };
  const unit = seriesUnit(ctx, input);
  const byStat = new Map<Stat, Map<number, number>>();
  for (const stat of stats)
    byStat.set(
      stat,
      new Map(metricSeries(ctx, { ...query, stat }).map((p) => [p.timestamp.getTime(), p.value])),
    );
  const times = [...(byStat.get(stats[0] as Stat) as Map<number, number>).keys()];
  return {
    Label: String(input.MetricName),
    Datapoints:
      input.Unit !== undefined && input.Unit !== unit
        ? []
        : times.map((t) => ({
            Timestamp: new Date(t),
            ...Object.fromEntries(stats.map((s) => [s, byStat.get(s)?.get(t)])),
            Unit: unit ?? 'None',
          })),
  };
};

// biome-ignore lint/suspicious/noExplicitAny: decoded model input
function seriesUnit(ctx: Parameters<Handler>[0], input: Record<string, any>): string | undefined {
  const dims = dimensionMap(input.Dimensions);
  return allSeries(ctx).find(
    (s) =>
      s.Namespace === input.Namespace &&
      s.MetricName === input.MetricName &&
      s.Dimensions.length === Object.keys(dims).length &&
      s.Dimensions.every((d) => dims[d.Name] === d.Value),
  )?.Unit;
}

/** Custom metrics; the AWS/ namespaces are reserved for AWS services, as on CloudWatch. */
const putMetricData: Handler = (ctx, input) => {
  const namespace = String(input.Namespace);
  if (namespace.startsWith('AWS/')) throw invalid('The value AWS/ for parameter Namespace is invalid.');
  const data = input.MetricData as {
    MetricName: string;
    Dimensions?: Dimension[];
    Timestamp?: Date;
    Value?: number;
    Unit?: string;
  }[];
  if (data.length > 1000) throw invalid('The collection MetricData must not have a size greater than 1000.');
  const now = ctx.now().getTime();
  for (const [i, d] of data.entries()) {
    if (d.Value === undefined)
      throw invalid('The sandbox accepts MetricData with Value only (no Values, StatisticValues).');
    const at = d.Timestamp?.getTime() ?? now;
    // "the timestamp can be up to two weeks in the past and up to two hours into the future" (PutMetricData).
    if (at < now - PUT_PAST_MS || at > now + PUT_FUTURE_MS)
      throw invalid(
        `The parameter MetricData.member.${i + 1}.Timestamp must be within two weeks in the past and two hours in the future.`,
      );
    recordMetric(ctx, {
      namespace,
      name: d.MetricName,
      dimensions: dimensionMap(d.Dimensions),
      value: d.Value,
      unit: d.Unit ?? 'None',
      time: d.Timestamp ?? ctx.now(),
    });
  }
  return {};
};

export const cloudwatchOperations: Record<string, Handler> = {
  ListMetrics: listMetrics,
  GetMetricData: getMetricData,
  GetMetricStatistics: getMetricStatistics,
  PutMetricData: putMetricData,
};
