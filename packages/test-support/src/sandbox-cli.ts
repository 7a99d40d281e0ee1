import { awsCli, type CliRun } from './aws-cli';

/** The sandbox's `test` keys (any key in a signed header acts as the account's root there) and home region. */
export const SANDBOX_TEST_CREDENTIALS = { accessKeyId: 'test', secretAccessKey: 'test' } as const;
export const SANDBOX_TEST_REGION = 'ap-northeast-1';

/**
 * The whole environment of a test's AWS CLI run against a sandbox: the test keys, the home region, no config or
 * credentials file (the developer's own must never be read), no pager; `overrides` replace or add variables.
 */
export function sandboxCliEnv(
  overrides: Record<string, string | undefined> = {},
): Record<string, string | undefined> {
  return {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: process.env.HOME ?? '/tmp',
    AWS_ACCESS_KEY_ID: SANDBOX_TEST_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: SANDBOX_TEST_CREDENTIALS.secretAccessKey,
    AWS_DEFAULT_REGION: SANDBOX_TEST_REGION,
    AWS_CONFIG_FILE: '/dev/null',
    AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
    AWS_PAGER: '',
    ...overrides,
  };
}

/** Debian's AWS CLI v2 against a sandbox endpoint with sandboxCliEnv() (plus `env`), optionally in `cwd`. */
export function sandboxCli(
  endpoint: string,
  args: string[],
  options: { env?: Record<string, string | undefined>; cwd?: string } = {},
): Promise<CliRun> {
  return awsCli(['--endpoint-url', endpoint, ...args], {
    env: sandboxCliEnv(options.env),
    ...(options.cwd ? { cwd: options.cwd } : {}),
  });
}
