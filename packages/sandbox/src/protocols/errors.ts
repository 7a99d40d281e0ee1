import { JSON_SERVICES_EXCEPTION_SUFFIX } from '../core/refusals.js';
import { AwsError } from '../core/types.js';

/*
 * The errors the protocol layer raises itself, with the code and wording each service uses for them.
 */

function lowerFirst(s: string): string {
  return s.charAt(0).toLowerCase() + s.slice(1);
}

export function missingParameter(service: string, memberName: string, wirePath: string): AwsError {
  if (service === 'ec2')
    return new AwsError('MissingParameter', `The request must contain the parameter ${wirePath}`);
  if (service === 'sqs') {
    return new AwsError('MissingParameter', `The request must contain the parameter ${memberName}.`, {
      queryCode: 'MissingParameter',
    });
  }
  if (service === 's3') return new AwsError('InvalidRequest', `Missing required parameter ${memberName}`);
  return new AwsError(
    JSON_SERVICES_EXCEPTION_SUFFIX.has(service) ? 'ValidationException' : 'ValidationError',
    `1 validation error detected: Value null at '${lowerFirst(memberName)}' failed to satisfy constraint: Member must not be null`,
  );
}

export function invalidParameterValue(
  service: string,
  wirePath: string,
  raw: string,
  type: string,
): AwsError {
  if (service === 'sqs') {
    return new AwsError(
      'InvalidParameterValue',
      `Value ${raw} for parameter ${wirePath} is invalid. Reason: must be a ${type}.`,
      {
        queryCode: 'InvalidParameterValue',
      },
    );
  }
  if (service === 'ec2')
    return new AwsError(
      'InvalidParameterValue',
      `Value (${raw}) for parameter ${wirePath} is invalid. Expected a ${type}.`,
    );
  return new AwsError(
    'ValidationError',
    `Value '${raw}' at '${lowerFirst(wirePath)}' failed to satisfy constraint: Member must be a ${type}`,
  );
}

export function jsonTypeError(path: string, type: string): AwsError {
  return new AwsError('SerializationException', `Expected a ${type} at ${path || 'the top level'}`);
}

export function invalidAction(action: string): AwsError {
  return new AwsError('InvalidAction', `The action ${action} is not valid for this web service.`);
}

/** The query protocols' answer (also S3's and restJson's) to a missing or unknown operation. */
export function missingOrInvalidAction(operation: string | undefined): AwsError {
  if (operation === undefined)
    return new AwsError('MissingAction', 'The request must contain the parameter Action.');
  return invalidAction(operation);
}

export function missingAuthentication(service: string): AwsError {
  if (service === 's3') return new AwsError('AccessDenied', 'Access Denied', { status: 403 });
  if (service === 'ec2')
    return new AwsError('AuthFailure', 'AWS was not able to validate the provided access credentials', {
      status: 401,
    });
  return new AwsError('MissingAuthenticationToken', 'Request is missing Authentication Token', {
    status: 403,
  });
}

export function malformedAuthorization(service: string): AwsError {
  if (service === 's3')
    return new AwsError('AuthorizationHeaderMalformed', 'The authorization header is malformed.', {
      status: 400,
    });
  return new AwsError(
    'IncompleteSignature',
    'Authorization header requires Credential, SignedHeaders and Signature parameters.',
    { status: 403 },
  );
}

export function authFailure(
  service: string,
  kind: 'InvalidClientTokenId' | 'SignatureDoesNotMatch' | 'ExpiredToken',
): AwsError {
  if (service === 'ec2')
    return new AwsError('AuthFailure', 'AWS was not able to validate the provided access credentials', {
      status: 401,
    });
  if (kind === 'SignatureDoesNotMatch') {
    const message =
      service === 's3'
        ? 'The request signature we calculated does not match the signature you provided. Check your key and signing method.'
        : 'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.';
    return new AwsError('SignatureDoesNotMatch', message, {
      status: 403,
      queryCode: 'SignatureDoesNotMatch',
    });
  }
  if (kind === 'ExpiredToken') {
    return new AwsError('ExpiredToken', 'The security token included in the request is expired', {
      status: service === 's3' ? 400 : 403,
      queryCode: 'ExpiredToken',
    });
  }
  if (service === 's3')
    return new AwsError(
      'InvalidAccessKeyId',
      'The AWS Access Key Id you provided does not exist in our records.',
      { status: 403 },
    );
  return new AwsError('InvalidClientTokenId', 'The security token included in the request is invalid.', {
    status: 403,
    queryCode: 'InvalidClientTokenId',
  });
}

export function internalError(err: unknown): AwsError {
  const detail = err instanceof Error ? err.message : String(err);
  return new AwsError('InternalFailure', `The sandbox failed while handling the request: ${detail}`, {
    status: 500,
  });
}
