import {
  awsCli,
  awsCliAvailable,
  awsCliForShell,
  awsCliLine,
  awsCliProcess,
  awsCliV1,
  pastedArgs,
  sandboxCliEnv,
} from '@handson/test-support';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningSandbox, startSandbox } from '../src/index.js';

let sandbox: RunningSandbox;
beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, seed: 'test-support' });
});
afterAll(() => sandbox?.close());

const env = () => sandboxCliEnv({ HOME: '/nonexistent' });

/** The request ids differ between two calls; nothing else may. */
const same = (text: string) => text.replace(/request ID: [\w-]+/gi, 'request ID: …');

describe.skipIf(!awsCliAvailable)('the AWS CLI v2 through one long-lived driver', () => {
  it('prints exactly what /usr/bin/aws prints, output, errors and exit codes alike', async () => {
    await awsCli(['--endpoint-url', sandbox.url, 'iam', 'create-user', '--user-name', 'driver-user'], {
      env: env(),
    });
    // Read-only, so both runs see the same state.
    const commands = [
      ['iam', 'get-user', '--user-name', 'driver-user', '--output', 'table'],
      ['iam', 'list-policies', '--scope', 'AWS', '--max-items', '3', '--output', 'table'],
      ['iam', 'list-users', '--query', 'Users[].UserName', '--output', 'text'],
      ['iam', 'get-user', '--user-name', 'nobody'],
      ['sqs', 'list-queues', '--no-such-option'],
      ['ec2', 'describe-regions', '--query', 'length(Regions)'],
    ];
    for (const args of commands) {
      const full = ['--endpoint-url', sandbox.url, ...args];
      const [viaDriver, viaProcess] = [
        await awsCli(full, { env: env() }),
        await awsCliProcess(full, { env: env() }),
      ];
      expect({ ...viaDriver, stderr: same(viaDriver.stderr) }, args.join(' ')).toEqual({
        ...viaProcess,
        stderr: same(viaProcess.stderr),
      });
    }
    // Seven runs of the full AWS CLI (a Python start each, ~2 CPU-s) besides the driver's: on a loaded 2-core
    // machine this passed the shared 120 s hang guard once.
  }, 300_000);

  it('gives each command exactly the environment it was handed', async () => {
    const withKeys = await awsCli(['sts', 'get-caller-identity', '--endpoint-url', sandbox.url], {
      env: env(),
    });
    expect(withKeys.code).toBe(0);
    const without = await awsCli(['sts', 'get-caller-identity', '--endpoint-url', sandbox.url], {
      env: { ...env(), AWS_ACCESS_KEY_ID: undefined, AWS_SECRET_ACCESS_KEY: undefined },
    });
    expect(without.code).toBe(253);
    expect(without.stderr).toMatch(/Unable to locate credentials/);
  });

  it('reads a pasted line as bash does, history expansion included', async () => {
    expect(await pastedArgs(`aws iam get-user --user-name 'a b' --query "User.Arn"`)).toEqual([
      'iam',
      'get-user',
      '--user-name',
      'a b',
      '--query',
      'User.Arn',
    ]);
    await expect(pastedArgs('aws iam get-user --user-name "x!y"')).rejects.toThrow(/event not found/);
    const run = await awsCliLine(
      `aws iam list-users --endpoint-url ${sandbox.url} --output text --query 'length(Users)'`,
      {
        env: env(),
      },
    );
    expect(run.stdout).toBe('1\n');
  });
});

describe.skipIf(!awsCliAvailable)('the AWS CLI v2 for bash scripts', () => {
  it('runs aws from a script through the driver, with the script’s environment and exit codes', async () => {
    const { command, env: extra } = awsCliForShell();
    const { execFile } = await import('node:child_process');
    const script = [
      `aws() { ${command} --endpoint-url ${sandbox.url} "$@"; }`,
      'export AWS_DEFAULT_REGION=us-east-1',
      'aws sts get-caller-identity --query Account --output text',
      'aws iam get-user --user-name nobody-here || echo "exit $?"',
    ].join('\n');
    const out = await new Promise<string>((resolve) =>
      execFile('/bin/bash', ['-c', script], { env: { ...env(), ...extra } }, (_e, stdout, stderr) =>
        resolve(stdout + stderr),
      ),
    );
    expect(out).toMatch(/^123456789012\n/);
    expect(out).toMatch(/NoSuchEntity/);
    expect(out).toMatch(/exit 254/);
  });
});

const v1 = awsCliV1();

describe.skipIf(!v1)("an AWS CLI v1 (the blog's) through the driver, in its own Python", () => {
  it('prints exactly what that aws prints, output, errors and exit codes alike', async () => {
    const commands = [
      ['configure', 'list'],
      ['configure', 'list', '--profile', 'nobody'],
      ['sts', 'get-caller-identity', '--endpoint-url', sandbox.url, '--output', 'text'],
      ['iam', 'get-user', '--user-name', 'nobody', '--endpoint-url', sandbox.url],
      ['sqs', 'list-queues', '--no-such-option'],
    ];
    for (const args of commands) {
      const options = { env: { ...env(), PATH: process.env.PATH ?? '/usr/bin:/bin' } };
      const [viaDriver, viaProcess] = [
        await v1!.run(args, options),
        await awsCliProcess(args, options, v1!.command),
      ];
      expect({ ...viaDriver, stderr: same(viaDriver.stderr) }, args.join(' ')).toEqual({
        ...viaProcess,
        stderr: same(viaProcess.stderr),
      });
    }
    // Seven runs of the full AWS CLI (a Python start each, ~2 CPU-s) besides the driver's: on a loaded 2-core
    // machine this passed the shared 120 s hang guard once.
  }, 300_000);
});
