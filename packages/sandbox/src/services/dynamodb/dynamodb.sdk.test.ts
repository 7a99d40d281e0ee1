import {
  BatchWriteItemCommand,
  ConditionalCheckFailedException,
  CreateTableCommand,
  DeleteTableCommand,
  DescribeTableCommand,
  DynamoDBClient,
  GetItemCommand,
  ListTablesCommand,
  ListTagsOfResourceCommand,
  ProvisionedThroughputExceededException,
  PutItemCommand,
  QueryCommand,
  ResourceInUseException,
  ResourceNotFoundException,
  ScanCommand,
  TagResourceCommand,
  UpdateTableCommand,
} from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningSandbox, startSandbox } from '../../index';
import dynamodb from './index';

/* DynamoDB through the real SDK v3 client over HTTP, on a frozen sandbox clock the tests move. */

let sandbox: RunningSandbox;
let client: DynamoDBClient;
const start = new Date('2021-06-19T05:00:00Z');

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, discover: false, services: [dynamodb], seed: 619 });
  sandbox.clock.freeze(start);
  client = new DynamoDBClient({
    endpoint: sandbox.url,
    region: 'ap-northeast-1',
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    maxAttempts: 1,
  });
});
afterAll(async () => {
  client.destroy();
  await sandbox.close();
});

async function createActive(TableName: string, rcu = 1, wcu = 1, sortKey = false): Promise<string> {
  const r = await client.send(
    new CreateTableCommand({
      TableName,
      KeySchema: [
        { AttributeName: 'pk', KeyType: 'HASH' },
        ...(sortKey ? [{ AttributeName: 'sk', KeyType: 'RANGE' as const }] : []),
      ],
      AttributeDefinitions: [
        { AttributeName: 'pk', AttributeType: 'S' },
        ...(sortKey ? [{ AttributeName: 'sk', AttributeType: 'N' as const }] : []),
      ],
      ProvisionedThroughput: { ReadCapacityUnits: rcu, WriteCapacityUnits: wcu },
      Tags: [{ Key: 'lab', Value: '07' }],
    }),
  );
  expect(r.TableDescription?.TableStatus).toBe('CREATING');
  sandbox.clock.advance(5_000);
  return r.TableDescription?.TableArn as string;
}

describe('tables', () => {
  it('CREATING, then ACTIVE on the sandbox clock; items refused until then; listed, tagged, deleted', async () => {
    await client.send(
      new CreateTableCommand({
        TableName: 'lifecycle',
        KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
        AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
        BillingMode: 'PAY_PER_REQUEST',
      }),
    );
    await expect(
      client.send(new PutItemCommand({ TableName: 'lifecycle', Item: { pk: { S: 'a' } } })),
    ).rejects.toBeInstanceOf(ResourceNotFoundException);
    await expect(
      client.send(
        new CreateTableCommand({
          TableName: 'lifecycle',
          KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
          AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
          BillingMode: 'PAY_PER_REQUEST',
        }),
      ),
    ).rejects.toBeInstanceOf(ResourceInUseException);
    sandbox.clock.advance(5_000);
    const d = await client.send(new DescribeTableCommand({ TableName: 'lifecycle' }));
    expect(d.Table?.TableStatus).toBe('ACTIVE');
    expect(d.Table?.BillingModeSummary?.BillingMode).toBe('PAY_PER_REQUEST');
    expect(d.Table?.ProvisionedThroughput?.ReadCapacityUnits).toBe(0);
    expect(d.Table?.TableArn).toBe('arn:aws:dynamodb:ap-northeast-1:123456789012:table/lifecycle');
    expect((await client.send(new ListTablesCommand({}))).TableNames).toContain('lifecycle');
    await client.send(
      new TagResourceCommand({ ResourceArn: d.Table?.TableArn, Tags: [{ Key: 'k', Value: 'v' }] }),
    );
    const tags = await client.send(new ListTagsOfResourceCommand({ ResourceArn: d.Table?.TableArn }));
    expect(tags.Tags).toEqual([{ Key: 'k', Value: 'v' }]);
    const del = await client.send(new DeleteTableCommand({ TableName: 'lifecycle' }));
    expect(del.TableDescription?.TableStatus).toBe('DELETING');
    sandbox.clock.advance(5_000);
    await expect(client.send(new DescribeTableCommand({ TableName: 'lifecycle' }))).rejects.toThrow(
      'Requested resource not found: Table: lifecycle not found',
    );
  });

  it('UpdateTable changes the provisioned capacity and the billing mode', async () => {
    await createActive('update-me');
    const u = await client.send(
      new UpdateTableCommand({
        TableName: 'update-me',
        ProvisionedThroughput: { ReadCapacityUnits: 5, WriteCapacityUnits: 1 },
      }),
    );
    expect(u.TableDescription?.TableStatus).toBe('UPDATING');
    expect(u.TableDescription?.ProvisionedThroughput?.ReadCapacityUnits).toBe(5);
    sandbox.clock.advance(5_000);
    const p = await client.send(
      new UpdateTableCommand({ TableName: 'update-me', BillingMode: 'PAY_PER_REQUEST' }),
    );
    expect(p.TableDescription?.BillingModeSummary?.BillingMode).toBe('PAY_PER_REQUEST');
    sandbox.clock.advance(5_000);
  });
});

