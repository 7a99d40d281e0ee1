import { fuzz } from '@handson/test-support';
import { afterEach, describe, expect, it } from 'vitest';

// @handson/test-support has no test runner of its own; its tests live here, with the sandbox that needs it.
const saved = { runs: process.env.HANDSON_FUZZ_RUNS, seed: process.env.HANDSON_FUZZ_SEED };
const put = (name: string, value: string | undefined) => {
  if (value === undefined) delete process.env[name];
  else process.env[name] = value;
};
afterEach(() => {
  put('HANDSON_FUZZ_RUNS', saved.runs);
  put('HANDSON_FUZZ_SEED', saved.seed);
});

describe('fuzz settings', () => {
  it("use the suite's run count and seed unless the environment names others", () => {
    put('HANDSON_FUZZ_RUNS', undefined);
    put('HANDSON_FUZZ_SEED', undefined);
    expect(fuzz(300, 7)).toEqual({ numRuns: 300, seed: 7 });
    put('HANDSON_FUZZ_RUNS', '2000');
    put('HANDSON_FUZZ_SEED', '42');
    expect(fuzz(300, 7)).toEqual({ numRuns: 2000, seed: 42 });
    put('HANDSON_FUZZ_SEED', 'random');
    expect(fuzz(300, 7)).toEqual({ numRuns: 2000 });
  });

  it('refuse a run count or seed that is not a number, in one line', () => {
    put('HANDSON_FUZZ_RUNS', 'lots');
    expect(() => fuzz(10, 1)).toThrow('HANDSON_FUZZ_RUNS must be a whole number above 0, not lots');
    put('HANDSON_FUZZ_RUNS', undefined);
    put('HANDSON_FUZZ_SEED', 'abc');
    expect(() => fuzz(10, 1)).toThrow('HANDSON_FUZZ_SEED must be a whole number or "random", not abc');
  });
});
