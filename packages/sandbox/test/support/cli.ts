// The sandbox tests' names for test-support's one AWS CLI runner against a sandbox.
import {
  type CliRun,
  SANDBOX_TEST_CREDENTIALS,
  SANDBOX_TEST_REGION,
  sandboxCli,
} from '@handson/test-support';

export type CliResult = CliRun;

/** Debian's AWS CLI v2 against the sandbox with `test`/`test` credentials; `env` adds or replaces variables. */
export const aws = (endpoint: string, args: string[], env: Record<string, string> = {}): Promise<CliResult> =>
  sandboxCli(endpoint, args, { env });

export const testCredentials = SANDBOX_TEST_CREDENTIALS;
export const region = SANDBOX_TEST_REGION;
