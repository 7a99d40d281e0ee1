/**
 * The fast-check settings of every property test, read from the environment in one place. A fixed seed by
 * default (each suite its own), so a commit's verdict is reproducible; HANDSON_FUZZ_SEED=random (or a number)
 * explores other values, and HANDSON_FUZZ_RUNS replaces every property's run count:
 * `HANDSON_FUZZ_SEED=random HANDSON_FUZZ_RUNS=2000 npx vitest run property`. fast-check prints the seed and
 * the smallest failing value when a property fails.
 */
export function fuzz(runs: number, seed: number): { numRuns: number; seed?: number } {
  const env = process.env;
  const numRuns = env.HANDSON_FUZZ_RUNS === undefined ? runs : Number(env.HANDSON_FUZZ_RUNS);
  if (!Number.isInteger(numRuns) || numRuns < 1) {
    throw new Error(`HANDSON_FUZZ_RUNS must be a whole number above 0, not ${env.HANDSON_FUZZ_RUNS}`);
  }
  if (env.HANDSON_FUZZ_SEED === 'random') return { numRuns };
  const chosen = env.HANDSON_FUZZ_SEED === undefined ? seed : Number(env.HANDSON_FUZZ_SEED);
  if (!Number.isInteger(chosen)) {
    throw new Error(`HANDSON_FUZZ_SEED must be a whole number or "random", not ${env.HANDSON_FUZZ_SEED}`);
  }
  return { numRuns, seed: chosen };
}
