import { join } from 'node:path';
import { AWS_CLI, ROOT } from './paths';
import { timeToFirst } from './processes';
import { startSandboxProcess } from './sandbox-process';
import { type Summary, summarize } from './stats';

export interface ColdStartResult {
  port: Summary;
  cli: Summary;
}

/** From process start to the first answered call: a zx script (tsx, sources) against `aws sts get-caller-identity`. */
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
  const port: number[] = [];
  const cli: number[] = [];
  try {
    // Interleaved, so both see the same machine load.
    for (let i = 0; i < runs; i++) {
      port.push(
        await timeToFirst(
          process.execPath,
          ['--conditions=@handson/source', '--import=tsx', script],
          env,
          /"Arn"/,
          ROOT,
        ),
      );
      // Debian's CLI 2.9 predates AWS_ENDPOINT_URL, so the endpoint goes on the command line.
      cli.push(
        await timeToFirst(
          AWS_CLI,
          ['--endpoint-url', sandbox.url, 'sts', 'get-caller-identity'],
          env,
          /"Arn"/,
        ),
      );
    }
  } finally {
    await sandbox.stop();
  }
  return { port: summarize(port), cli: summarize(cli) };
}
