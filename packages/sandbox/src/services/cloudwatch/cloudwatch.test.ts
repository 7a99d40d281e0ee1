import {
  CloudWatchClient,
  GetMetricDataCommand,
  GetMetricStatisticsCommand,
  InvalidParameterValueException,
  ListMetricsCommand,
} from '@aws-sdk/client-cloudwatch';
import {
  CreateTableCommand,
  DynamoDBClient,
  GetItemCommand,
  ProvisionedThroughputExceededException,
  PutItemCommand,
} from '@aws-sdk/client-dynamodb';
import { awsCli, sandboxCliEnv } from '@handson/test-support';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningSandbox, startSandbox } from '../../index';
import dynamodb from '../dynamodb/index';
import cloudwatch from './index';

/*
 * CloudWatch metrics of what DynamoDB actually did: a 1-RCU table read until it throttles, then the
 * per-minute sums read back with SDK v3 (AWS JSON 1.0) and with the AWS CLI 2.9 (awsQuery).
 */

let sandbox: RunningSandbox;
let ddb: DynamoDBClient;
let cw: CloudWatchClient;
const credentials = { accessKeyId: 'test', secretAccessKey: 'test' };
const region = 'ap-northeast-1';
const t0 = new Date('2021-06-19T06:00:00Z');
const dims = [{ Name: 'TableName', Value: 'metrics' }];
let successes = 0;
let throttles = 0;

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, discover: false, services: [dynamodb, cloudwatch], seed: 7 });
  sandbox.clock.freeze(t0);
  ddb = new DynamoDBClient({ endpoint: sandbox.url, region, credentials, maxAttempts: 1 });
  cw = new CloudWatchClient({ endpoint: sandbox.url, region, credentials });
  await ddb.send(
    new CreateTableCommand({
      TableName: 'metrics',
      KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
      AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
      ProvisionedThroughput: { ReadCapacityUnits: 1, WriteCapacityUnits: 1 },
    }),
  );
  sandbox.clock.advance(10_000);
  // 40 000 bytes: 10 blocks of 4 KB, 10 units a strongly consistent read; 30 reads empty the burst bucket.
  await ddb.send(
    new PutItemCommand({ TableName: 'metrics', Item: { pk: { S: 'k' }, v: { S: 'x'.repeat(39_995) } } }),
  );
  sandbox.clock.set(new Date('2021-06-19T06:01:00Z'));
  for (let i = 0; i < 40; i++) {
    try {
      await ddb.send(
        new GetItemCommand({ TableName: 'metrics', Key: { pk: { S: 'k' } }, ConsistentRead: true }),
      );
      successes++;
    } catch (err) {
      if (!(err instanceof ProvisionedThroughputExceededException)) throw err;
      throttles++;
    }
  }
  sandbox.clock.set(new Date('2021-06-19T06:05:00Z'));
});
afterAll(async () => {
  ddb.destroy();
  cw.destroy();
  await sandbox.close();
});

