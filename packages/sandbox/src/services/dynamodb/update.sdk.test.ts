import { CloudWatchClient, GetMetricStatisticsCommand } from '@aws-sdk/client-cloudwatch';
import {
  BatchGetItemCommand,
  ConditionalCheckFailedException,
  CreateTableCommand,
  DynamoDBClient,
  GetItemCommand,
  ProvisionedThroughputExceededException,
  PutItemCommand,
  UpdateItemCommand,
} from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningSandbox, startSandbox } from '../../index';
import cloudwatch from '../cloudwatch/index';
import dynamodb from './index';

/* UpdateItem's expressions and BatchGetItem's per-item charging, through SDK v3 over HTTP. */

let sandbox: RunningSandbox;
let client: DynamoDBClient;

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, discover: false, services: [dynamodb, cloudwatch], seed: 77 });
  sandbox.clock.freeze(new Date('2021-06-19T06:00:00Z'));
  client = new DynamoDBClient({
    endpoint: sandbox.url,
    region: 'ap-northeast-1',
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    maxAttempts: 1,
  });
  for (const [TableName, rcu] of [
    ['counters', 100],
    ['small', 1],
  ] as const) {
    await client.send(
      new CreateTableCommand({
        TableName,
        KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
        AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
        ProvisionedThroughput: { ReadCapacityUnits: rcu, WriteCapacityUnits: 100 },
      }),
    );
  }
  sandbox.clock.advance(5_000);
});
afterAll(async () => {
  client.destroy();
  await sandbox.close();
});

describe('UpdateItem', () => {
  it('creates, counts, appends, removes and adds to sets, with ReturnValues', async () => {
    const update = (
      UpdateExpression: string,
      values: Record<string, unknown> = {},
      extra: Record<string, unknown> = {},
    ) =>
      client.send(
        new UpdateItemCommand({
          TableName: 'counters',
          Key: { pk: { S: 'page' } },
          UpdateExpression,
          ...(Object.keys(values).length ? { ExpressionAttributeValues: values as never } : {}),
          ...extra,
        }),
      );
    const first = await update(
      'SET hits = if_not_exists(hits, :zero) + :one, tags = :t',
      {
        ':zero': { N: '0' },
        ':one': { N: '1' },
        ':t': { L: [{ S: 'a' }] },
      },
      { ReturnValues: 'ALL_NEW' },
    );
    expect(first.Attributes).toEqual({ pk: { S: 'page' }, hits: { N: '1' }, tags: { L: [{ S: 'a' }] } });
    const second = await update(
      'SET hits = hits + :one, tags = list_append(tags, :more) ADD seen :who REMOVE nothing',
      { ':one': { N: '1' }, ':more': { L: [{ S: 'b' }] }, ':who': { SS: ['x', 'y'] } },
      { ReturnValues: 'UPDATED_OLD' },
    );
    expect(second.Attributes).toEqual({ hits: { N: '1' }, tags: { L: [{ S: 'a' }] } });
    await update('DELETE seen :x', { ':x': { SS: ['x'] } });
    const got = await client.send(new GetItemCommand({ TableName: 'counters', Key: { pk: { S: 'page' } } }));
    expect(got.Item).toEqual({
      pk: { S: 'page' },
      hits: { N: '2' },
      tags: { L: [{ S: 'a' }, { S: 'b' }] },
      seen: { SS: ['y'] },
    });
    await expect(
      update('SET hits = :n', { ':n': { N: '9' } }, { ConditionExpression: 'hits > :n' }),
    ).rejects.toBeInstanceOf(ConditionalCheckFailedException);
    await expect(update('SET pk = :n', { ':n': { S: 'other' } })).rejects.toThrow(
      'This attribute is part of the key',
    );
    await expect(update('SET a.b = :n', { ':n': { S: 'x' } })).rejects.toThrow('top-level attributes only');
  });
});

describe('BatchGetItem', () => {
  it('charges each item as a GetItem and returns what the capacity did not cover as UnprocessedKeys', async () => {
    // 2 + 1 + 1 + 40 956 = 40 960 bytes: 10 units strongly consistent; the full bucket holds 300.
    for (let i = 0; i < 40; i++)
      await client.send(
        new PutItemCommand({
          TableName: 'small',
          Item: { pk: { S: `k${i}` }, v: { S: 'x'.repeat(40_956 - String(i).length) } },
        }),
      );
    const Keys = Array.from({ length: 40 }, (_, i) => ({ pk: { S: `k${i}` } }));
    const r = await client.send(
      new BatchGetItemCommand({
        RequestItems: { small: { Keys, ConsistentRead: true, ProjectionExpression: 'pk' } },
        ReturnConsumedCapacity: 'TOTAL',
      }),
    );
    expect(r.Responses?.small).toHaveLength(30);
    expect(r.UnprocessedKeys?.small?.Keys).toHaveLength(10);
    expect(r.ConsumedCapacity).toEqual([{ TableName: 'small', CapacityUnits: 300 }]);
    await expect(
      client.send(
        new BatchGetItemCommand({
          RequestItems: { small: { Keys: [{ pk: { S: 'k0' } }], ConsistentRead: true } },
        }),
      ),
    ).rejects.toBeInstanceOf(ProvisionedThroughputExceededException);
    // 11 throttled reads, and one ThrottledRequests: only the batch in which every read was throttled.
    const cw = new CloudWatchClient({
      endpoint: sandbox.url,
      region: 'ap-northeast-1',
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    });
    const sum = async (MetricName: string, dims: Record<string, string>) =>
      (
        await cw.send(
          new GetMetricStatisticsCommand({
            Namespace: 'AWS/DynamoDB',
            MetricName,
            Dimensions: Object.entries(dims).map(([Name, Value]) => ({ Name, Value })),
            StartTime: new Date('2021-06-19T06:00:00Z'),
            EndTime: new Date('2021-06-19T07:00:00Z'),
            Period: 3600,
            Statistics: ['Sum'],
          }),
        )
      ).Datapoints?.[0]?.Sum;
    expect(await sum('ReadThrottleEvents', { TableName: 'small' })).toBe(11);
    expect(await sum('ThrottledRequests', { TableName: 'small', Operation: 'BatchGetItem' })).toBe(1);
    cw.destroy();
  });
});
