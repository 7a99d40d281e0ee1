import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CloudWatchClient, ListMetricsCommand } from '@aws-sdk/client-cloudwatch';
import {
  DevOpsGuruClient,
  GetResourceCollectionCommand,
  UpdateResourceCollectionCommand,
} from '@aws-sdk/client-devops-guru';
import { CreateTableCommand, DynamoDBClient, GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, describe, expect, it } from 'vitest';
import { startSandbox } from '../../index';
import cloudwatch from '../cloudwatch/index';
import guru from '../devops-guru/index';
import dynamodb from './index';

/* Tables, items (binaries included), metrics and coverage survive a restart on the same data directory. */

const dir = mkdtempSync(join(tmpdir(), 'dynamodb-persist-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const options = { port: 0, dataDir: dir, discover: false, services: [dynamodb, cloudwatch, guru], seed: 3 };
const config = (url: string) => ({
  endpoint: url,
  region: 'ap-northeast-1',
  credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
});

describe('persistence', () => {
  it('a restarted sandbox serves the same table, item, metrics and coverage', async () => {
    const first = await startSandbox(options);
    first.clock.freeze(new Date('2021-06-19T06:00:00Z'));
    const ddb = new DynamoDBClient(config(first.url));
    await ddb.send(
      new CreateTableCommand({
        TableName: 'kept',
        KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
        AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'B' }],
        BillingMode: 'PAY_PER_REQUEST',
      }),
    );
    first.clock.advance(5_000);
    const key = { pk: { B: Buffer.from([0, 255, 7]) } };
    await ddb.send(
      new PutItemCommand({
        TableName: 'kept',
        Item: { ...key, bs: { BS: [Buffer.from('a'), Buffer.from('b')] } },
      }),
    );
    const dg = new DevOpsGuruClient(config(first.url));
    await dg.send(
      new UpdateResourceCollectionCommand({
        Action: 'ADD',
        ResourceCollection: { CloudFormation: { StackNames: ['*'] } },
      }),
    );
    ddb.destroy();
    dg.destroy();
    await first.close();

    const second = await startSandbox(options);
    const ddb2 = new DynamoDBClient(config(second.url));
    const got = await ddb2.send(new GetItemCommand({ TableName: 'kept', Key: key }));
    expect(Buffer.from(got.Item?.pk?.B as Uint8Array)).toEqual(Buffer.from([0, 255, 7]));
    expect((got.Item?.bs?.BS ?? []).map((b) => Buffer.from(b).toString())).toEqual(['a', 'b']);
    const cw = new CloudWatchClient(config(second.url));
    const metrics = await cw.send(
      new ListMetricsCommand({ Namespace: 'AWS/DynamoDB', MetricName: 'ConsumedWriteCapacityUnits' }),
    );
    expect(metrics.Metrics).toHaveLength(1);
    const dg2 = new DevOpsGuruClient(config(second.url));
    const rc = await dg2.send(
      new GetResourceCollectionCommand({ ResourceCollectionType: 'AWS_CLOUD_FORMATION' }),
    );
    expect(rc.ResourceCollection?.CloudFormation?.StackNames).toEqual(['*']);
    for (const c of [ddb2, cw, dg2]) c.destroy();
    await second.close();
  });
});
