import jmespath from 'jmespath';

/** Applies a JMESPath expression the way `aws --query` does. */
export function query(result: unknown, expression: string): unknown {
  return jmespath.search(result as Parameters<typeof jmespath.search>[0], expression);
}
