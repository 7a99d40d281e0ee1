import { defineConfig, mergeConfig } from 'vitest/config';
import shared from '../../vitest.shared.mts';

// The in-process runner changes the working directory to the notebook's folder: each test file gets a process.
export default mergeConfig(
  shared,
  defineConfig({ test: { pool: 'forks', isolate: true, testTimeout: 120_000 } }),
);
