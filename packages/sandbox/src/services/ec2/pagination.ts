import { AwsError } from '../../core/types';

/**
 * MaxResults / NextToken for the Describe operations that have them. The token is opaque to clients (an
 * offset, base64-encoded); results are in a stable order, so paging through sees every item once.
 */
export function paginate<T>(
  items: T[],
  input: { MaxResults?: unknown; NextToken?: unknown },
  limits: { min: number; max: number; param?: string; cap?: number | undefined },
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
  // With the sandbox's --page-size (`cap`) even a request without MaxResults is paged: EC2 documents that
  // describe results may be paginated, and a lab that reads only the first page must show it.
  if (input.MaxResults === undefined && limits.cap === undefined) return { page: items.slice(offset) };
  const asked = input.MaxResults === undefined ? limits.max : Number(input.MaxResults);
  if (!Number.isInteger(asked) || asked < limits.min || asked > limits.max) {
    // EC2's own wording, one bound at a time ("greater than 5" although 5 itself is accepted).
    const expecting =
      asked > limits.max
        ? `a value less than or equal to ${limits.max}`
        : `a value greater than ${limits.min}`;
    throw new AwsError(
      'InvalidParameterValue',
      `Value ( ${String(input.MaxResults)} ) for parameter ${limits.param ?? 'maxResults'} is invalid. Expecting ${expecting}.`,
    );
  }
  const max = limits.cap === undefined ? asked : Math.min(asked, limits.cap);
  const page = items.slice(offset, offset + max);
  const next = offset + max;
  return next < items.length ? { page, NextToken: Buffer.from(`o:${next}`).toString('base64url') } : { page };
}
