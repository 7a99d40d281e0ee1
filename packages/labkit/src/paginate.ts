/**
 * Follows pages the way the AWS CLI does for `--max-items`: keeps calling with the next token and joins the
 * result lists, stopping once `maxItems` items are collected. Token members differ by service (IAM:
 * Marker/IsTruncated; EC2, SQS, CloudFormation: NextToken), so both are recognised.
 */
export async function collectPages(
  send: (input: Record<string, unknown>) => Promise<Record<string, unknown>>,
  input: Record<string, unknown>,
  maxItems: number,
): Promise<Record<string, unknown>> {
  let merged: Record<string, unknown> | undefined;
  let next: Record<string, unknown> = { ...input };
  for (;;) {
    const page = await send(next);
    if (!merged) merged = { ...page };
    else {
      for (const [key, value] of Object.entries(page)) {
        const prev = merged[key];
        if (Array.isArray(prev) && Array.isArray(value)) merged[key] = [...prev, ...value];
      }
    }
    const items = Object.values(merged).filter(Array.isArray) as unknown[][];
    const count = items.reduce((n, list) => n + list.length, 0);
    const token = page.IsTruncated ? page.Marker : page.NextToken;
    if (count >= maxItems || token === undefined || token === null) {
      for (const list of Object.keys(merged)) {
        const value = merged[list];
        if (Array.isArray(value) && value.length > maxItems) merged[list] = value.slice(0, maxItems);
      }
      delete merged.Marker;
      delete merged.IsTruncated;
      delete merged.NextToken;
      return merged;
    }
    next = { ...input, ...(page.IsTruncated ? { Marker: token } : { NextToken: token }) };
  }
}
