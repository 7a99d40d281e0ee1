import { defineConfig, mergeConfig } from 'vitest/config';
import shared from '../../vitest.shared.mts';

// Many of these files wait on the AWS CLI (a Python process per command) or on sockets: two files at once
// keep both cores of a 2-core machine busy, where vitest would run one at a time (cores - 1).
// Each file starts its own sandbox on its own port and data dir, so the shared module cache (isolate: false, in
// the shared config) is safe here: it took the package from 155 to 50 CPU-seconds (149 → 73 s on 2 cores).
export default mergeConfig(shared, defineConfig({ test: { maxWorkers: 2 } }));
