import { defineConfig, mergeConfig } from 'vitest/config';
import shared from '../../vitest.shared.mts';

// Many of these files wait on the AWS CLI (a Python process per command) or on sockets: two files at once
// keep both cores of a 2-core machine busy, where vitest would run one at a time (cores - 1).
export default mergeConfig(shared, defineConfig({ test: { maxWorkers: 2 } }));
