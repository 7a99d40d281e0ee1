import {
  DescribeAccountHealthCommand,
  DescribeInsightCommand,
  DevOpsGuruClient,
  GetResourceCollectionCommand,
  ListAnomaliesForInsightCommand,
  ListInsightsCommand,
  ListRecommendationsCommand,
  ResourceNotFoundException,
  UpdateResourceCollectionCommand,
} from '@aws-sdk/client-devops-guru';
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
import cloudwatch from '../cloudwatch/index';
import dynamodb from '../dynamodb/index';
import guru from './index';

/*
 * The blog's hands-on through SDK v3 (restJson1 for DevOps Guru) on the sandbox clock: coverage for the
 * account, a table with read capacity 1, two quiet learning hours, then four parallel readers until the
 * reads throttle; a reactive insight opens, names the table, its anomalies and the recommendations, and
 * closes once the readers stop.
 */

let sandbox: RunningSandbox;
let ddb: DynamoDBClient;
let dg: DevOpsGuruClient;
const region = 'ap-northeast-1';
const credentials = { accessKeyId: 'test', secretAccessKey: 'test' };
const t0 = new Date('2021-06-19T05:00:00Z');
const MINUTE = 60_000;

beforeAll(async () => {
  sandbox = await startSandbox({
    port: 0,
    discover: false,
    services: [dynamodb, cloudwatch, guru],
    seed: 1488,
  });
  sandbox.clock.freeze(t0);
  ddb = new DynamoDBClient({ endpoint: sandbox.url, region, credentials, maxAttempts: 1 });
  dg = new DevOpsGuruClient({ endpoint: sandbox.url, region, credentials });
});
afterAll(async () => {
  ddb.destroy();
  dg.destroy();
  await sandbox.close();
});

/** Four readers, each one strongly consistent read of a 40 KB item (10 units) every 10 s, for `ms`. */
async function load(ms: number): Promise<{ ok: number; throttled: number; firstThrottle?: number }> {
  const out: { ok: number; throttled: number; firstThrottle?: number } = { ok: 0, throttled: 0 };
  for (let t = 0; t < ms; t += 10_000) {
    const results = await Promise.allSettled(
      Array.from({ length: 4 }, () =>
        ddb.send(
          new GetItemCommand({
            TableName: 'devops-guru-sample',
            Key: { pk: { S: 'k' } },
            ConsistentRead: true,
          }),
        ),
      ),
    );
    for (const r of results) {
      if (r.status === 'fulfilled') out.ok++;
      else if (r.reason instanceof ProvisionedThroughputExceededException) {
        out.throttled++;
        out.firstThrottle ??= sandbox.clock.now().getTime();
      } else throw r.reason;
    }
    sandbox.clock.advance(10_000);
  }
  return out;
}

