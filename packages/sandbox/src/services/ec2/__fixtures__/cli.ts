// EC2 tests' names for test-support's one AWS CLI runner against a sandbox.
import { type CliRun, SANDBOX_TEST_CREDENTIALS, SANDBOX_TEST_REGION, sandboxCli } from '@handson/test-support';

export type CliResult = CliRun;

/** Debian's AWS CLI v2 against a sandbox with `test`/`test` credentials, in `cwd` (file:// arguments). */
export const aws = (endpoint: string, args: string[], cwd?: string): Promise<CliResult> =>
  sandboxCli(endpoint, args, cwd ? { cwd } : {});

export const credentials = SANDBOX_TEST_CREDENTIALS;
export const region = SANDBOX_TEST_REGION;
