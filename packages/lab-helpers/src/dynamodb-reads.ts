// Lab 07's read load, the blog's "several terminals reading the table": the items it reads, the get-item and
// query inputs, and one read that counts a throttle instead of retrying (its scripts and notebook).
import { GetItemCommand, QueryCommand } from '@aws-sdk/client-dynamodb';
import { clientsFor } from '@handson/aws';
import { errorCodes } from '@handson/cli';

/**
 * The items the reads read: five of about 3.4 KB under one partition key. A strongly consistent get-item of
 * one costs 1 read unit (up to 4 KB); a query reads all five, 17 KB, rounded up to 5 units (eventually
 * consistent reads cost half). So three loops of one read a second ask for about 9 units a second of a
 * capacity of 1.
 * https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/read-write-operations.html
 */
export const ITEM_COUNT = 5;
export const PARTITION_KEY = 'handson';
const PADDING = 'DevOps Guru hands-on. '.repeat(155);

export const item = (i: number) => ({
  pk: { S: PARTITION_KEY },
  sk: { N: String(i) },
  note: { S: `item ${i}: ${PADDING}` },
});

/** The blog's read script, as get-item and query inputs. */
export const getItemInput = (TableName: string, i = 0) => ({
  TableName,
  Key: { pk: item(i).pk, sk: item(i).sk },
  ConsistentRead: true,
});
export const queryInput = (TableName: string) => ({
  TableName,
  KeyConditionExpression: 'pk = :pk',
  ExpressionAttributeValues: { ':pk': { S: PARTITION_KEY } },
  ConsistentRead: true,
});

/**
 * One read of the blog's script: a get-item or a query, alternately, strongly consistent (1 and 5 read
 * units, see `item`). The load's clients make one attempt per call, so every throttle shows (the CLI and the
 * SDK would retry; CloudWatch's ReadThrottleEvents counts each refused attempt anyway).
 */
export function reader(tableName: string): (worker: number, n: number) => Promise<'ok' | 'throttled'> {
  const { dynamodb } = clientsFor({ maxAttempts: 1 });
  return async (worker, n) => {
    const command =
      (worker + n) % 2 === 0
        ? new GetItemCommand(getItemInput(tableName, n % ITEM_COUNT))
        : new QueryCommand(queryInput(tableName));
    try {
      await dynamodb.send(command as never);
      return 'ok';
    } catch (error) {
      if (errorCodes(error).includes('ProvisionedThroughputExceededException')) return 'throttled';
      throw error;
    }
  };
}