describe('AWS/DynamoDB metrics from the requests', () => {
  it('GetMetricData sums consumed units and throttle events per minute', async () => {
    expect(successes).toBe(30);
    expect(throttles).toBe(10);
    const stat = (id: string, MetricName: string, Dimensions = dims, Stat = 'Sum') => ({
      Id: id,
      MetricStat: { Metric: { Namespace: 'AWS/DynamoDB', MetricName, Dimensions }, Period: 60, Stat },
    });
    const r = await cw.send(
      new GetMetricDataCommand({
        StartTime: new Date('2021-06-19T06:00:00Z'),
        EndTime: new Date('2021-06-19T06:05:00Z'),
        ScanBy: 'TimestampAscending',
        MetricDataQueries: [
          stat('rcu', 'ConsumedReadCapacityUnits'),
          stat('thr', 'ReadThrottleEvents'),
          stat('req', 'ThrottledRequests', [...dims, { Name: 'Operation', Value: 'GetItem' }]),
          stat(
            'lat',
            'SuccessfulRequestLatency',
            [...dims, { Name: 'Operation', Value: 'GetItem' }],
            'SampleCount',
          ),
          stat('wcu', 'ConsumedWriteCapacityUnits'),
          stat('prov', 'ProvisionedReadCapacityUnits', dims, 'Maximum'),
        ],
      }),
    );
    const byId = Object.fromEntries((r.MetricDataResults ?? []).map((m) => [m.Id, m]));
    const minute1 = new Date('2021-06-19T06:01:00Z');
    expect(byId.rcu?.Timestamps).toEqual([minute1]);
    expect(byId.rcu?.Values).toEqual([300]);
    expect(byId.thr?.Values).toEqual([10]);
    expect(byId.req?.Values).toEqual([10]);
    expect(byId.lat?.Values).toEqual([30]);
    // 40 000-byte item: 2 + 1 + 1 + 39 995 = 39 999 bytes, 40 write units, in minute 0.
    expect(byId.wcu?.Values).toEqual([40]);
    expect(byId.prov?.Values).toEqual([1, 1]);
    expect(byId.rcu?.StatusCode).toBe('Complete');
  });

  it('ListMetrics and GetMetricStatistics', async () => {
    const list = await cw.send(
      new ListMetricsCommand({ Namespace: 'AWS/DynamoDB', Dimensions: [{ Name: 'Operation' }] }),
    );
    const named = (list.Metrics ?? []).map(
      (m) => `${m.MetricName} ${m.Dimensions?.find((d) => d.Name === 'Operation')?.Value}`,
    );
    expect(named.sort()).toEqual([
      'SuccessfulRequestLatency GetItem',
      'SuccessfulRequestLatency PutItem',
      'ThrottledRequests GetItem',
    ]);
    const s = await cw.send(
      new GetMetricStatisticsCommand({
        Namespace: 'AWS/DynamoDB',
        MetricName: 'ConsumedReadCapacityUnits',
        Dimensions: dims,
        StartTime: t0,
        EndTime: new Date('2021-06-19T07:00:00Z'),
        Period: 3600,
        Statistics: ['Sum', 'SampleCount', 'Average'],
      }),
    );
    expect(s.Datapoints).toEqual([{ Timestamp: t0, Sum: 300, SampleCount: 30, Average: 10, Unit: 'Count' }]);
    await expect(
      cw.send(
        new GetMetricStatisticsCommand({
          Namespace: 'AWS/DynamoDB',
          MetricName: 'ConsumedReadCapacityUnits',
          StartTime: t0,
          EndTime: new Date('2021-06-19T07:00:00Z'),
          Period: 90,
          Statistics: ['Sum'],
        }),
      ),
    ).rejects.toBeInstanceOf(InvalidParameterValueException);
  });

  it('the AWS CLI 2.9 (awsQuery) reads the same numbers', async () => {
    const env = sandboxCliEnv({ AWS_DEFAULT_REGION: region });
    const run = await awsCli(
      [
        '--endpoint-url',
        sandbox.url,
        'cloudwatch',
        'get-metric-data',
        '--start-time',
        '2021-06-19T06:00:00Z',
        '--end-time',
        '2021-06-19T06:05:00Z',
        '--metric-data-queries',
        JSON.stringify([
          {
            Id: 'thr',
            MetricStat: {
              Metric: { Namespace: 'AWS/DynamoDB', MetricName: 'ReadThrottleEvents', Dimensions: dims },
              Period: 60,
              Stat: 'Sum',
            },
          },
        ]),
      ],
      { env },
    );
    expect(run.stderr).toBe('');
    const out = JSON.parse(run.stdout);
    expect(out.MetricDataResults[0]).toMatchObject({
      Id: 'thr',
      Timestamps: ['2021-06-19T06:01:00+00:00'],
      Values: [10],
      StatusCode: 'Complete',
    });
    const list = await awsCli(
      [
        '--endpoint-url',
        sandbox.url,
        'cloudwatch',
        'list-metrics',
        '--namespace',
        'AWS/DynamoDB',
        '--metric-name',
        'ReadThrottleEvents',
      ],
      { env },
    );
    expect(JSON.parse(list.stdout).Metrics).toEqual([
      { Namespace: 'AWS/DynamoDB', MetricName: 'ReadThrottleEvents', Dimensions: dims },
    ]);
  });
});
