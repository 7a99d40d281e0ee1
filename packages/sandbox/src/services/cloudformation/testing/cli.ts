import { awsCli, type CliRun } from '@handson/test-support';

/** Debian's AWS CLI v2 against the sandbox with `test`/`test` credentials (through @handson/test-support). */
export function cli(url: string, args: string[]): Promise<CliRun> {
  return awsCli(['--endpoint-url', url, ...args], {
    env: {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      HOME: process.env.HOME ?? '/tmp',
      AWS_ACCESS_KEY_ID: 'test',
      AWS_SECRET_ACCESS_KEY: 'test',
      AWS_DEFAULT_REGION: 'ap-northeast-1',
      AWS_CONFIG_FILE: '/dev/null',
      AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
      AWS_PAGER: '',
    },
  });
}
