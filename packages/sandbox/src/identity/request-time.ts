import { AwsError } from '../core/types.js';
import { parseAmzDate, type SigV4Auth } from './sigv4.js';

/*
 * When a signed request may be served, judged by the real clock (clients sign with it; the sandbox's own
 * clock is virtual and the labs move it). What AWS does:
 * - Header signatures are good for 15 minutes either side of their X-Amz-Date (or Date). Query services
 *   answer SignatureDoesNotMatch "Signature expired: ... is now earlier than ... (... - 15 min.)", S3
 *   RequestTimeTooSkewed, EC2 RequestExpired (EC2 API reference, "Common client error codes").
 * - S3 presigned URLs live X-Amz-Expires seconds, 1 to 604800 (Amazon S3 API reference, "Authenticating
 *   Requests: Using Query Parameters"); more is AuthorizationQueryParametersError, an expired one
 *   AccessDenied "Request has expired".
 * - Other services ignore X-Amz-Expires and accept a presigned request for the same 15 minutes as a header
 *   signature (reported in aws/aws-sdk-go#2167 for STS); a value outside 1..604800 is refused here as S3
 *   refuses it, since no signing key lives longer than seven days.
 */

export const SKEW_MS = 15 * 60_000;
export const LONGEST_PRESIGN_S = 604_800;

/** `20240101T000000Z`, as X-Amz-Date is written. */
function amz(ms: number): string {
  return new Date(ms)
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
}

function signingTime(
  auth: SigV4Auth,
  headers: Record<string, string | string[] | undefined>,
): number | undefined {
  const fromAmz = parseAmzDate(auth.amzDate)?.getTime();
  if (fromAmz !== undefined || auth.kind === 'query') return fromAmz;
  const date = headers.date;
  const parsed = typeof date === 'string' ? Date.parse(date) : Number.NaN;
  return Number.isFinite(parsed) ? parsed : undefined;
}

function noDate(service: string, kind: SigV4Auth['kind']): AwsError {
  if (service === 's3') {
    return kind === 'query'
      ? new AwsError(
          'AuthorizationQueryParametersError',
          "X-Amz-Date must be in the ISO8601 Long Format \"yyyyMMdd'T'HHmmss'Z'\"",
        )
      : new AwsError('AccessDenied', 'AWS authentication requires a valid Date or x-amz-date header', {
          status: 403,
        });
  }
  if (service === 'ec2')
    return new AwsError('AuthFailure', 'AWS was not able to validate the provided access credentials', {
      status: 401,
    });
  return new AwsError(
    'IncompleteSignature',
    "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.",
    { status: 403, queryCode: 'IncompleteSignature' },
  );
}

function badExpires(service: string, raw: number | undefined): AwsError {
  const message =
    raw !== undefined && Number.isInteger(raw) && raw > LONGEST_PRESIGN_S
      ? `X-Amz-Expires must be less than a week (in seconds); that is, the given X-Amz-Expires must be less than ${LONGEST_PRESIGN_S} seconds`
      : 'X-Amz-Expires should be a number between 1 and 604800';
  if (service === 'ec2') return new AwsError('AuthFailure', message, { status: 401 });
  return new AwsError('AuthorizationQueryParametersError', message, {
    status: 400,
    queryCode: 'AuthorizationQueryParametersError',
  });
}

function outsideWindow(service: string, signedAt: number, now: number): AwsError {
  if (service === 's3') {
    return new AwsError(
      'RequestTimeTooSkewed',
      'The difference between the request time and the current time is too large.',
      { status: 403 },
    );
  }
  if (service === 'ec2') return new AwsError('RequestExpired', 'Request has expired.', { status: 400 });
  const message =
    signedAt < now
      ? `Signature expired: ${amz(signedAt)} is now earlier than ${amz(now - SKEW_MS)} (${amz(now)} - 15 min.)`
      : `Signature not yet current: ${amz(signedAt)} is still later than ${amz(now + SKEW_MS)} (${amz(now)} + 15 min.)`;
  return new AwsError('SignatureDoesNotMatch', message, { status: 403, queryCode: 'SignatureDoesNotMatch' });
}

/**
 * Why a signed request is refused for its time alone (`now` is the real clock, epoch ms), or undefined.
 * Checked before the key is looked up, so a stale request costs no signature computation.
 */
export function requestTimeProblem(
  service: string,
  auth: SigV4Auth,
  headers: Record<string, string | string[] | undefined>,
  now: number,
): AwsError | undefined {
  const signedAt = signingTime(auth, headers);
  if (signedAt === undefined) return noDate(service, auth.kind);
  if (auth.kind === 'query') {
    const expires = auth.expires;
    const required = service === 's3';
    if (
      expires === undefined
        ? required
        : !Number.isInteger(expires) || expires < 1 || expires > LONGEST_PRESIGN_S
    ) {
      return badExpires(service, expires);
    }
    if (service === 's3') {
      if (now > signedAt + (expires as number) * 1000) {
        return new AwsError('AccessDenied', 'Request has expired', { status: 403 });
      }
      if (signedAt > now + SKEW_MS)
        return new AwsError('AccessDenied', 'Request is not yet valid', { status: 403 });
      return undefined;
    }
  }
  return Math.abs(now - signedAt) > SKEW_MS ? outsideWindow(service, signedAt, now) : undefined;
}

/**
 * The host header must be signed (SigV4: "The host header must be included as a signed header"); without it
 * a signature could be replayed against another endpoint. S3's answer is its "headers present in the
 * request which were not signed"; the others' API Gateway's wording.
 */
export function unsignedHost(service: string, auth: SigV4Auth): AwsError | undefined {
  if (auth.signedHeaders.includes('host')) return undefined;
  if (service === 's3') {
    return new AwsError('AccessDenied', 'There were headers present in the request which were not signed', {
      status: 403,
    });
  }
  if (service === 'ec2')
    return new AwsError('AuthFailure', 'AWS was not able to validate the provided access credentials', {
      status: 401,
    });
  return new AwsError('IncompleteSignature', "'Host' must be a 'SignedHeader' in the AWS Authorization.", {
    status: 403,
    queryCode: 'IncompleteSignature',
  });
}
