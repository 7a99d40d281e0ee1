import { awsCli, sandboxCliEnv } from '@handson/test-support';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningSandbox, startSandbox } from '../../index';
import dynamodb from './index';

/* DynamoDB through Debian's AWS CLI 2.9 (AWS JSON 1.0), as a lab transcript would run it. */

let sandbox: RunningSandbox;
const env = sandboxCliEnv({ AWS_MAX_ATTEMPTS: '1' });
const ddb = async (...args: string[]) => {
  const run = await awsCli(['--endpoint-url', sandbox.url, 'dynamodb', ...args], { env });
  return { ...run, json: run.stdout.trim() ? JSON.parse(run.stdout) : undefined };
};

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, discover: false, services: [dynamodb], seed: 1550 });
  sandbox.clock.freeze(new Date('2021-06-19T06:00:00Z'));
});
afterAll(async () => {
  await sandbox.close();
});

describe('aws dynamodb', () => {
  it('create-table, wait, put-item, get-item, query, scan, tags, update-table, delete-table', async () => {
    const created = await ddb(
      'create-table',
      '--table-name',
      'devops-guru-handson',
      '--attribute-definitions',
      'AttributeName=id,AttributeType=S',
      '--key-schema',
      'AttributeName=id,KeyType=HASH',
      '--provisioned-throughput',
      'ReadCapacityUnits=1,WriteCapacityUnits=1',
      '--tags',
      'Key=lab,Value=07',
    );
    expect(created.stderr).toBe('');
    expect(created.json.TableDescription).toMatchObject({
      TableName: 'devops-guru-handson',
      TableStatus: 'CREATING',
      ProvisionedThroughput: { ReadCapacityUnits: 1, WriteCapacityUnits: 1, NumberOfDecreasesToday: 0 },
    });
    sandbox.clock.advance(5_000);
    expect((await ddb('wait', 'table-exists', '--table-name', 'devops-guru-handson')).code).toBe(0);
    const put = await ddb(
      'put-item',
      '--table-name',
      'devops-guru-handson',
      '--item',
      '{"id":{"S":"1"},"n":{"N":"42"}}',
    );
    expect(put.code).toBe(0);
    const got = await ddb(
      'get-item',
      '--table-name',
      'devops-guru-handson',
      '--key',
      '{"id":{"S":"1"}}',
      '--return-consumed-capacity',
      'TOTAL',
    );
    expect(got.json).toEqual({
      Item: { id: { S: '1' }, n: { N: '42' } },
      ConsumedCapacity: { TableName: 'devops-guru-handson', CapacityUnits: 0.5 },
    });
    const q = await ddb(
      'query',
      '--table-name',
      'devops-guru-handson',
      '--key-condition-expression',
      'id = :id',
      '--expression-attribute-values',
      '{":id":{"S":"1"}}',
    );
    expect(q.json).toMatchObject({ Count: 1, ScannedCount: 1 });
    const counted = await ddb('scan', '--table-name', 'devops-guru-handson', '--select', 'COUNT');
    // The CLI's paginator prints ConsumedCapacity as null when the answer has none, as against AWS.
    expect(counted.json).toEqual({ Count: 1, ScannedCount: 1, ConsumedCapacity: null });
    const arn = created.json.TableDescription.TableArn;
    expect((await ddb('list-tags-of-resource', '--resource-arn', arn)).json).toEqual({
      Tags: [{ Key: 'lab', Value: '07' }],
    });
    const update = await ddb(
      'update-table',
      '--table-name',
      'devops-guru-handson',
      '--billing-mode',
      'PAY_PER_REQUEST',
    );
    expect(update.json.TableDescription.BillingModeSummary.BillingMode).toBe('PAY_PER_REQUEST');
    sandbox.clock.advance(5_000);
    const deleted = await ddb('delete-table', '--table-name', 'devops-guru-handson');
    expect(deleted.json.TableDescription.TableStatus).toBe('DELETING');
    const missing = await ddb('describe-table', '--table-name', 'no-such-table');
    expect(missing.code).toBe(254);
    expect(missing.stderr.trim()).toBe(
      'An error occurred (ResourceNotFoundException) when calling the DescribeTable operation (reached max retries: 0): Requested resource not found: Table: no-such-table not found',
    );
  });

  it('a throttled read prints AWS’s error', async () => {
    await ddb(
      'create-table',
      '--table-name',
      'tiny',
      '--attribute-definitions',
      'AttributeName=id,AttributeType=S',
      '--key-schema',
      'AttributeName=id,KeyType=HASH',
      '--provisioned-throughput',
      'ReadCapacityUnits=1,WriteCapacityUnits=1',
    );
    sandbox.clock.advance(5_000);
    // 2 + 3 + 1 + 307 194 = 307 200 bytes, 75 blocks of 4 KB: 75 units a strongly consistent read, so a
    // full bucket (300 units) serves four; the write costs 300 units, the whole write bucket.
    const item = JSON.stringify({ id: { S: 'big' }, v: { S: 'x'.repeat(300 * 1024 - 6) } });
    const put = await awsCli(
      ['--endpoint-url', sandbox.url, 'dynamodb', 'put-item', '--table-name', 'tiny', '--item', item],
      { env },
    );
    expect(put.code).toBe(0);
    const read = () =>
      ddb(
        'get-item',
        '--table-name',
        'tiny',
        '--key',
        '{"id":{"S":"big"}}',
        '--consistent-read',
        '--projection-expression',
        'id',
      );
    for (let i = 0; i < 4; i++) expect((await read()).code).toBe(0);
    const throttled = await read();
    expect(throttled.code).toBe(254);
    expect(throttled.stderr).toContain(
      'An error occurred (ProvisionedThroughputExceededException) when calling the GetItem operation',
    );
    expect(throttled.stderr).toContain(
      'The level of configured provisioned throughput for the table was exceeded.',
    );
  });
});
