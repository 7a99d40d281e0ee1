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
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
