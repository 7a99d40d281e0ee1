import { AwsError, type Principal } from './types.js';

/*
 * The refusals the dispatcher itself gives, whatever the protocol: an operation the sandbox does not serve,
 * and a request IAM policy evaluation denied. Each keeps the code and wording its service uses.
 */

/** Services whose error codes end in Exception (ValidationException, AccessDeniedException). */
export const JSON_SERVICES_EXCEPTION_SUFFIX: ReadonlySet<string> = new Set(['dynamodb', 'devops-guru']);

export function notImplemented(service: string, operation: string): AwsError {
  const message = `The sandbox does not implement ${service}:${operation} yet (it is in the ${service} model); see packages/sandbox/COVERAGE.md`;
  if (service === 's3') return new AwsError('NotImplemented', message, { status: 501 });
  return new AwsError('InvalidAction', message);
}

/** The denial each service gives when IAM policy evaluation refuses a request. */
export function accessDenied(
  service: string,
  principal: Principal,
  action: string,
  resources: string[],
  explicit: boolean,
): AwsError {
  // The wording of the blog's transcripts (Lab 01): S3 and EC2 answer with their short messages.
  if (service === 'ec2')
    return new AwsError('UnauthorizedOperation', 'You are not authorized to perform this operation.', {
      status: 403,
    });
  if (service === 's3') return new AwsError('AccessDenied', 'Access Denied', { status: 403 });
  const resource = resources.find((r) => r !== '*');
  const on = resource ? ` on resource: ${resource}` : '';
  const why = explicit
    ? `with an explicit deny in an identity-based policy`
    : `because no identity-based policy allows the ${action} action`;
  return new AwsError(
    JSON_SERVICES_EXCEPTION_SUFFIX.has(service) ? 'AccessDeniedException' : 'AccessDenied',
    `User: ${principal.arn} is not authorized to perform: ${action}${on} ${why}`,
    {
      status: 403,
      queryCode: 'AccessDenied',
    },
  );
}