describe('DevOps Guru on a throttled DynamoDB table', () => {
  it('coverage, learning, load, insight, recommendations, recovery', async () => {
    await dg.send(
      new UpdateResourceCollectionCommand({
        Action: 'ADD',
        ResourceCollection: { CloudFormation: { StackNames: ['*'] } },
      }),
    );
    const rc = await dg.send(
      new GetResourceCollectionCommand({ ResourceCollectionType: 'AWS_CLOUD_FORMATION' }),
    );
    expect(rc.ResourceCollection?.CloudFormation?.StackNames).toEqual(['*']);
    await ddb.send(
      new CreateTableCommand({
        TableName: 'devops-guru-sample',
        KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
        AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
        ProvisionedThroughput: { ReadCapacityUnits: 1, WriteCapacityUnits: 1 },
      }),
    );
    sandbox.clock.advance(10_000);
    await ddb.send(
      new PutItemCommand({
        TableName: 'devops-guru-sample',
        Item: { pk: { S: 'k' }, v: { S: 'x'.repeat(39_990) } },
      }),
    );
    // Load during learning would become the baseline: wait out the two hours first.
    sandbox.clock.advance(2 * 60 * MINUTE);
    const ongoing = () =>
      dg.send(new ListInsightsCommand({ StatusFilter: { Ongoing: { Type: 'REACTIVE' } } }));
    expect((await ongoing()).ReactiveInsights).toEqual([]);

    // The burst bucket (300 units) lasts about 100 s; after 4 minutes there are fewer than five
    // throttled minutes, so nothing is open yet.
    const first = await load(4 * MINUTE);
    expect(first.throttled).toBeGreaterThan(0);
    expect((await ongoing()).ReactiveInsights).toEqual([]);
    const run = await load(8 * MINUTE);
    expect(run.throttled).toBeGreaterThan(100);
    const list = await ongoing();
    expect(list.ReactiveInsights).toHaveLength(1);
    const summary = list.ReactiveInsights?.[0];
    expect(summary?.Status).toBe('ONGOING');
    // About 24 throttles a minute on a baseline of 0 (MAD 0, scale 1): z = 24, MEDIUM (HIGH from 35).
    expect(summary?.Severity).toBe('MEDIUM');
    expect(summary?.ServiceCollection?.ServiceNames).toEqual(['DYNAMO_DB']);
    expect(summary?.AssociatedResourceArns).toEqual([
      'arn:aws:dynamodb:ap-northeast-1:123456789012:table/devops-guru-sample',
    ]);
    const throttleMinute = Math.floor((first.firstThrottle as number) / MINUTE) * MINUTE;
    expect(summary?.InsightTimeRange?.StartTime?.getTime()).toBe(throttleMinute);
    const d = await dg.send(new DescribeInsightCommand({ Id: summary?.Id }));
    expect(d.ReactiveInsight?.Name).toBe('DynamoDB read throttling on table devops-guru-sample');
    const anomalies = await dg.send(new ListAnomaliesForInsightCommand({ InsightId: summary?.Id }));
    const metrics = anomalies.ReactiveAnomalies?.map((a) => [
      a.SourceDetails?.CloudWatchMetrics?.[0]?.MetricName,
      a.Type,
    ]);
    expect(metrics).toEqual(
      expect.arrayContaining([
        ['ReadThrottleEvents', 'CAUSAL'],
        ['ThrottledRequests', 'CONTEXTUAL'],
      ]),
    );
    // Reported once five complete minutes were anomalous: the blog saw its insight after 5 to 10 minutes.
    const reported = anomalies.ReactiveAnomalies?.[0]?.AnomalyReportedTimeRange?.OpenTime?.getTime() ?? 0;
    expect(reported - throttleMinute).toBe(5 * MINUTE);
    const graph = anomalies.ReactiveAnomalies?.[0]?.SourceDetails?.CloudWatchMetrics?.[0]?.MetricDataSummary;
    expect(graph?.TimestampMetricValuePairList?.some((p) => (p.MetricValue ?? 0) > 0)).toBe(true);
    const recs = await dg.send(new ListRecommendationsCommand({ InsightId: summary?.Id }));
    expect(recs.Recommendations?.map((r) => r.Link)).toEqual([
      'https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/on-demand-capacity-mode.html',
      'https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/provisioned-capacity-mode.html',
      'https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/AutoScaling.html',
      'https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Programming.Errors.html#Programming.Errors.RetryAndBackoff',
    ]);
    const health = await dg.send(new DescribeAccountHealthCommand({}));
    expect(health).toMatchObject({
      OpenReactiveInsights: 1,
      OpenProactiveInsights: 0,
      AnalyzedResourceCount: 1,
    });

    // The readers stop: ten quiet minutes close the anomalies and the insight.
    sandbox.clock.advance(12 * MINUTE);
    expect((await ongoing()).ReactiveInsights).toEqual([]);
    const closed = await dg.send(
      new ListInsightsCommand({
        StatusFilter: { Closed: { Type: 'REACTIVE', EndTimeRange: { FromTime: t0 } } },
      }),
    );
    expect(closed.ReactiveInsights?.map((i) => i.Status)).toEqual(['CLOSED']);
    await expect(dg.send(new DescribeInsightCommand({ Id: 'ADnope' }))).rejects.toBeInstanceOf(
      ResourceNotFoundException,
    );
  });

  it('the AWS CLI 2.9 reads coverage and insights (restJson1)', async () => {
    const env = sandboxCliEnv({ AWS_DEFAULT_REGION: region });
    const cli = (...args: string[]) =>
      awsCli(['--endpoint-url', sandbox.url, 'devops-guru', ...args], { env });
    const rc = await cli('get-resource-collection', '--resource-collection-type', 'AWS_CLOUD_FORMATION');
    expect(rc.stderr).toBe('');
    expect(JSON.parse(rc.stdout)).toEqual({ ResourceCollection: { CloudFormation: { StackNames: ['*'] } } });
    const list = await cli(
      'list-insights',
      '--status-filter',
      '{"Any":{"Type":"REACTIVE","StartTimeRange":{"FromTime":"2021-06-19T00:00:00Z"}}}',
    );
    expect(JSON.parse(list.stdout).ReactiveInsights).toHaveLength(1);
    const off = await cli(
      'update-resource-collection',
      '--action',
      'REMOVE',
      '--resource-collection',
      '{"CloudFormation":{"StackNames":["*"]}}',
    );
    expect(off.code).toBe(0);
    const health = await cli('describe-account-health');
    expect(JSON.parse(health.stdout)).toMatchObject({ OpenReactiveInsights: 0, AnalyzedResourceCount: 0 });
    const bad = await cli('describe-insight', '--id', 'ADnope');
    expect(bad.code).toBe(254);
    expect(bad.stderr).toContain('ResourceNotFoundException');
  });
});
