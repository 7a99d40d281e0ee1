import { BaseSequencer, type TestSpecification } from 'vitest/node';

/*
 * The lab tests' longest files first. In a clean clone vitest has no durations of earlier runs and starts the
 * largest files first, so labs-under-faults (a small file that runs every lab, about 200 s of one worker) began
 * some five minutes in and ran alone at the end while other workers stood idle: the lane's last minutes used
 * one of the two cores. The list is in the order of their measured durations (longest first; a CI log's
 * "✓ file (N tests) ms" lines); files not named follow in vitest's own order.
 */
const LONGEST_FIRST = [
  'reliability/labs-under-faults.test.ts',
  'labs/06-',
  'labs/07-',
  'labs/01-',
  'labs/03-',
  'labs/04-',
  'labs/05-',
  'labs/02-',
  'notebooks/post-code.test.ts',
];

const rank = (spec: TestSpecification): number => {
  const i = LONGEST_FIRST.findIndex((part) => spec.moduleId.includes(`/test/${part}`));
  return i < 0 ? LONGEST_FIRST.length : i;
};

export default class LongFilesFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const rest = await super.sort(files);
    // Array.prototype.sort is stable: the files not named keep vitest's order among themselves.
    return [...rest].sort((a, b) => rank(a) - rank(b));
  }
}
