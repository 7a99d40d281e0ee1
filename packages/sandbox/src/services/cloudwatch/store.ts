import type { RequestContext } from '../../core/types';

/*
 * CloudWatch metric storage, shared by the services that publish metrics (DynamoDB) and read them (DevOps
 * Guru, GetMetricData). Data points are aggregated per metric and per minute as statistic sets (sum, count,
 * minimum, maximum): CloudWatch keeps data points with a period of 60 seconds for 15 days
 * (https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/cloudwatch_concepts.html#metrics-retention),
 * so minutes older than that are dropped, and no request can make the store grow past MAX_SERIES metrics.
 */

export const MINUTE_MS = 60_000;
/** "Data points with a period of 60 seconds (1 minute) are available for 15 days." */
export const RETENTION_MS = 15 * 24 * 60 * MINUTE_MS;
/**
 * At most this many metrics, and data points (metric-minutes), per account and region; the least recently
 * written metric makes room. 200 000 points are about 8 MB of state.
 */
export const MAX_SERIES = 2_000;
export const MAX_POINTS = 200_000;

export interface Dimension {
  Name: string;
  Value: string;
}

/** One minute of one metric: [sum, sample count, minimum, maximum]. */
export type StatisticSet = [number, number, number, number];

export interface Series {
  Namespace: string;
  MetricName: string;
  Dimensions: Dimension[];
  Unit: string;
  /** Minute start (epoch ms, as a string key) → statistic set. */
  points: Record<string, StatisticSet>;
  lastWrite: number;
  /** The oldest minute held, so that expiry scans the points only when something has expired. */
  oldest: number;
}

export interface MetricStore {
  series: Record<string, Series>;
  /** Data points held by all series. */
  points: number;
}

export interface MetricDatum {
  namespace: string;
  name: string;
  /** Order does not matter: a metric is identified by its sorted dimensions, as in CloudWatch. */
  dimensions: Record<string, string>;
  value: number;
  /** CloudWatch unit (Count, Milliseconds, ...). */
  unit: string;
  time: Date;
}

export type Stat = 'Sum' | 'Average' | 'Minimum' | 'Maximum' | 'SampleCount';

/** The part of a request context the store needs: handlers of any service pass their own. */
export type StoreAccess = Pick<RequestContext, 'storeIn' | 'region'>;

export function metricStore(ctx: StoreAccess, region = ctx.region): MetricStore {
  return ctx.storeIn<MetricStore>('monitoring', region, () => ({ series: {}, points: 0 }));
}

function sortedDimensions(dimensions: Record<string, string>): Dimension[] {
  return Object.entries(dimensions)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([Name, Value]) => ({ Name, Value }));
}

export function seriesKey(namespace: string, name: string, dimensions: Record<string, string>): string {
  return JSON.stringify([namespace, name, sortedDimensions(dimensions).map((d) => [d.Name, d.Value])]);
}

export function minuteOf(ms: number): number {
  return Math.floor(ms / MINUTE_MS) * MINUTE_MS;
}

/** Adds one observation to its minute's statistic set. */
export function recordMetric(ctx: StoreAccess, datum: MetricDatum): void {
  if (!Number.isFinite(datum.value)) return;
  const store = metricStore(ctx);
  const key = seriesKey(datum.namespace, datum.name, datum.dimensions);
  const now = datum.time.getTime();
  let series = store.series[key];
  if (!series) {
    while (Object.keys(store.series).length >= MAX_SERIES) evictOldest(store);
    series = {
      Namespace: datum.namespace,
      MetricName: datum.name,
      Dimensions: sortedDimensions(datum.dimensions),
      Unit: datum.unit,
      points: {},
      lastWrite: now,
      oldest: minuteOf(now),
    };
    store.series[key] = series;
  }
  const minute = String(minuteOf(now));
  const set = series.points[minute];
  if (set) {
    set[0] += datum.value;
    set[1] += 1;
    set[2] = Math.min(set[2], datum.value);
    set[3] = Math.max(set[3], datum.value);
  } else {
    series.points[minute] = [datum.value, 1, datum.value, datum.value];
    series.oldest = Math.min(series.oldest, Number(minute));
    store.points += 1 - pruneExpired(series, now);
    while (store.points > MAX_POINTS && Object.keys(store.series).length > 1) evictOldest(store, key);
  }
  series.lastWrite = Math.max(series.lastWrite, now);
}

/** Drops minutes older than the retention; how many it dropped. */
function pruneExpired(series: Series, now: number): number {
  const limit = now - RETENTION_MS;
  if (series.oldest >= limit) return 0;
  let dropped = 0;
  let oldest = Number.POSITIVE_INFINITY;
  for (const minute of Object.keys(series.points)) {
    const m = Number(minute);
    if (m < limit) {
      delete series.points[minute];
      dropped++;
    } else oldest = Math.min(oldest, m);
  }
  series.oldest = oldest;
  return dropped;
}

/** Removes the least recently written metric (never `keep`, the one being written). */
function evictOldest(store: MetricStore, keep?: string): void {
  let victim: string | undefined;
  for (const [key, s] of Object.entries(store.series))
    if (key !== keep && (victim === undefined || s.lastWrite < (store.series[victim] as Series).lastWrite))
      victim = key;
  if (victim === undefined) return;
  store.points -= Object.keys((store.series[victim] as Series).points).length;
  delete store.series[victim];
}

export interface SeriesQuery {
  namespace: string;
  name: string;
  dimensions: Record<string, string>;
  /** Inclusive start, exclusive end. */
  start: Date;
  end: Date;
  /** A multiple of 60 000 ms. */
  periodMs: number;
  stat: Stat;
}

export interface SeriesPoint {
  timestamp: Date;
  value: number;
}

/**
 * The statistic per period over [start, end), oldest first; periods without data have no point, as in
 * CloudWatch. Periods are aligned to the query's start time rounded down to the period.
 */
export function metricSeries(ctx: StoreAccess, q: SeriesQuery): SeriesPoint[] {
  const series = metricStore(ctx).series[seriesKey(q.namespace, q.name, q.dimensions)];
  if (!series) return [];
  const oldest = minuteOf(q.end.getTime()) - RETENTION_MS;
  const buckets = new Map<number, StatisticSet>();
  const origin = Math.floor(q.start.getTime() / q.periodMs) * q.periodMs;
  for (const [minuteKey, set] of Object.entries(series.points)) {
    const minute = Number(minuteKey);
    if (minute < origin || minute >= q.end.getTime() || minute < oldest) continue;
    const bucket = origin + Math.floor((minute - origin) / q.periodMs) * q.periodMs;
    const agg = buckets.get(bucket);
    if (!agg) buckets.set(bucket, [...set]);
    else {
      agg[0] += set[0];
      agg[1] += set[1];
      agg[2] = Math.min(agg[2], set[2]);
      agg[3] = Math.max(agg[3], set[3]);
    }
  }
  return [...buckets.entries()]
    .sort(([a], [b]) => a - b)
    .map(([bucket, set]) => ({ timestamp: new Date(bucket), value: statistic(set, q.stat) }));
}

export function statistic(set: StatisticSet, stat: Stat): number {
  switch (stat) {
    case 'Sum':
      return set[0];
    case 'SampleCount':
      return set[1];
    case 'Minimum':
      return set[2];
    case 'Maximum':
      return set[3];
    default:
      return set[1] === 0 ? 0 : set[0] / set[1];
  }
}

/** Every stored metric (for ListMetrics), with the time of its newest data point. */
export function allSeries(ctx: StoreAccess): Series[] {
  return Object.values(metricStore(ctx).series);
}
