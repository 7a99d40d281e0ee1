import { defineConfig, mergeConfig } from 'vitest/config';
import shared from '../../vitest.shared.mts';

// Isolated: the credential-chain tests change process.env and the SDK's providers cache what they found, which
// would leak into the next file in a shared module cache.
export default mergeConfig(shared, defineConfig({ test: { isolate: true } }));
