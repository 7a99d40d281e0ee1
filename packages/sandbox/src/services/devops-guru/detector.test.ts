import { describe, expect, it } from 'vitest';
import { recordMetric } from '../cloudwatch/store';
import dynamodb from '../dynamodb/index';
import { testContext } from '../sqs/testing';
import guru from './index';
import { baseline, robustZ } from './rule';

/*
 * The detector's rule on chosen per-minute throttle counts (recorded straight into the metric store), with
 * the handlers called in-process on a test clock: learning, errors during learning becoming normal, the
 * five-minute window, closing, re-learning after coverage is switched off and on, and coverage scopes.
 */

const MINUTE = 60_000;
const T0 = Date.UTC(2021, 5, 19, 0, 0, 0);

function world() {
  const t = testContext(1, T0);
  // biome-ignore lint/suspicious/noExplicitAny: model-shaped answers read loosely
  const call = async (def: typeof guru, op: string, input: Record<string, unknown> = {}): Promise<any> =>
    (def.operations[op] as (ctx: unknown, input: unknown) => unknown)(t.ctx(op), input);
  const table = async (name: string, tags: Record<string, string> = {}) => {
    await call(dynamodb, 'CreateTable', {
      TableName: name,
      KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
      AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
      ProvisionedThroughput: { ReadCapacityUnits: 1, WriteCapacityUnits: 1 },
      Tags: Object.entries(tags).map(([Key, Value]) => ({ Key, Value })),
    });
  };
  /** `perMinute` read throttle events in each of the next `minutes` minutes. */
  const throttle = (name: string, perMinute: number, minutes: number) => {
    for (let i = 0; i < minutes; i++) {
      if (perMinute > 0)
        recordMetric(t.ctx(), {
          namespace: 'AWS/DynamoDB',
          name: 'ReadThrottleEvents',
          dimensions: { TableName: name },
          value: perMinute,
          unit: 'Count',
          time: new Date(t.nowMs()),
        });
      t.advance(MINUTE);
    }
  };
  const cover = (
    Action: 'ADD' | 'REMOVE',
    ResourceCollection: Record<string, unknown> = { CloudFormation: { StackNames: ['*'] } },
  ) => call(guru, 'UpdateResourceCollection', { Action, ResourceCollection });
  const ongoing = async () =>
    (await call(guru, 'ListInsights', { StatusFilter: { Ongoing: { Type: 'REACTIVE' } } }))
      .ReactiveInsights as {
      Id: string;
      Severity: string;
    }[];
  return { t, call, table, throttle, cover, ongoing };
}

describe('the rule', () => {
  it('median and MAD; the score floor keeps a quiet baseline finite', () => {
    expect(baseline([0, 0, 0, 10, 30])).toEqual({ median: 0, mad: 0 });
    expect(baseline([1, 2, 3, 4, 100])).toEqual({ median: 3, mad: 1 });
    expect(robustZ(4, { median: 0, mad: 0 })).toBe(4);
    expect(robustZ(3 + 1.4826 * 2 * 3.5, { median: 3, mad: 2 })).toBeCloseTo(3.5);
  });
});

describe('the detector', () => {
  it('opens after five anomalous minutes, not four, once learning is over; closes after ten quiet minutes', async () => {
    const w = world();
    await w.cover('ADD');
    await w.table('tbl1');
    w.throttle('tbl1', 0, 120);
    w.throttle('tbl1', 50, 4);
    expect(await w.ongoing()).toEqual([]);
    w.throttle('tbl1', 50, 1);
    const [insight] = await w.ongoing();
    expect(insight?.Severity).toBe('HIGH');
    w.throttle('tbl1', 0, 9);
    expect(await w.ongoing()).toHaveLength(1);
    w.throttle('tbl1', 0, 1);
    expect(await w.ongoing()).toEqual([]);
    const health = await w.call(guru, 'DescribeAccountHealth');
    expect(health).toMatchObject({
      OpenReactiveInsights: 0,
      AnalyzedResourceCount: 1,
      MetricsAnalyzed: 1,
      ResourceHours: 2,
    });
  });

  it('throttling during the learning period is learned as normal; more than that is not', async () => {
    const w = world();
    await w.cover('ADD');
    await w.table('tbl2');
    w.throttle('tbl2', 0, 30);
    w.throttle('tbl2', 40, 90);
    w.throttle('tbl2', 40, 20);
    expect(await w.ongoing()).toEqual([]);
    w.throttle('tbl2', 400, 5);
    expect(await w.ongoing()).toHaveLength(1);
  });

  it('the same throttling right after coverage starts is not reported: nothing is analysed for 2 hours', async () => {
    const w = world();
    await w.cover('ADD');
    await w.table('tbl3');
    w.throttle('tbl3', 100, 119);
    expect(await w.ongoing()).toEqual([]);
  });

  it('switching coverage off and on restarts learning', async () => {
    const w = world();
    await w.cover('ADD');
    await w.table('tbl4');
    w.throttle('tbl4', 0, 150);
    await w.cover('REMOVE');
    await w.cover('ADD');
    w.throttle('tbl4', 80, 30);
    expect(await w.ongoing()).toEqual([]);
    // The new baseline (30 minutes of 80, 90 of 0) has median 0: 80 a minute after learning is anomalous.
    w.throttle('tbl4', 0, 90);
    w.throttle('tbl4', 80, 5);
    expect(await w.ongoing()).toHaveLength(1);
    await w.cover('REMOVE');
    expect(await w.ongoing()).toEqual([]);
  });

  it('stack and tag coverage analyse only the tables they include', async () => {
    const w = world();
    await w.cover('ADD', { CloudFormation: { StackNames: ['other-stack'] } });
    await w.table('tbl5');
    await w.table('tbl6', { 'devops-guru-app': 'lab07' });
    w.throttle('tbl5', 0, 121);
    w.throttle('tbl5', 60, 6);
    expect(await w.ongoing()).toEqual([]);
    expect((await w.call(guru, 'DescribeAccountHealth')).AnalyzedResourceCount).toBe(0);
    await expect(
      w.cover('ADD', { Tags: [{ AppBoundaryKey: 'devops-guru-app', TagValues: ['lab07'] }] }),
    ).rejects.toThrow('remove it first');
    await w.cover('REMOVE', { CloudFormation: { StackNames: ['other-stack'] } });
    await w.cover('ADD', { Tags: [{ AppBoundaryKey: 'devops-guru-app', TagValues: ['lab07'] }] });
    await expect(w.cover('ADD', { Tags: [{ AppBoundaryKey: 'app', TagValues: ['*'] }] })).rejects.toThrow(
      'devops-guru-',
    );
    expect((await w.call(guru, 'DescribeAccountHealth')).AnalyzedResourceCount).toBe(1);
    const tags = await w.call(guru, 'GetResourceCollection', { ResourceCollectionType: 'AWS_TAGS' });
    expect(tags.ResourceCollection.Tags).toEqual([
      { AppBoundaryKey: 'devops-guru-app', TagValues: ['lab07'] },
    ]);
  });
});
