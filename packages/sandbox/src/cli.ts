#!/usr/bin/env node
import { Command, InvalidArgumentError } from 'commander';
import { StateStore } from './core/state.js';
import { checkHostname } from './server/guard.js';
import { SANDBOX_VERSION, startSandbox } from './server/start.js';

function parsePort(value: string): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new InvalidArgumentError('use a port number from 0 to 65535 (0 picks a free one)');
  }
  return port;
}

function parsePageSize(value: string): number {
  const size = Number(value);
  if (!Number.isInteger(size) || size < 1 || size > 1000) {
    throw new InvalidArgumentError('use a whole number from 1 to 1000');
  }
  return size;
}

function collectHostname(value: string, previous: string[]): string[] {
  try {
    return [...previous, checkHostname(value)];
  } catch (err) {
    throw new InvalidArgumentError((err as Error).message);
  }
}

const program = new Command()
  .name('handson-sandbox')
  .description(
    'A local AWS emulator for the labs: IAM, STS, S3, SQS, EC2 and CloudFormation on one loopback port.',
  )
  .version(SANDBOX_VERSION)
  .option('--port <port>', 'port to listen on (0 picks a free one)', parsePort, 4580)
  .option('--host <host>', 'loopback address to listen on: 127.0.0.1, ::1 or localhost', '127.0.0.1')
  .option(
    '--hostname <name>',
    'another Host name clients may use (repeatable; 127.0.0.1, localhost and [::1] always work, any other Host is refused)',
    collectHostname,
    [] as string[],
  )
  .option('--data-dir <dir>', 'where state is kept across restarts', '.sandbox-data')
  .option('--seed <seed>', 'seed for ids and sampling (same seed, same run)', '0')
  .option(
    '--page-size <n>',
    'at most n items per page of every list (1-1000), so a client reading only the first page misses the rest',
    parsePageSize,
  )
  .option(
    '--recover',
    'rebuild damaged state from the copies kept in the data dir (state.prev.json and the journals), then start',
  )
  .showHelpAfterError();

async function main(): Promise<void> {
  program.parse();
  const opts = program.opts<{
    port: number;
    host: string;
    hostname: string[];
    dataDir: string;
    seed: string;
    pageSize?: number;
    recover?: boolean;
  }>();
  const seed = /^-?\d+$/.test(opts.seed) ? Number(opts.seed) : opts.seed;
  let sandbox: Awaited<ReturnType<typeof startSandbox>>;
  try {
    if (opts.recover) {
      for (const note of new StateStore(opts.dataDir).recover()) process.stdout.write(`recover: ${note}\n`);
    }
    sandbox = await startSandbox({
      port: opts.port,
      host: opts.host,
      hostnames: opts.hostname,
      dataDir: opts.dataDir,
      seed,
      ...(opts.pageSize === undefined ? {} : { pageSize: opts.pageSize }),
    });
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    const why =
      e.code === 'EADDRINUSE'
        ? `port ${opts.port} is in use (is a sandbox already running? try --port 0)`
        : e.message;
    process.stderr.write(`handson-sandbox: cannot start: ${why}\n`);
    process.exit(1);
  }
  process.stdout.write(
    [
      `handson-sandbox ${SANDBOX_VERSION} listening on ${sandbox.url}`,
      `services: ${sandbox.services.join(', ')}`,
      `state: ${opts.dataDir}   seed: ${opts.seed}${opts.pageSize ? `   page size: ${opts.pageSize}` : ''}`,
      '',
      'Point the AWS CLI and SDKs at it with:',
      `  export AWS_ENDPOINT_URL=${sandbox.url}`,
      '  export AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test AWS_DEFAULT_REGION=ap-northeast-1',
      // AWS_ENDPOINT_URL arrived in AWS CLI 2.13; older CLIs (Debian's 2.9) need the option on each command.
      `(an AWS CLI older than 2.13 ignores AWS_ENDPOINT_URL: add --endpoint-url ${sandbox.url} to each command)`,
      '',
      'Press Ctrl+C to stop.',
      '',
    ].join('\n'),
  );
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    process.stdout.write(`\n${signal}: saving state and stopping...\n`);
    sandbox.close().then(
      () => process.exit(0),
      (err) => {
        process.stderr.write(`handson-sandbox: ${String(err)}\n`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

void main();
