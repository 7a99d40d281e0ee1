/**
 * How hard the reliability tests push. CI runs scale 1 (the whole folder in about two minutes on two cores);
 * HANDSON_RELIABILITY_SCALE=10 multiplies every count (requests, writes, messages, clients) by ten.
 */
export const SCALE = (() => {
  const raw = process.env.HANDSON_RELIABILITY_SCALE;
  if (raw === undefined || raw === '') return 1;
  const n = Number(raw);
  if (!Number.isFinite(n) || n <= 0) {
    throw new Error(`HANDSON_RELIABILITY_SCALE=${raw} must be a positive number (1 is the CI size)`);
  }
  return n;
})();

/** A count at the current scale, never below 1. */
export const scaled = (base: number): number => Math.max(1, Math.round(base * SCALE));

/** Figures a test measured, printed as one line each so RELIABILITY.md can quote a CI log. */
export function figure(name: string, values: Record<string, number | string>): void {
  const parts = Object.entries(values).map(([k, v]) => `${k}=${v}`);
  process.stdout.write(`[reliability] ${name}: ${parts.join(' ')} (scale ${SCALE})\n`);
}
