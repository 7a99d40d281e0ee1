/** Median and spread of repeated measurements, as the benchmark tables show them. */
export interface Summary {
  runs: number;
  median: number;
  min: number;
  max: number;
  p99?: number;
}

export function quantile(sorted: number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (pos - lo);
}

export function summarize(values: number[]): Summary {
  const sorted = [...values].sort((a, b) => a - b);
  return {
    runs: sorted.length,
    median: quantile(sorted, 0.5),
    min: sorted[0]!,
    max: sorted.at(-1)!,
    p99: quantile(sorted, 0.99),
  };
}

export const ms = (v: number) => `${v < 10 ? v.toFixed(2) : v.toFixed(0)} ms`;
export const spread = (s: Summary) => `${ms(s.median)} (${ms(s.min)}–${ms(s.max)})`;
export const ratio = (a: number, b: number) => `${(a / b).toFixed(1)}×`;
