import { CloudTrailClient, LookupEventsCommand } from '@aws-sdk/client-cloudtrail';
import { CreateTableCommand, DynamoDBClient, GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningSandbox, startSandbox } from '../../index';
import cloudtrail from '../cloudtrail/index';
import dynamodb from './index';

/* CloudTrail's event history has DynamoDB's management events (tables), not its data events (items). */

let sandbox: RunningSandbox;
const config = () => ({
  endpoint: sandbox.url,
  region: 'ap-northeast-1',
  credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
});

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, discover: false, services: [dynamodb, cloudtrail], seed: 9 });
});
afterAll(async () => {
  await sandbox.close();
});

describe('DynamoDB in CloudTrail', () => {
  it('records CreateTable with the table as its resource, and no item operation', async () => {
    const ddb = new DynamoDBClient(config());
    await ddb.send(
      new CreateTableCommand({
        TableName: 'audited',
        KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
        AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
        BillingMode: 'PAY_PER_REQUEST',
      }),
    );
    sandbox.clock.advance(5_000);
    await ddb.send(new PutItemCommand({ TableName: 'audited', Item: { pk: { S: 'a' } } }));
    await ddb.send(new GetItemCommand({ TableName: 'audited', Key: { pk: { S: 'a' } } }));
    const ct = new CloudTrailClient(config());
    const events = await ct.send(
      new LookupEventsCommand({
        LookupAttributes: [{ AttributeKey: 'EventSource', AttributeValue: 'dynamodb.amazonaws.com' }],
      }),
    );
    expect(events.Events?.map((e) => e.EventName)).toEqual(['CreateTable']);
    expect(events.Events?.[0]?.Resources).toEqual([
      { ResourceType: 'AWS::DynamoDB::Table', ResourceName: 'audited' },
    ]);
    ddb.destroy();
    ct.destroy();
  });
});
