import { AwsError } from '../../core/types';

/**
 * MaxResults / NextToken for the Describe operations that have them. The token is opaque to clients (an
 * offset, base64-encoded); results are in a stable order, so paging through sees every item once.
 */
export function paginate<T>(
  items: T[],
  input: { MaxResults?: unknown; NextToken?: unknown },
  limits: { min: number; max: number; param?: string },
): { page: T[]; NextToken?: string } {
  let offset = 0;
  if (input.NextToken !== undefined && input.NextToken !== '') {
    const decoded = Number(
      Buffer.from(String(input.NextToken), 'base64url').toString('utf8').replace(/^o:/, ''),
    );
    if (!Number.isInteger(decoded) || decoded < 0) {
      throw new AwsError('InvalidParameterValue', `Invalid value '${String(input.NextToken)}' for nextToken`);
    }
    offset = decoded;
  }
  if (input.MaxResults === undefined) return { page: items.slice(offset) };
  const max = Number(input.MaxResults);
  if (!Number.isInteger(max) || max < limits.min || max > limits.max) {
    throw new AwsError(
      'InvalidParameterValue',
      `Value ( ${String(input.MaxResults)} ) for parameter ${limits.param ?? 'maxResults'} is invalid. Expecting a value between ${limits.min} and ${limits.max}.`,
    );
  }
  const page = items.slice(offset, offset + max);
  const next = offset + max;
  return next < items.length ? { page, NextToken: Buffer.from(`o:${next}`).toString('base64url') } : { page };
}
