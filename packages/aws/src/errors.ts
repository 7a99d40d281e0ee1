/**
 * Errors a learner can act on: each names the problem and what to do, instead of a stack trace from deep
 * inside the SDK. `code` lets tests and callers tell them apart without matching message text.
 */
export type HandsonAwsErrorCode =
  | 'InvalidTarget'
  | 'InvalidEndpoint'
  | 'MissingRegion'
  | 'InvalidRegion'
  | 'MissingCredentials'
  | 'ProfileNotFound'
  | 'EndpointUnreachable'
  | 'SandboxUnavailable'
  | 'PartialCredentials'
  | 'InvalidSlug'
  | 'ConfirmationRequired'
  | 'NotConfirmed'
  | 'DryRun';

export class HandsonAwsError extends Error {
  override name = 'HandsonAwsError';
  constructor(
    readonly code: HandsonAwsErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export function isHandsonAwsError(error: unknown, code?: HandsonAwsErrorCode): error is HandsonAwsError {
  return error instanceof HandsonAwsError && (code === undefined || error.code === code);
}

/** Network failures that mean "nothing answers at that address", as Node and the SDK report them. */
const UNREACHABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ETIMEDOUT',
  'TimeoutError',
]);

/** The low-level network error code behind an SDK failure, if there is one. */
export function networkErrorCode(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current && typeof current === 'object'; depth++) {
    const { code, name, errors, cause } = current as {
      code?: unknown;
      name?: unknown;
      errors?: unknown;
      cause?: unknown;
    };
    if (typeof code === 'string' && UNREACHABLE_CODES.has(code)) return code;
    if (name === 'TimeoutError') return 'TimeoutError';
    // Node's happy-eyeballs connect reports an AggregateError whose members carry the code.
    if (Array.isArray(errors)) {
      const inner = errors.map(networkErrorCode).find(Boolean);
      if (inner) return inner;
    }
    current = cause;
  }
  return undefined;
}
