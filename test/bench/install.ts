import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from './paths';
import { timed } from './processes';

/** Bytes under a directory, as `du` counts them (apparent sizes). */
function sizeMiB(dir: string): number {
  return Number(execFileSync('du', ['-sb', dir], { encoding: 'utf8' }).split('\t')[0]) / 2 ** 20;
}

export interface InstallResult {
  commit: string;
  cloneMs: number;
  ciMs: number;
  ciOk: boolean;
  nodeModulesMiB: number;
  scriptsOnlyMs?: number;
  scriptsOnlyMiB?: number;
}

/**
 * `npm ci` in a fresh clone of the committed tree (which also builds, through the root `prepare`), and the
 * size of what it installs; then the scripts-only install the scripts README promises for CloudShell.
 */
export async function installCost(log: (line: string) => void): Promise<InstallResult> {
  const dir = mkdtempSync(join(tmpdir(), 'handson-bench-clone-'));
  const env = {
    ...process.env,
    npm_config_audit: 'false',
    npm_config_fund: 'false',
    npm_config_update_notifier: 'false',
  };
  try {
    const clone = await timed('git', ['clone', '--quiet', '--no-hardlinks', ROOT, join(dir, 'repo')], env);
    const repo = join(dir, 'repo');
    const commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], {
      cwd: repo,
      encoding: 'utf8',
    }).trim();
    log(`  npm ci in a fresh clone of ${commit}…`);
    const ci = await timed('npm', ['ci', '--prefer-offline'], env, repo);
    if (ci.code !== 0) log(`  npm ci failed: ${ci.stderr.slice(-500)}`);
    const result: InstallResult = {
      commit,
      cloneMs: clone.ms,
      ciMs: ci.ms,
      ciOk: ci.code === 0,
      nodeModulesMiB: sizeMiB(join(repo, 'node_modules')),
    };
    rmSync(join(repo, 'node_modules'), { recursive: true, force: true });
    const scripts = await timed(
      'npm',
      ['install', '--prefer-offline', '--omit=dev', '--ignore-scripts', '--workspace', 'scripts'],
      env,
      repo,
    );
    if (scripts.code === 0) {
      result.scriptsOnlyMs = scripts.ms;
      result.scriptsOnlyMiB = sizeMiB(join(repo, 'node_modules'));
    }
    return result;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export interface SuiteResult {
  ms: number;
  ok: boolean;
  tail: string;
}

/**
 * The test suite as `npm test` runs it (the build, then test/bin/test-all.sh's two lanes), with turbo's cache
 * off: the same script, so the figure is the suite CI runs, not a second way of running it.
 */
export async function suiteCost(): Promise<SuiteResult> {
  const env = { ...process.env, TURBO_FORCE: 'true' };
  const build = await timed('npx', ['turbo', 'run', 'build', '--output-logs=errors-only'], env, ROOT);
  const r = await timed('bash', ['test/bin/test-all.sh'], env, ROOT);
  return {
    ms: build.ms + r.ms,
    ok: build.code === 0 && r.code === 0,
    tail: turboTally(`${r.stdout}${r.stderr}`),
  };
}

/** test-all.sh runs turbo once per task: their "Tasks:" lines summed, and every "Failed:" line as it is. */
export function turboTally(output: string): string {
  let successful = 0;
  let total = 0;
  const failed: string[] = [];
  for (const line of output.split('\n')) {
    const tasks = /Tasks:\s+(\d+) successful, (\d+) total/.exec(line);
    if (tasks) {
      successful += Number(tasks[1]);
      total += Number(tasks[2]);
    } else if (/Failed:/.test(line)) failed.push(line.trim());
  }
  return [`${successful} of ${total} turbo tasks successful`, ...failed].join('; ');
}
