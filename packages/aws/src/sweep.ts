import type { SweepOptions, SweepResult } from './sweep-run.js';

export type { SweepItem, SweepOptions, SweepResult } from './sweep-run.js';

/**
 * Finds what the labs left behind by their handson:lab tag (one lab's, or every lab's), on whatever the
 * target is, and with `delete: true` removes it in dependency order through a teardown registry. Loaded on
 * first use: it needs the client of every service the labs tag resources in, which a script that never
 * sweeps should not pay to load.
 */
export async function sweep(slug?: string, options: SweepOptions = {}): Promise<SweepResult> {
  const { sweep: run } = await import('./sweep-run.js');
  return run(slug, options);
}
