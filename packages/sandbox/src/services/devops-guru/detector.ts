import { createHash } from 'node:crypto';
import type { RequestContext } from '../../core/types';
import { allSeries, MINUTE_MS, minuteOf, RETENTION_MS, type Series, seriesKey } from '../cloudwatch/store';
import { NAMESPACE } from '../dynamodb/metrics';
import { type CoveredTable, coveredTables } from './coverage';
import {
  anomalous,
  baseline,
  CLOSE_AFTER_MINUTES,
  LEARNING_MS,
  robustZ,
  severityOf,
  WATCHED_METRICS,
  WINDOW_MINUTES,
} from './rule';
import {
  type AnomalyRecord,
  coverageIsOn,
  type GuruState,
  guruState,
  type InsightRecord,
  MAX_INSIGHTS,
  type ResourceWatch,
} from './state';

/*
 * Runs the rule (rule.ts) over every complete minute not yet evaluated, for every covered table. It runs
 * when DevOps Guru is asked something, never on a timer: the result depends only on the metrics and the
 * clock, so evaluating late gives the same insights, with the same times, as evaluating every minute.
 */

const READ_OPERATIONS = new Set(['GetItem', 'Query', 'Scan', 'BatchGetItem', 'TransactGetItems']);

function id(prefix: string, ...parts: (string | number)[]): string {
  return `${prefix}${createHash('sha256').update(parts.join('/')).digest('hex').slice(0, 40)}`;
}

function valueAt(series: Series, minute: number): number {
  return series.points[String(minute)]?.[0] ?? 0;
}

function watchedSeries(ctx: RequestContext, tableName: string): Series[] {
  return allSeries(ctx).filter(
    (s) =>
      s.Namespace === NAMESPACE &&
      (WATCHED_METRICS as readonly string[]).includes(s.MetricName) &&
      s.Dimensions.some((d) => d.Name === 'TableName' && d.Value === tableName),
  );
}

function keyOf(s: Series): string {
  return seriesKey(s.Namespace, s.MetricName, Object.fromEntries(s.Dimensions.map((d) => [d.Name, d.Value])));
}

export function evaluate(ctx: RequestContext): void {
  const state = guruState(ctx);
  if (!coverageIsOn(state.coverage)) return;
  const complete = minuteOf(ctx.now().getTime());
  for (const covered of coveredTables(ctx)) evaluateTable(ctx, state, covered, complete);
  trim(state);
}

function evaluateTable(ctx: RequestContext, state: GuruState, covered: CoveredTable, complete: number): void {
  const arn = covered.table.TableArn;
  const learningStart = Math.ceil(covered.since / MINUTE_MS) * MINUTE_MS;
  const learnEnd = learningStart + LEARNING_MS;
  let watch = state.watches[arn];
  if (!watch || watch.learningStart !== learningStart) {
    watch = { learningStart, baselines: {}, evaluatedUntil: learnEnd };
    state.watches[arn] = watch;
  }
  if (complete <= learnEnd) return;
  const series = watchedSeries(ctx, covered.table.TableName);
  for (const s of series) {
    const key = keyOf(s);
    if (watch.baselines[key]) continue;
    const learned: number[] = [];
    for (let m = learningStart; m < learnEnd; m += MINUTE_MS) learned.push(valueAt(s, m));
    watch.baselines[key] = baseline(learned);
  }
  const from = Math.max(watch.evaluatedUntil, complete - RETENTION_MS);
  for (let m = from; m < complete; m += MINUTE_MS) evaluateMinute(state, watch, covered, series, m, learnEnd);
  watch.evaluatedUntil = complete;
}

function evaluateMinute(
  state: GuruState,
  watch: ResourceWatch,
  covered: CoveredTable,
  series: Series[],
  m: number,
  learnEnd: number,
): void {
  const windowStart = m - (WINDOW_MINUTES - 1) * MINUTE_MS;
  const breaching: Series[] = [];
  for (const s of series) {
    const b = watch.baselines[keyOf(s)];
    if (!b || windowStart < learnEnd) continue;
    let all = true;
    for (let w = windowStart; w <= m && all; w += MINUTE_MS) all = anomalous(valueAt(s, w), b);
    if (all) breaching.push(s);
  }
  let insight = watch.openInsight ? state.insights.find((i) => i.Id === watch.openInsight) : undefined;
  if (!insight && breaching.length === 0) return;
  if (!insight) {
    insight = openInsight(state, covered, breaching, windowStart, m);
    watch.openInsight = insight.Id;
  }
  const current = insight;
  for (const s of breaching) {
    const key = keyOf(s);
    if (!state.anomalies.some((a) => a.insightId === current.Id && a.end === undefined && keyOf2(a) === key))
      state.anomalies.push(newAnomaly(current, covered, s, watch, windowStart, m));
  }
  updateAnomalies(state, watch, current, series, m);
}

