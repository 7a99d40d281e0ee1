import { createRequire } from 'node:module';

// tslab's modules through Node's own require, so the display writer the in-process runner sets is the one
// tslab's public `display` reads (an ESM namespace of a CommonJS module would be a read-only copy).
const tslabRequire = createRequire(__filename);

export const tslabConverter = tslabRequire('tslab/dist/converter') as typeof import('tslab/dist/converter');
export const tslabExecutor = tslabRequire('tslab/dist/executor') as typeof import('tslab/dist/executor');
export const tslabJupyter = tslabRequire('tslab/dist/jupyter') as { lastWriteDisplayData: unknown };

/** The TypeScript tslab compiles with: the very instance its converter loaded. */
const tslabTypeScript = createRequire(tslabRequire.resolve('tslab/dist/converter'))(
  '@tslab/typescript-for-tslab',
) as typeof import('typescript');

/**
 * No file on disk is watched until the returned function is called. Why: tslab's converter fakes
 * TypeScript's timers and allows only one pending at a time, the program update it fires itself after each
 * cell. A watched file that changes between two cells — any package.json the cells' imports resolved
 * through, rewritten by another process — makes TypeScript schedule a second kind of timer (re-resolving
 * modules), and the next cell fails with "Unexpected pending rebuildTimer". A headless run compiles against
 * the files as they are when it starts, so it needs no watcher.
 */
export function withoutFileWatchers(): () => void {
  const sys = tslabTypeScript.sys;
  const { watchFile, watchDirectory } = sys;
  const none = () => ({ close: () => undefined });
  sys.watchFile = none;
  sys.watchDirectory = none;
  return () => {
    sys.watchFile = watchFile;
    sys.watchDirectory = watchDirectory;
  };
}

/** Where tslab's command lives, for kernel.json. */
export function tslabBinPath(): string {
  return tslabRequire.resolve('tslab/bin/tslab');
}
