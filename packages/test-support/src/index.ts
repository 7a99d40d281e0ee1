export {
  AWS_CLI,
  type AwsCliV1,
  awsCli,
  awsCliAvailable,
  awsCliForShell,
  awsCliProcess,
  awsCliV1,
  type CliOptions,
  type CliRun,
} from './aws-cli';
export { behindShim } from './behind-shim';
export { fuzz } from './fuzz';
export { awsCliLine, PASTED, pastedArgs } from './pasted';
export {
  SANDBOX_TEST_CREDENTIALS,
  SANDBOX_TEST_REGION,
  sandboxCli,
  sandboxCliEnv,
} from './sandbox-cli';
