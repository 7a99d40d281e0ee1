import { defineConfig, mergeConfig } from 'vitest/config';
import shared from '../../vitest.shared.mts';

// Each file starts its own sandbox on its own port and data dir, so the shared module cache (isolate: false, in
// the shared config) is safe here: it took the package from 155 to 50 CPU-seconds (149 → 73 s on 2 cores). Two
// files at once (the shared maxWorkers) keep both cores busy while files wait on the AWS CLI or on sockets.
// HANDSON_SANDBOX_CHECK_INDEXES: every use of an index kept beside the state (src/core/derived.ts) is
// compared with one built afresh, so a handler that changes state without telling its index fails here.
export default mergeConfig(shared, defineConfig({ test: { env: { HANDSON_SANDBOX_CHECK_INDEXES: '1' } } }));
