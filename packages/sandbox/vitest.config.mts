import { defineConfig, mergeConfig } from 'vitest/config';
import shared from '../../vitest.shared.mts';

// Many of these files wait on the AWS CLI (a Python process per command) or on sockets: two files at once
// keep both cores of a 2-core machine busy, where vitest would run one at a time (cores - 1).
// isolate: false — each file starts its own sandbox on its own port and data dir, so files share nothing but
// the module cache; re-importing the sandbox and the SDK clients per file (78 files) was two thirds of the
// package's CPU time (155 → 50 CPU-seconds, 149 → 73 s on 2 cores when measured).
export default mergeConfig(shared, defineConfig({ test: { maxWorkers: 2, isolate: false } }));
