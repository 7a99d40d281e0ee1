/*
 * The detector's rule as numbers and pure functions (README.md, "DevOps Guru detector", states it in words).
 *
 * Per covered DynamoDB table and per metric series (ReadThrottleEvents, WriteThrottleEvents, and
 * ThrottledRequests per Operation, all Sum per minute, a minute without data counting as 0):
 * - learning: the first 2 hours after the table became covered give the baseline: the median and the
 *   median absolute deviation (MAD) of the 120 per-minute values. Whatever happened then is normal.
 * - a minute's robust z-score is (x − median) / max(1.4826 × MAD, 1): 1.4826 × MAD estimates the standard
 *   deviation of normally distributed data, and the floor of 1 event a minute keeps a quiet baseline
 *   (MAD 0) from turning a single throttle into an infinite score.
 * - a series is anomalous in a minute when z ≥ 3.5 (Iglewicz and Hoaglin's cut-off for modified
 *   z-scores); it breaches when it has been anomalous in each of the last 5 complete minutes.
 * - a breach opens a reactive insight for the table (or joins the open one as another anomaly); an anomaly
 *   closes after 10 complete minutes without an anomalous minute, the insight when all its anomalies have.
 */

export const LEARNING_MS = 2 * 60 * 60 * 1000;
export const WINDOW_MINUTES = 5;
export const Z_THRESHOLD = 3.5;
export const MAD_TO_SIGMA = 1.4826;
export const MIN_SCALE = 1;
export const CLOSE_AFTER_MINUTES = 10;
export const WATCHED_METRICS = ['ReadThrottleEvents', 'WriteThrottleEvents', 'ThrottledRequests'] as const;

/** Severity from the highest z-score an insight's anomalies reached. */
export const SEVERITY_Z = { HIGH: 35, MEDIUM: 10 } as const;

export interface Baseline {
  median: number;
  mad: number;
}

export function median(values: number[]): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

export function baseline(values: number[]): Baseline {
  const m = median(values);
  return { median: m, mad: median(values.map((v) => Math.abs(v - m))) };
}

export function robustZ(x: number, b: Baseline): number {
  return (x - b.median) / Math.max(MAD_TO_SIGMA * b.mad, MIN_SCALE);
}

export function anomalous(x: number, b: Baseline): boolean {
  return robustZ(x, b) >= Z_THRESHOLD;
}

export function severityOf(peakZ: number): 'LOW' | 'MEDIUM' | 'HIGH' {
  if (peakZ >= SEVERITY_Z.HIGH) return 'HIGH';
  if (peakZ >= SEVERITY_Z.MEDIUM) return 'MEDIUM';
  return 'LOW';
}
