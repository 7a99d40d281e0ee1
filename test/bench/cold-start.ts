import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { type ProfileSummary, summarizeProfiles } from './cpu-profile';
import { AWS_CLI, ROOT } from './paths';
import { timed, timeToFirst } from './processes';
import { startSandboxProcess } from './sandbox-process';
import { type Summary, summarize } from './stats';

export interface ColdStartResult {
  /** The script from its TypeScript sources through tsx. */
  port: Summary;
  /** The same script bundled into one file (scripts/_lib/bundle.mjs), run by plain `node`. */
  bundle: Summary;
  cli: Summary;
  /** Floors: `node -e 0` and `node --import=tsx -e 0`, what any script pays before its first line. */
  node: Summary;
  nodeTsx: Summary;
  /** Where one tsx start spends its CPU time, by package. */
  profile: ProfileSummary;
}

const TSX = ['--conditions=@handson/source', '--import=tsx'];

/** From process start to the first answered call: a lab-style script (tsx, and bundled) against `aws sts get-caller-identity`. */
export async function coldStart(runs: number): Promise<ColdStartResult> {
  const sandbox = await startSandboxProcess();
  const env = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    HANDSON_TARGET: 'sandbox',
    HANDSON_SANDBOX_URL: sandbox.url,
    AWS_ACCESS_KEY_ID: 'test',
    AWS_SECRET_ACCESS_KEY: 'test',
    AWS_DEFAULT_REGION: 'ap-northeast-1',
  };
  const script = join(ROOT, 'test/bench/fixtures/whoami.mts');
  const tmp = mkdtempSync(join(tmpdir(), 'handson-bench-cold-'));
  const bundled = join(tmp, 'whoami.mjs');
  const lib = (await import(pathToFileURL(join(ROOT, 'scripts/_lib/bundle.mjs')).href)) as {
    bundleScript(entry: string, outfile: string): Promise<unknown>;
  };
  await lib.bundleScript(script, bundled);
  const times = {
    port: [] as number[],
    bundle: [] as number[],
    cli: [] as number[],
    node: [] as number[],
    nodeTsx: [] as number[],
  };
  try {
    // Interleaved, so all see the same machine load.
    for (let i = 0; i < runs; i++) {
      times.port.push(await timeToFirst(process.execPath, [...TSX, script], env, /"Arn"/, ROOT));
      times.bundle.push(await timeToFirst(process.execPath, [bundled], env, /"Arn"/, tmp));
      // Debian's CLI 2.9 predates AWS_ENDPOINT_URL, so the endpoint goes on the command line.
      times.cli.push(
        await timeToFirst(
          AWS_CLI,
          ['--endpoint-url', sandbox.url, 'sts', 'get-caller-identity'],
          env,
          /"Arn"/,
        ),
      );
      times.node.push((await timed(process.execPath, ['-e', '0'], env, ROOT)).ms);
      times.nodeTsx.push((await timed(process.execPath, [...TSX, '-e', '0'], env, ROOT)).ms);
    }
    const profDir = join(tmp, 'profile');
    await timed(process.execPath, ['--cpu-prof', `--cpu-prof-dir=${profDir}`, ...TSX, script], env, ROOT);
    return {
      port: summarize(times.port),
      bundle: summarize(times.bundle),
      cli: summarize(times.cli),
      node: summarize(times.node),
      nodeTsx: summarize(times.nodeTsx),
      profile: summarizeProfiles(profDir),
    };
  } finally {
    await sandbox.stop();
    rmSync(tmp, { recursive: true, force: true });
  }
}
