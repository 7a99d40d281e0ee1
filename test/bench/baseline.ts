import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tagDates } from '../../packages/sandbox/src/core/journal.ts';
import { readSavedState } from '../../packages/sandbox/src/core/state.ts';
import { ROOT } from './paths';

/*
 * The sandbox as another commit built it (`--baseline main`), so the server benchmark measures before and
 * after side by side, in the same interleaved rounds, rather than in two runs minutes apart on a machine whose
 * load moves. Built into node_modules/.cache (so the repository's node_modules resolve its imports), from the
 * commit's packages/sandbox only: the other packages it imports are this checkout's.
 */

export interface Baseline {
  /** The commit as asked for (`main`), for the table. */
  label: string;
  /** A directory laid out as packages/sandbox is: dist/cli.js, dist/index.js. */
  packageDir: string;
}

export function buildBaseline(commit: string, log: (line: string) => void): Baseline {
  const sha = execFileSync('git', ['-C', ROOT, 'rev-parse', '--verify', `${commit}^{commit}`], {
    encoding: 'utf8',
  }).trim();
  const root = join(ROOT, 'node_modules/.cache/bench-baseline', sha);
  const packageDir = join(root, 'packages/sandbox');
  if (!existsSync(join(packageDir, 'dist/cli.js'))) {
    log(`baseline: building packages/sandbox of ${commit} (${sha.slice(0, 7)})…`);
    rmSync(root, { recursive: true, force: true });
    mkdirSync(root, { recursive: true });
    const files = ['packages/sandbox', 'tsconfig.base.json', 'tsconfig.build.base.json'];
    const archive = execFileSync('git', ['-C', ROOT, 'archive', sha, ...files], { maxBuffer: 1 << 30 });
    execFileSync('tar', ['-x', '-C', root], { input: archive });
    rmSync(join(packageDir, 'dist'), { recursive: true, force: true });
    // Its own dependencies where npm nested them (pure-rand), the hoisted ones through the root's.
    const nested = join(ROOT, 'packages/sandbox/node_modules');
    if (existsSync(nested)) symlinkSync(nested, join(packageDir, 'node_modules'));
    execFileSync(
      process.execPath,
      [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json'],
      {
        cwd: packageDir,
        stdio: 'inherit',
      },
    );
  }
  return { label: commit, packageDir };
}

/**
 * A copy of a data dir as one snapshot of format 2 (no table of long strings), which every sandbox since the
 * journal reads: what a baseline built before format 3 needs to start from the same state.
 */
export function formatTwoCopy(dataDir: string, copy: string): string {
  const { accounts, extras } = readSavedState(dataDir);
  mkdirSync(copy, { recursive: true });
  writeFileSync(join(copy, 'state.json'), JSON.stringify({ version: 2, seq: 0, accounts, extras }, tagDates));
  return copy;
}
