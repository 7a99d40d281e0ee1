import {
  DeleteTableCommand,
  DescribeTableCommand,
  ListTablesCommand,
  type ListTablesCommandOutput,
  ListTagsOfResourceCommand,
} from '@aws-sdk/client-dynamodb';
import { type KindOps, list } from './kind.js';

/** A table by name; its tags are read by its ARN. */
export const table: KindOps = {
  list: async (c) => {
    const names =
      (await list<ListTablesCommandOutput>(c.dynamodb, new ListTablesCommand({}))).TableNames ?? [];
    const out = [];
    for (const TableName of names) {
      const { Table } = await c.dynamodb.send(new DescribeTableCommand({ TableName }));
      // A table being deleted is on its way out already.
      if (!Table?.TableArn || Table.TableStatus === 'DELETING') continue;
      const { Tags } = await c.dynamodb.send(new ListTagsOfResourceCommand({ ResourceArn: Table.TableArn }));
      out.push({ id: TableName, tags: Tags });
    }
    return out;
  },
  remove: async (c, id) => {
    await c.dynamodb.send(new DeleteTableCommand({ TableName: id }));
  },
};
