import { createRequire } from 'node:module';
import { join } from 'node:path';
import { installLeanTslabPrograms } from './tslab-program';

// tslab's modules through Node's own require, so the display writer the in-process runner sets is the one
// tslab's public `display` reads (an ESM namespace of a CommonJS module would be a read-only copy).
const tslabRequire = createRequire(__filename);

// Before tslab's converter loads TypeScript: its watch programs then skip a builder state it does not need.
installLeanTslabPrograms(tslabRequire.resolve('tslab/dist/converter'));

export const tslabConverter = tslabRequire('tslab/dist/converter') as typeof import('tslab/dist/converter');
export const tslabExecutor = tslabRequire('tslab/dist/executor') as typeof import('tslab/dist/executor');
export const tslabJupyter = tslabRequire('tslab/dist/jupyter') as { lastWriteDisplayData: unknown };

/** The TypeScript tslab compiles with: the very instance its converter loaded. */
const tslabTypeScript = createRequire(tslabRequire.resolve('tslab/dist/converter'))(
  '@tslab/typescript-for-tslab',
) as typeof import('typescript');

/*
 * TypeScript's `sys` remembers the first working directory it is asked for, and tslab's converter takes a
 * cell's directory from it: a second notebook run in-process from another folder resolved its relative
 * imports (`./lib/helper`) against the first notebook's folder. Asked afresh, each converter starts where the
 * run has just changed to.
 */
tslabTypeScript.sys.getCurrentDirectory = () => process.cwd();

/**
 * Why both functions below exist: tslab's converter fakes TypeScript's timers and allows only one pending at a
 * time, the program update it fires itself after each cell. A watched package.json or module folder that
 * changes between two cells (another process rewriting a package.json, `npm ci`, `npm run build`) makes
 * TypeScript schedule a second kind of timer (re-resolving modules), and the next cell fails with
 * "Unexpected pending rebuildTimer". Watchers on source files only ever schedule the program update, which
 * tslab expects.
 */

/** A headless run compiles against the files as they are when it starts: no file is watched until restored. */
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

/**
 * For the Jupyter kernel: source files a cell imports are still watched (an edited local module is picked up),
 * package.json files and module folders are not (a package installed mid-session needs a kernel restart).
 */
export function watchSourceFilesOnly(): void {
  const sys = tslabTypeScript.sys;
  const watchFile = sys.watchFile?.bind(sys);
  const none = () => ({ close: () => undefined });
  if (watchFile) {
    sys.watchFile = (path, ...rest) =>
      /(^|[/\\])package\.json$/.test(path) ? none() : watchFile(path, ...rest);
  }
  sys.watchDirectory = none;
}

/** The kernel command kernel.json names: tslab's own, started through bin/tslab-kernel.js (see there). */
export function kernelLauncherPath(): string {
  return join(__dirname, '..', 'bin', 'tslab-kernel.js');
}
