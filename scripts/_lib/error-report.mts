// The last word of a lab script that failed: AWS errors as the AWS CLI prints them, plus one hint saying what
// to do; the helpers' own errors (no credentials, no sandbox, not confirmed) as their one-line message.
// The stack only with --debug: a learner in CloudShell needs the cause, not forty frames of SDK internals.
import { isHandsonAwsError, operationOf } from '@handson/aws';
import { cliErrorMessage, errorCode } from '@handson/cli';
import { LabStepError, teardownCommand, wasPrinted } from '@handson/labkit';

const HINTS: [RegExp, (slug: string) => string][] = [
  [
    /^(AccessDenied|AccessDeniedException|UnauthorizedOperation|UnauthorizedAccess|AuthorizationError)$/,
    () =>
      'the caller is not allowed to do this: check its IAM policies and the target named on the first line.',
  ],
  [
    /^(InvalidClientTokenId|SignatureDoesNotMatch|UnrecognizedClientException|AuthFailure|InvalidAccessKeyId)$/,
    () => 'the credentials were not accepted: check AWS_PROFILE or your access key (`aws configure list`).',
  ],
  [/^ExpiredToken/, () => 'the session credentials expired: get new ones and run the step again.'],
  [
    /AlreadyExists|\.Duplicate$|QueueAlreadyExists|EntityAlreadyExists/,
    (slug) =>
      `it exists already, probably from an earlier run: ${teardownCommand(slug)} removes the lab's resources.`,
  ],
  [
    /NotFound|^NoSuch|NonExistentQueue|QueueDoesNotExist/,
    () => 'it does not exist (yet): run the lab’s earlier steps first; teardown may have removed it.',
  ],
  [
    /^(LimitExceeded|.*LimitExceeded)$/,
    (slug) => `an account limit was reached: ${teardownCommand(slug)} frees what the lab made.`,
  ],
  [
    /Throttl|RequestLimitExceeded|SlowDown/,
    () => 'AWS is throttling the requests: wait a minute, then run the step again.',
  ],
];

function hintFor(code: string, slug: string): string {
  const found = HINTS.find(([pattern]) => pattern.test(code));
  return found ? found[1](slug) : 'see the AWS documentation of the operation; --debug shows the full error.';
}

export interface ErrorReportOptions {
  debug: boolean;
  slug: string;
}

/** What the process prints for an error nobody caught, and its exit code. */
export function describeFailure(error: unknown, options: ErrorReportOptions): string[] {
  const lines: string[] = [];
  const code = errorCode(error);
  if (code) {
    if (!wasPrinted(error)) lines.push('', cliErrorMessage(error, operationOf(error) ?? 'unknown'));
    lines.push(`hint: ${hintFor(code, options.slug)}`);
  } else if (isHandsonAwsError(error) || error instanceof LabStepError) {
    lines.push(`error: ${error.message}`);
  } else {
    const message = error instanceof Error ? error.message : String(error);
    lines.push(`error: ${message}`);
    if (!options.debug) lines.push('(--debug shows where it happened)');
  }
  if (options.debug && error instanceof Error && error.stack) lines.push(error.stack);
  return lines;
}

let current: ErrorReportOptions | undefined;

/** The process's last word on an error nobody caught (one listener; the latest step's options). */
export function installErrorReport(options: ErrorReportOptions): void {
  const first = current === undefined;
  current = options;
  if (!first) return;
  const report = (error: unknown) => {
    for (const line of describeFailure(error, current!)) console.error(line);
    process.exit(1);
  };
  process.on('uncaughtException', report);
  process.on('unhandledRejection', report);
}
