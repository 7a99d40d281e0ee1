import { type CliRun, sandboxCli } from '@handson/test-support';

/** Debian's AWS CLI v2 against the sandbox with `test`/`test` credentials (test-support's one runner). */
export function cli(url: string, args: string[]): Promise<CliRun> {
  return sandboxCli(url, args);
}
