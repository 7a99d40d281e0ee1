import { partition } from '@aws-sdk/core/client';
import { AwsError } from './types.js';

/*
 * Which region names the sandbox serves: the regions of the `aws` partition as the SDK's own partition
 * table lists them (the SDK answers a listed region with its description, any other name with the
 * partition's defaults only). The sandbox's account lives in that partition (ARNs `arn:aws:`), so China
 * and GovCloud regions are refused as AWS refuses a credential scoped to another partition's region.
 */

const known = new Map<string, boolean>();

export function isKnownRegion(region: string): boolean {
  let ok = known.get(region);
  if (ok === undefined) {
    const info = partition(region) as { name?: string; description?: string };
    ok = info.name === 'aws' && typeof info.description === 'string' && !region.endsWith('-global');
    // Only answers for real region names are cached, so made-up names cannot grow the cache.
    if (ok) known.set(region, ok);
  }
  return ok;
}

/**
 * What AWS answers a request whose SigV4 credential scope names a region it does not serve: the
 * signature is refused before anything runs ("Credential should be scoped to a valid region", seen from
 * IAM, STS and SQS; S3 says the authorization header is malformed; EC2 answers AuthFailure).
 */
export function invalidRegion(service: string, region: string): AwsError {
  const shown = region.length > 64 ? `${region.slice(0, 64)}...` : region;
  if (service === 's3') {
    return new AwsError(
      'AuthorizationHeaderMalformed',
      `The authorization header is malformed; the region '${shown}' is wrong; expecting 'us-east-1'`,
      { status: 400 },
    );
  }
  if (service === 'ec2') {
    return new AwsError('AuthFailure', `Credential should be scoped to a valid region, not '${shown}'.`, {
      status: 401,
    });
  }
  return new AwsError(
    'SignatureDoesNotMatch',
    `Credential should be scoped to a valid region, not '${shown}'.`,
    {
      status: 403,
      queryCode: 'SignatureDoesNotMatch',
    },
  );
}

/** The answer to a request whose changes could not be saved (a full disk): AWS's internal-error shape. */
export function saveFailed(service: string, detail: string): AwsError {
  // EC2 and S3 call it InternalError; the query and JSON services InternalFailure.
  const code = service === 'ec2' || service === 's3' ? 'InternalError' : 'InternalFailure';
  return new AwsError(code, detail, { status: 500, fault: 'Receiver' });
}
