import { defineConfig, mergeConfig } from 'vitest/config';
import shared from '../vitest.shared.mts';

// Lab tests start sandboxes and child processes; forks keep each file's process.chdir and env to itself.
export default mergeConfig(
  shared,
  defineConfig({
    test: { include: ['**/*.test.ts'], exclude: ['node_modules/**'], pool: 'forks', testTimeout: 180_000 },
  }),
);
