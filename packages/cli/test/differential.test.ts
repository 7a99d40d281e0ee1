import { describe, expect, it } from 'vitest';
import {
  agrees,
  type Case,
  corpusCases,
  fixtureFiles,
  randomCases,
  referenceUnavailable,
  runOurs,
  runReference,
} from './differential';

const unavailable = referenceUnavailable();
if (unavailable) console.warn(`Skipping the differential tests: ${unavailable}`);

function compareAll(cases: Case[]) {
  const reference = unavailable ? [] : runReference(cases);
  it.each(cases.map((c, i) => [c.name, i] as const))('%s', (_name, i) => {
    const c = cases[i];
    const expected = reference[i];
    if (!c || !expected) throw new Error(`case ${i} missing`);
    const ours = runOurs(c);
    if (expected.error !== undefined) {
      // The CLI itself fails on this shape; we must fail too, with a message of our own.
      expect(ours.error, `the CLI fails with ${expected.error}`).toBeDefined();
    } else {
      expect(ours.error).toBeUndefined();
      expect(ours.stdout).toBe(expected.stdout);
    }
    expect(agrees(expected, ours)).toBe(true);
  });
}

describe.skipIf(unavailable !== undefined)('byte for byte against the AWS CLI formatter: the corpus', () => {
  it('has at least 50 response shapes', () => {
    expect(fixtureFiles().length).toBeGreaterThanOrEqual(50);
  });
  compareAll(corpusCases());
});

describe.skipIf(unavailable !== undefined)(
  'byte for byte against the AWS CLI formatter: random shapes',
  () => {
    compareAll(randomCases());
  },
);
