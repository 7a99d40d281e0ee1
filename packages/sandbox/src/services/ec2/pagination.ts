import { AwsError } from '../../core/types';

/**
 * MaxResults / NextToken for the Describe operations that have them. The token is opaque to clients (an
 * offset, base64-encoded); results are in a stable order, so paging through sees every item once.
 */
export function paginate<T>(
  items: T[],
  input: PageInput,
  limits: PageLimits,
): { page: T[]; NextToken?: string } {
  const { start, end, NextToken } = pageWindow(items.length, input, limits);
  const page = items.slice(start, end);
  return NextToken ? { page, NextToken } : { page };
}

type PageInput = { MaxResults?: unknown; NextToken?: unknown };
type PageLimits = { min: number; max: number; param?: string; cap?: number | undefined };

/**
 * Which of `count` items in that stable order a request's page holds, [start, end), and the token for the
 * next page: what `paginate` slices, for callers that fetch only the page's items from an index.
 */
export function pageWindow(
  count: number,
  input: PageInput,
  limits: PageLimits,
): { start: number; end: number; NextToken?: string } {
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
  if (input.MaxResults === undefined && limits.cap === undefined) return { start: offset, end: count };
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
  const next = offset + max;
  const window = { start: offset, end: Math.min(next, count) };
  return next < count ? { ...window, NextToken: Buffer.from(`o:${next}`).toString('base64url') } : window;
}
