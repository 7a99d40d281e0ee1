import { describe, expect, it } from 'vitest';
import { testContext } from '../sqs/testing';
import {
  allSeries,
  MAX_POINTS,
  MAX_SERIES,
  MINUTE_MS,
  metricSeries,
  metricStore,
  RETENTION_MS,
  recordMetric,
} from './store';

/* The metric store's aggregation and its bounds: 15 days of minutes, MAX_SERIES metrics, MAX_POINTS points. */

const T0 = Date.UTC(2021, 5, 19);

function put(
  ctx: ReturnType<ReturnType<typeof testContext>['ctx']>,
  name: string,
  value: number,
  ms: number,
) {
  recordMetric(ctx, {
    namespace: 'Lab',
    name,
    dimensions: { TableName: 't' },
    value,
    unit: 'Count',
    time: new Date(ms),
  });
}

describe('metric store', () => {
  it('aggregates per minute and answers each statistic per period', () => {
    const ctx = testContext(1, T0).ctx();
    for (const [v, s] of [
      [1, 0],
      [3, 10],
      [8, 59],
      [5, 61],
    ] as const)
      put(ctx, 'm', v, T0 + s * 1000);
    const q = {
      namespace: 'Lab',
      name: 'm',
      dimensions: { TableName: 't' },
      start: new Date(T0),
      end: new Date(T0 + 3 * MINUTE_MS),
    };
    const at = (stat: 'Sum' | 'Average' | 'Minimum' | 'Maximum' | 'SampleCount', periodMs = MINUTE_MS) =>
      metricSeries(ctx, { ...q, stat, periodMs }).map((p) => p.value);
    expect(at('Sum')).toEqual([12, 5]);
    expect(at('Average')).toEqual([4, 5]);
    expect(at('Minimum')).toEqual([1, 5]);
    expect(at('Maximum')).toEqual([8, 5]);
    expect(at('SampleCount')).toEqual([3, 1]);
    expect(at('Sum', 5 * MINUTE_MS)).toEqual([17]);
  });

  it('forgets minutes older than 15 days', () => {
    const ctx = testContext(1, T0).ctx();
    put(ctx, 'm', 1, T0);
    put(ctx, 'm', 1, T0 + RETENTION_MS + MINUTE_MS);
    const series = allSeries(ctx)[0];
    expect(Object.keys(series?.points ?? {})).toEqual([String(T0 + RETENTION_MS + MINUTE_MS)]);
    expect(metricStore(ctx).points).toBe(1);
  });

  it('holds at most MAX_SERIES metrics and MAX_POINTS points, dropping the least recently written', () => {
    const ctx = testContext(1, T0).ctx();
    for (let i = 0; i <= MAX_SERIES; i++) put(ctx, `s${i}`, 1, T0 + i);
    expect(allSeries(ctx)).toHaveLength(MAX_SERIES);
    expect(allSeries(ctx).some((s) => s.MetricName === 's0')).toBe(false);
    const minutes = Math.floor(RETENTION_MS / MINUTE_MS) - 1;
    for (let series = 0; series * minutes <= MAX_POINTS; series++)
      for (let m = 0; m < minutes; m++) put(ctx, `big${series}`, 1, T0 + m * MINUTE_MS);
    expect(metricStore(ctx).points).toBeLessThanOrEqual(MAX_POINTS);
    const total = allSeries(ctx).reduce((n, s) => n + Object.keys(s.points).length, 0);
    expect(total).toBe(metricStore(ctx).points);
  });
});
