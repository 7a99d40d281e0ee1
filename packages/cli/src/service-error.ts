/** The fields the SDK v3 puts on a service error. */
interface ServiceErrorLike {
  name?: string;
  message?: string;
  Code?: string;
  $metadata?: unknown;
}

/**
 * The AWS error code of an SDK v3 service error, as the CLI shows it (`AccessDenied`, `NoSuchEntity`...).
 * Query-compatible services (SQS) carry their legacy code in `Code`
 * (`AWS.SimpleQueueService.NonExistentQueue`), which is what the CLI prints; `name` has the new one.
 */
export function errorCode(error: unknown): string | undefined {
  if (!error || typeof error !== 'object' || !('$metadata' in error)) return undefined;
  const e = error as ServiceErrorLike;
  return e.Code ?? e.name;
}

/** Every code an error answers to: the CLI's and the SDK's exception name. */
export function errorCodes(error: unknown): string[] {
  const code = errorCode(error);
  if (!code) return [];
  const name = (error as ServiceErrorLike).name;
  return name && name !== code ? [code, name] : [code];
}

/** How the AWS CLI reports a service error: a blank line, then this line, on stderr. */
export function cliErrorMessage(error: unknown, operation: string): string {
  const code = errorCode(error) ?? 'Unknown';
  const message = (error as ServiceErrorLike).message ?? '';
  return `An error occurred (${code}) when calling the ${operation} operation: ${message}`;
}
