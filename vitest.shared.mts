// Shared vitest settings: every package's tests import workspace packages from their TypeScript sources
// (the "@handson/source" export condition), so nobody has to build before testing. Vite's default server
// conditions include "module", which sends some SDK dependencies to bundler-only builds that Node cannot load,
// so the list is spelled out.
import { defineConfig } from 'vitest/config';

export const sourceConditions = ['@handson/source', 'node'];

export default defineConfig({
  resolve: { conditions: sourceConditions },
  ssr: { resolve: { conditions: sourceConditions, externalConditions: ['@handson/source'] } },
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts', '*.test.ts'],
    // Generous: these guard against hangs, not speed (tests spawn the AWS CLI and Python, slow on a loaded 2-core box).
    testTimeout: 120_000,
    // One module cache per worker: most files only start servers of their own on port 0, and importing the SDK
    // clients and the sandbox again for every file was most of their CPU time. Packages whose files change
    // process-wide state (env, cwd) turn isolation back on in their own config.
    isolate: false,
    hookTimeout: 180_000,
    // The SDK's "Node 20 is nearly unsupported" notice, which every worker would print once. @handson/aws turns
    // the same switch on for labs and notebooks (packages/aws/test/warnings.test.ts proves it, in children
    // started without it).
    env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
  },
});
