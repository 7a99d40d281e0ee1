import { createRequire } from 'node:module';

// tslab's modules through Node's own require, so the display writer the in-process runner sets is the one
// tslab's public `display` reads (an ESM namespace of a CommonJS module would be a read-only copy).
const tslabRequire = createRequire(__filename);

export const tslabConverter = tslabRequire('tslab/dist/converter') as typeof import('tslab/dist/converter');
export const tslabExecutor = tslabRequire('tslab/dist/executor') as typeof import('tslab/dist/executor');
export const tslabJupyter = tslabRequire('tslab/dist/jupyter') as { lastWriteDisplayData: unknown };

/** Where tslab's command lives, for kernel.json. */
export function tslabBinPath(): string {
  return tslabRequire.resolve('tslab/bin/tslab');
}
