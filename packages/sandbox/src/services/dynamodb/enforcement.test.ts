import { CloudWatchClient, GetMetricDataCommand, ListMetricsCommand } from '@aws-sdk/client-cloudwatch';
import { DevOpsGuruClient, ListInsightsCommand } from '@aws-sdk/client-devops-guru';
import { CreateTableCommand, DynamoDBClient, GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { CreateAccessKeyCommand, CreateUserCommand, PutUserPolicyCommand } from '@aws-sdk/client-iam';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ADMIN,
  iamClient,
  type Keys,
  REGION,
  sdkError,
  startTestSandbox,
  type TestSandbox,
} from '../iam/__fixtures__/sandbox';

/*
 * IAM policies decide DynamoDB (dynamodb:<Operation> on the table ARN), CloudWatch (signing name
 * monitoring, actions cloudwatch:<Operation>) and DevOps Guru (devops-guru:<Operation>) requests from an
 * IAM user's keys, with each service's denial error.
 */

let sb: TestSandbox;
let keys: Keys;
const TABLE_ARN = 'arn:aws:dynamodb:ap-northeast-1:123456789012:table/guarded';
const config = (credentials: Keys) => ({ endpoint: sb.url, region: REGION, credentials, maxAttempts: 1 });

beforeAll(async () => {
  sb = await startTestSandbox('dynamodb-enforcement');
  const iam = iamClient(sb.url);
  await iam.send(new CreateUserCommand({ UserName: 'reader' }));
  const k = await iam.send(new CreateAccessKeyCommand({ UserName: 'reader' }));
  keys = {
    accessKeyId: k.AccessKey?.AccessKeyId as string,
    secretAccessKey: k.AccessKey?.SecretAccessKey as string,
  };
  await iam.send(
    new PutUserPolicyCommand({
      UserName: 'reader',
      PolicyName: 'read-one-table',
      PolicyDocument: JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          { Effect: 'Allow', Action: 'dynamodb:GetItem', Resource: TABLE_ARN },
          { Effect: 'Allow', Action: 'cloudwatch:GetMetricData', Resource: '*' },
        ],
      }),
    }),
  );
  iam.destroy();
  const admin = new DynamoDBClient(config(ADMIN));
  await admin.send(
    new CreateTableCommand({
      TableName: 'guarded',
      KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
      AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
      BillingMode: 'PAY_PER_REQUEST',
    }),
  );
  sb.sandbox.clock.advance(10_000);
  admin.destroy();
});
afterAll(async () => {
  await sb.close();
});

describe('IAM enforcement', () => {
  it('allows what the policy names and denies the rest with each service’s error', async () => {
    const ddb = new DynamoDBClient(config(keys));
    const cw = new CloudWatchClient(config(keys));
    const dg = new DevOpsGuruClient(config(keys));
    expect(
      (await ddb.send(new GetItemCommand({ TableName: 'guarded', Key: { pk: { S: 'a' } } }))).Item,
    ).toBeUndefined();
    const put = await sdkError(
      ddb.send(new PutItemCommand({ TableName: 'guarded', Item: { pk: { S: 'a' } } })),
    );
    expect(put).toEqual({
      name: 'AccessDeniedException',
      message: `User: arn:aws:iam::123456789012:user/reader is not authorized to perform: dynamodb:PutItem on resource: ${TABLE_ARN} because no identity-based policy allows the dynamodb:PutItem action`,
      status: 403,
    });
    const now = new Date();
    const data = await cw.send(
      new GetMetricDataCommand({
        StartTime: new Date(now.getTime() - 3_600_000),
        EndTime: now,
        MetricDataQueries: [
          {
            Id: 'r',
            MetricStat: {
              Metric: { Namespace: 'AWS/DynamoDB', MetricName: 'ConsumedReadCapacityUnits' },
              Period: 60,
              Stat: 'Sum',
            },
          },
        ],
      }),
    );
    expect(data.MetricDataResults?.[0]?.StatusCode).toBe('Complete');
    const list = await sdkError(cw.send(new ListMetricsCommand({})));
    expect(list.name).toBe('AccessDenied');
    expect(list.message).toContain('cloudwatch:ListMetrics');
    const insights = await sdkError(
      dg.send(new ListInsightsCommand({ StatusFilter: { Ongoing: { Type: 'REACTIVE' } } })),
    );
    expect(insights.name).toBe('AccessDeniedException');
    expect(insights.message).toContain('devops-guru:ListInsights');
    for (const c of [ddb, cw, dg]) c.destroy();
  });
});
