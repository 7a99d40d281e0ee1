// Lab 07's tables, as its scripts and its notebook create them: the blog's key schema at a provisioned
// throughput, printed as `aws dynamodb create-table ... --query ... --output text`, then waited for.
import {
  CreateTableCommand,
  type CreateTableCommandInput,
  DescribeTableCommand,
  type ProvisionedThroughput,
  type TableDescription,
  type Tag,
} from '@aws-sdk/client-dynamodb';
import { clients, isNotFound } from '@handson/aws';
import { aws, waitFor } from '@handson/labkit';

/**
 * A string partition key and a number sort key (the items of `@handson/lab-helpers/dynamodb-reads`),
 * provisioned: the blog's table had one read unit, so a few terminals reading at once exceed it.
 */
export const tableInput = (
  name: string,
  tags: Tag[],
  throughput: ProvisionedThroughput,
): CreateTableCommandInput => ({
  TableName: name,
  AttributeDefinitions: [
    { AttributeName: 'pk', AttributeType: 'S' },
    { AttributeName: 'sk', AttributeType: 'N' },
  ],
  KeySchema: [
    { AttributeName: 'pk', KeyType: 'HASH' },
    { AttributeName: 'sk', KeyType: 'RANGE' },
  ],
  BillingMode: 'PROVISIONED',
  ProvisionedThroughput: throughput,
  Tags: tags,
});

/** Waits until the table can be read (CREATING → ACTIVE); the sandbox's clock moves instead. */
export async function waitUntilActive(name: string): Promise<void> {
  const { dynamodb } = clients();
  await waitFor({
    what: `table ${name} to become ACTIVE`,
    ms: 5 * 60_000,
    pollMs: 2000,
    // A table just created may not be found yet by every endpoint: not found counts as not active yet.
    until: async () =>
      dynamodb.send(new DescribeTableCommand({ TableName: name })).then(
        (r) => r.Table?.TableStatus === 'ACTIVE',
        (error: unknown) => {
          if (isNotFound(error)) return false;
          throw error;
        },
      ),
  });
}

/**
 * `aws dynamodb create-table` for `tableInput`, printed with the blog's name, status and read capacity
 * (`--query 'TableDescription.[TableName,TableStatus,ProvisionedThroughput.ReadCapacityUnits]' --output text`),
 * then waits until the table is ACTIVE. Returns the table as CreateTable described it.
 */
export async function createTable(
  name: string,
  tags: Tag[],
  throughput: ProvisionedThroughput,
): Promise<TableDescription> {
  const { output } = await aws(new CreateTableCommand(tableInput(name, tags, throughput)), {
    query: 'TableDescription.[TableName,TableStatus,ProvisionedThroughput.ReadCapacityUnits]',
    output: 'text',
  });
  await waitUntilActive(name);
  return output.TableDescription!;
}