describe('items', () => {
  it('PutItem, GetItem with sizes and consumed capacity, Query with key conditions, Scan, BatchWriteItem', async () => {
    await createActive('items', 100, 100, true);
    for (let i = 1; i <= 5; i++)
      await client.send(
        new PutItemCommand({
          TableName: 'items',
          Item: {
            pk: { S: 'user#1' },
            sk: { N: String(i) },
            body: { S: 'x'.repeat(5000) },
            bin: { B: Buffer.from([1, 2, 3]) },
          },
        }),
      );
    const got = await client.send(
      new GetItemCommand({
        TableName: 'items',
        Key: { pk: { S: 'user#1' }, sk: { N: '2' } },
        ConsistentRead: true,
        ReturnConsumedCapacity: 'TOTAL',
      }),
    );
    expect(Buffer.from(got.Item?.bin?.B as Uint8Array)).toEqual(Buffer.from([1, 2, 3]));
    // pk 2+6, sk 2+2, body 4+5000, bin 3+3 = 5018 bytes: two 4 KB blocks, strongly consistent.
    expect(got.ConsumedCapacity?.CapacityUnits).toBe(2);
    const q = await client.send(
      new QueryCommand({
        TableName: 'items',
        KeyConditionExpression: '#p = :p AND sk BETWEEN :lo AND :hi',
        ExpressionAttributeNames: { '#p': 'pk' },
        ExpressionAttributeValues: { ':p': { S: 'user#1' }, ':lo': { N: '2' }, ':hi': { N: '4' } },
        ScanIndexForward: false,
        ReturnConsumedCapacity: 'TOTAL',
      }),
    );
    expect(q.Items?.map((i) => i.sk?.N)).toEqual(['4', '3', '2']);
    // three items of 5018 bytes = 15054 bytes: four 4 KB blocks, eventually consistent: 2 units.
    expect(q.ConsumedCapacity?.CapacityUnits).toBe(2);
    const page = await client.send(
      new QueryCommand({
        TableName: 'items',
        KeyConditionExpression: 'pk = :p AND sk > :s',
        ExpressionAttributeValues: { ':p': { S: 'user#1' }, ':s': { N: '1' } },
        Limit: 2,
      }),
    );
    expect(page.Items?.map((i) => i.sk?.N)).toEqual(['2', '3']);
    expect(page.LastEvaluatedKey).toEqual({ pk: { S: 'user#1' }, sk: { N: '3' } });
    await expect(
      client.send(
        new QueryCommand({
          TableName: 'items',
          KeyConditionExpression: 'sk = :s',
          ExpressionAttributeValues: { ':s': { N: '1' } },
        }),
      ),
    ).rejects.toThrow('Query condition missed key schema element: pk');
    const batch = await client.send(
      new BatchWriteItemCommand({
        RequestItems: {
          items: [
            { PutRequest: { Item: { pk: { S: 'user#2' }, sk: { N: '1' } } } },
            { DeleteRequest: { Key: { pk: { S: 'user#1' }, sk: { N: '5' } } } },
          ],
        },
      }),
    );
    expect(batch.UnprocessedItems).toEqual({});
    const scan = await client.send(new ScanCommand({ TableName: 'items', Select: 'COUNT' }));
    expect(scan.Count).toBe(5);
    await expect(
      client.send(
        new PutItemCommand({
          TableName: 'items',
          Item: { pk: { S: 'user#2' }, sk: { N: '1' } },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      ),
    ).rejects.toBeInstanceOf(ConditionalCheckFailedException);
    await expect(
      client.send(new PutItemCommand({ TableName: 'items', Item: { pk: { N: '1' }, sk: { N: '1' } } })),
    ).rejects.toThrow(
      'One or more parameter values were invalid: Type mismatch for key pk expected: S actual: N',
    );
  });

  it('a 1-RCU table throttles reads with AWS message once its 300 s of burst are spent, and recovers', async () => {
    await createActive('throttled', 1, 1);
    // pk 2+1, body 4+100000 = 100007 bytes: 25 blocks of 4 KB, 25 units per strongly consistent read.
    await client.send(
      new PutItemCommand({
        TableName: 'throttled',
        Item: { pk: { S: 'k' }, body: { S: 'x'.repeat(100_000) } },
      }),
    );
    const get = () =>
      client.send(
        new GetItemCommand({ TableName: 'throttled', Key: { pk: { S: 'k' } }, ConsistentRead: true }),
      );
    // A full bucket holds 300 s x 1 unit: twelve reads of 25 units.
    for (let i = 0; i < 12; i++) await get();
    const err = await get().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ProvisionedThroughputExceededException);
    expect((err as Error).message).toBe(
      'The level of configured provisioned throughput for the table was exceeded. Consider increasing your provisioning level with the UpdateTable API.',
    );
    sandbox.clock.advance(24_000);
    await expect(get()).rejects.toBeInstanceOf(ProvisionedThroughputExceededException);
    sandbox.clock.advance(1_000);
    await get();
    await expect(get()).rejects.toBeInstanceOf(ProvisionedThroughputExceededException);
  });
});