function keyOf2(a: AnomalyRecord): string {
  return seriesKey(
    NAMESPACE,
    a.metric.MetricName,
    Object.fromEntries(a.metric.Dimensions.map((d) => [d.Name, d.Value])),
  );
}

function isRead(s: { MetricName: string; Dimensions: { Name: string; Value: string }[] }): boolean {
  if (s.MetricName === 'ReadThrottleEvents') return true;
  const op = s.Dimensions.find((d) => d.Name === 'Operation')?.Value;
  return s.MetricName === 'ThrottledRequests' && op !== undefined && READ_OPERATIONS.has(op);
}

function openInsight(
  state: GuruState,
  covered: CoveredTable,
  breaching: Series[],
  start: number,
  m: number,
): InsightRecord {
  const insight: InsightRecord = {
    Id: id('AD', covered.table.TableArn, start),
    resourceArn: covered.table.TableArn,
    tableName: covered.table.TableName,
    direction: breaching.some(isRead) ? 'read' : 'write',
    start,
    openedAt: m + MINUTE_MS,
    severity: 'LOW',
    collection: covered.collection,
  };
  state.insights.push(insight);
  return insight;
}

function newAnomaly(
  insight: InsightRecord,
  covered: CoveredTable,
  s: Series,
  watch: ResourceWatch,
  start: number,
  m: number,
): AnomalyRecord {
  const b = watch.baselines[keyOf(s)] as { median: number; mad: number };
  // Throttle events are the cause DevOps Guru points at; the per-operation request counts are context.
  const causal = s.MetricName === 'ReadThrottleEvents' || s.MetricName === 'WriteThrottleEvents';
  let peak = { value: 0, z: 0, at: start };
  for (let w = start; w <= m; w += MINUTE_MS) {
    const z = robustZ(valueAt(s, w), b);
    if (z > peak.z) peak = { value: valueAt(s, w), z, at: w };
  }
  return {
    Id: id('AL', insight.Id, keyOf(s)),
    insightId: insight.Id,
    resourceArn: covered.table.TableArn,
    tableName: covered.table.TableName,
    metric: { MetricName: s.MetricName, Dimensions: s.Dimensions },
    baseline: b,
    start,
    lastAnomalous: m,
    openedAt: m + MINUTE_MS,
    peak,
    type: causal ? 'CAUSAL' : 'CONTEXTUAL',
  };
}

function updateAnomalies(
  state: GuruState,
  watch: ResourceWatch,
  insight: InsightRecord,
  series: Series[],
  m: number,
): void {
  const open = state.anomalies.filter((a) => a.insightId === insight.Id && a.end === undefined);
  for (const a of open) {
    const s = series.find((x) => keyOf(x) === keyOf2(a));
    const x = s ? valueAt(s, m) : 0;
    const z = robustZ(x, a.baseline);
    if (anomalous(x, a.baseline)) a.lastAnomalous = Math.max(a.lastAnomalous, m);
    if (z > a.peak.z) a.peak = { value: x, z, at: m };
    if (m - a.lastAnomalous >= CLOSE_AFTER_MINUTES * MINUTE_MS) {
      a.end = a.lastAnomalous + MINUTE_MS;
      a.closedAt = m + MINUTE_MS;
    }
  }
  const all = state.anomalies.filter((a) => a.insightId === insight.Id);
  insight.severity = severityOf(Math.max(0, ...all.map((a) => a.peak.z)));
  if (all.every((a) => a.end !== undefined)) {
    insight.end = Math.max(...all.map((a) => a.end as number));
    delete watch.openInsight;
  }
}

function trim(state: GuruState): void {
  while (state.insights.length > MAX_INSIGHTS) {
    const at = state.insights.findIndex((i) => i.end !== undefined);
    if (at < 0) break;
    const [gone] = state.insights.splice(at, 1);
    state.anomalies = state.anomalies.filter((a) => a.insightId !== gone?.Id);
  }
}
