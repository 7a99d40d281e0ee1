import {
  CloudFormationClient,
  CreateStackCommand,
  DeleteStackCommand,
  DescribeStacksCommand,
} from '@aws-sdk/client-cloudformation';
import {
  DescribeAccountHealthCommand,
  DevOpsGuruClient,
  UpdateResourceCollectionCommand,
} from '@aws-sdk/client-devops-guru';
import { DescribeTableCommand, DynamoDBClient, ListTagsOfResourceCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningSandbox, startSandbox } from '../../index';

/*
 * Stack-scoped coverage: a table CloudFormation made (AWS::DynamoDB::Table, tagged with its stack as
 * CloudFormation tags what it creates) is analysed when its stack is covered, and not for another stack.
 */

let sandbox: RunningSandbox;
const config = () => ({
  endpoint: sandbox.url,
  region: 'ap-northeast-1',
  credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
});
const TEMPLATE = JSON.stringify({
  Resources: {
    Table: {
      Type: 'AWS::DynamoDB::Table',
      Properties: {
        KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
        AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
        ProvisionedThroughput: { ReadCapacityUnits: 1, WriteCapacityUnits: 1 },
      },
    },
  },
  Outputs: { Name: { Value: { Ref: 'Table' } }, Arn: { Value: { 'Fn::GetAtt': ['Table', 'Arn'] } } },
});

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, seed: 1597 });
});
afterAll(async () => {
  await sandbox.close();
});

describe('DevOps Guru coverage by CloudFormation stack', () => {
  it('covers the tables of the named stack only', async () => {
    const cfn = new CloudFormationClient(config());
    const ddb = new DynamoDBClient(config());
    const dg = new DevOpsGuruClient(config());
    await cfn.send(new CreateStackCommand({ StackName: 'guru-app', TemplateBody: TEMPLATE }));
    let outputs: Record<string, string> = {};
    for (let i = 0; i < 30 && !outputs.Name; i++) {
      sandbox.clock.advance(5_000);
      const stack = (await cfn.send(new DescribeStacksCommand({ StackName: 'guru-app' }))).Stacks?.[0];
      if (stack?.StackStatus === 'CREATE_COMPLETE')
        outputs = Object.fromEntries((stack.Outputs ?? []).map((o) => [o.OutputKey, o.OutputValue]));
    }
    expect(outputs.Name).toMatch(/^guru-app-Table-[A-Z0-9]{12}$/);
    expect(outputs.Arn).toBe(`arn:aws:dynamodb:ap-northeast-1:123456789012:table/${outputs.Name}`);
    const d = await ddb.send(new DescribeTableCommand({ TableName: outputs.Name }));
    expect(d.Table?.ProvisionedThroughput?.ReadCapacityUnits).toBe(1);
    const tags = await ddb.send(new ListTagsOfResourceCommand({ ResourceArn: outputs.Arn }));
    expect(tags.Tags).toContainEqual({ Key: 'aws:cloudformation:stack-name', Value: 'guru-app' });

    const cover = (Action: 'ADD' | 'REMOVE', StackNames: string[]) =>
      dg.send(
        new UpdateResourceCollectionCommand({
          Action,
          ResourceCollection: { CloudFormation: { StackNames } },
        }),
      );
    const analysed = async () => (await dg.send(new DescribeAccountHealthCommand({}))).AnalyzedResourceCount;
    await cover('ADD', ['other-stack']);
    expect(await analysed()).toBe(0);
    await cover('ADD', ['guru-app']);
    expect(await analysed()).toBe(1);
    await cover('REMOVE', ['guru-app', 'other-stack']);
    expect(await analysed()).toBe(0);

    await cfn.send(new DeleteStackCommand({ StackName: 'guru-app' }));
    for (let i = 0; i < 10; i++) sandbox.clock.advance(5_000);
    await cfn.send(new DescribeStacksCommand({ StackName: 'guru-app' })).catch(() => undefined);
    sandbox.clock.advance(10_000);
    await expect(ddb.send(new DescribeTableCommand({ TableName: outputs.Name }))).rejects.toThrow(
      'not found',
    );
    for (const c of [cfn, ddb, dg]) c.destroy();
  });
});
