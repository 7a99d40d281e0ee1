import { defineConfig, mergeConfig } from 'vitest/config';
import shared from '../../vitest.shared.mts';

// Isolated: the credential-chain tests change process.env and the SDK's providers cache what they found, which
// would leak into the next file in a shared module cache. Two files at once (vitest runs one on a 2-core
// machine): most of them wait on child processes they start, so alone on an idle machine the package took
// 37 → 26 s with two, for the same CPU.
export default mergeConfig(shared, defineConfig({ test: { isolate: true, maxWorkers: 2 } }));
