import { defineConfig, mergeConfig } from 'vitest/config';
import shared from '../vitest.shared.mts';
import LongFilesFirst from './long-files-first.mts';

// Lab tests start sandboxes and child processes; forks keep each file's process.chdir and env to itself.
// They often wait (on child processes, the AWS CLI, the labs' own sleeps), so five files run at once even
// on a 2-core machine, where vitest would otherwise run one at a time (cores - 1): with three, about a third
// of the CPU stood idle over a full `npm test`; with four, 30% still did (856 CPU-s in 614 s on 2 cores).
export default mergeConfig(
  shared,
  defineConfig({
    test: {
      include: ['**/*.test.ts'],
      exclude: ['node_modules/**'],
      pool: 'forks',
      isolate: true,
      maxWorkers: 5,
      testTimeout: 180_000,
      sequence: { sequencer: LongFilesFirst },
    },
  }),
);
