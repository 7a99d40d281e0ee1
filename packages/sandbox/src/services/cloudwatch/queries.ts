import { AwsError } from '../../core/types';
import { type Dimension, MINUTE_MS, type Stat } from './store';

/* Validation shared by GetMetricData and GetMetricStatistics, with CloudWatch's error codes and wording. */

export const STATS: readonly Stat[] = ['Sum', 'Average', 'Minimum', 'Maximum', 'SampleCount'];
/** GetMetricStatistics: "The maximum number of data points returned from a single call is 1,440." */
export const MAX_STATISTICS_POINTS = 1_440;
/** GetMetricData: "up to 500 metrics" (MetricDataQueries) per call. */
export const MAX_QUERIES = 500;

export function invalid(message: string): AwsError {
  return new AwsError('InvalidParameterValue', message);
}

export function checkRange(start: Date, end: Date): void {
  if (start.getTime() >= end.getTime())
    throw invalid('The parameter StartTime must be less than the parameter EndTime.');
}

/** Periods the sandbox stores: whole minutes (CloudWatch's high-resolution periods need high-resolution data). */
export function checkPeriod(period: unknown, name: string): number {
  if (typeof period !== 'number' || !Number.isInteger(period) || period < 60 || period % 60 !== 0)
    throw invalid(`The parameter ${name} must be a multiple of 60.`);
  return period * 1000;
}

export function checkStat(stat: unknown, name: string): Stat {
  if (!STATS.includes(stat as Stat))
    throw invalid(
      `The parameter ${name} must be one of Sum, Average, Minimum, Maximum, SampleCount (the sandbox computes no percentiles).`,
    );
  return stat as Stat;
}

export function dimensionMap(dims: Dimension[] | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const d of dims ?? []) out[d.Name] = d.Value;
  return out;
}

export function minutes(ms: number): number {
  return Math.ceil(ms / MINUTE_MS);
}
