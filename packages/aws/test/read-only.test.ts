import { describe, expect, it } from 'vitest';
import { isReadOnlyOperation } from '../src/index.ts';

// What the change guard lets through unconfirmed, and what --dry-run may send.
describe('isReadOnlyOperation', () => {
  it("counts the APIs' read verbs and DynamoDB's reads as read-only", () => {
    for (const op of ['DescribeInsight', 'GetItem', 'ListInsights', 'GetMetricData', 'Query', 'Scan'])
      expect(isReadOnlyOperation(op), op).toBe(true);
    expect(isReadOnlyOperation('BatchGetItemCommand')).toBe(true);
  });

  it('counts writes, and names that only start like a read, as changes', () => {
    for (const op of [
      'PutItem',
      'UpdateResourceCollection',
      'QueryWriter',
      'Scanner',
      'Getaway',
      'ReceiveMessage',
    ])
      expect(isReadOnlyOperation(op), op).toBe(false);
  });
});
