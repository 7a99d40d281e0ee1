import { describe, expect, it } from 'vitest';
import { allPages, sendAllPages } from '../src/pages';

// The full result botocore builds from pages: lists joined, numbers summed, continuation members dropped.
describe('sendAllPages', () => {
  const pages = [
    { Items: [{ n: 1 }, { n: 2 }], Count: 2, ScannedCount: 2, LastEvaluatedKey: { pk: 'b' } },
    { Items: [{ n: 3 }], Count: 1, ScannedCount: 3 },
  ];

  it("joins DynamoDB Query's items and sums its counts, following LastEvaluatedKey", async () => {
    const sent: Record<string, unknown>[] = [];
    const full = await sendAllPages(
      async (input) => {
        sent.push(input);
        return pages[sent.length - 1]!;
      },
      { TableName: 't' },
      { operation: 'Query', service: 'dynamodb' },
    );
    expect(full).toEqual({ Items: [{ n: 1 }, { n: 2 }, { n: 3 }], Count: 3, ScannedCount: 5 });
    expect(sent).toEqual([{ TableName: 't' }, { TableName: 't', ExclusiveStartKey: { pk: 'b' } }]);
  });

  it('sends one page when the call sets its own page size, as the CLI does', async () => {
    let calls = 0;
    const one = await sendAllPages(
      async () => pages[calls++]!,
      { TableName: 't', Limit: 2 },
      { operation: 'Query', service: 'dynamodb' },
    );
    expect(calls).toBe(1);
    expect(one).toEqual(pages[0]);
  });

  it("pages DevOps Guru's insights by NextToken", async () => {
    const replies = [
      { ReactiveInsights: [{ Id: 'a' }], ProactiveInsights: [], NextToken: 'x' },
      { ReactiveInsights: [{ Id: 'b' }], ProactiveInsights: [] },
    ];
    let calls = 0;
    const full = await sendAllPages(
      async () => replies[calls++]!,
      {},
      {
        operation: 'ListInsights',
        service: 'devops-guru',
      },
    );
    expect(full).toEqual({ ReactiveInsights: [{ Id: 'a' }, { Id: 'b' }], ProactiveInsights: [] });
  });
});

describe('allPages', () => {
  // A stand-in for an SDK v3 command: its class name is the operation, its schema names the namespace.
  class ListInsightsCommand {
    readonly schema = [9, 'com.amazonaws.devopsguru', 'ListInsights'];
    constructor(readonly input: Record<string, unknown>) {}
  }

  it("finds DevOps Guru's paginator under botocore's name, though the namespace has no hyphen", async () => {
    const replies = [
      { ReactiveInsights: [{ Id: 'a' }], NextToken: 'x' },
      { ReactiveInsights: [{ Id: 'b' }] },
    ];
    const sent: unknown[] = [];
    const client = {
      send: async (command: ListInsightsCommand) => {
        sent.push(command.input);
        return replies[sent.length - 1]!;
      },
    };
    const full = await allPages(client, new ListInsightsCommand({ StatusFilter: {} }));
    expect(full).toEqual({ ReactiveInsights: [{ Id: 'a' }, { Id: 'b' }] });
    expect(sent).toEqual([{ StatusFilter: {} }, { StatusFilter: {}, NextToken: 'x' }]);
  });
});
