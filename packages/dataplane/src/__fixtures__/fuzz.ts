/**
 * Settings for the property tests. A fixed seed by default, so a commit's verdict is reproducible;
 * HANDSON_FUZZ_SEED=random (or a number) explores other values, HANDSON_FUZZ_RUNS scales every property's run
 * count: `HANDSON_FUZZ_SEED=random HANDSON_FUZZ_RUNS=2000 npx vitest run property`. fast-check prints the seed
 * and the smallest failing value when a property fails.
 */
const SEED =
  process.env.HANDSON_FUZZ_SEED === 'random' ? undefined : Number(process.env.HANDSON_FUZZ_SEED ?? 20261205);
const RUNS = process.env.HANDSON_FUZZ_RUNS === undefined ? undefined : Number(process.env.HANDSON_FUZZ_RUNS);

/**
 * fast-check parameters: `runs` unless HANDSON_FUZZ_RUNS overrides it, and the seed. Spread it next to
 * `examples` (values tried first, every run) so they are typed by the property: `{ ...fuzz(300), examples }`.
 */
export function fuzz(runs: number): { numRuns: number; seed?: number } {
  return { numRuns: RUNS ?? runs, ...(SEED === undefined ? {} : { seed: SEED }) };
}
