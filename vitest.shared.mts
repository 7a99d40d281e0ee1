// Shared vitest settings: every package's tests import workspace packages from their TypeScript sources
// (the "@handson/source" export condition), so nobody has to build before testing.
import { defaultServerConditions } from 'vite';
import { defineConfig } from 'vitest/config';

export const sourceConditions = ['@handson/source', ...defaultServerConditions];

export default defineConfig({
  resolve: { conditions: sourceConditions },
  ssr: { resolve: { conditions: sourceConditions, externalConditions: ['@handson/source'] } },
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts', '*.test.ts', 'labs/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
