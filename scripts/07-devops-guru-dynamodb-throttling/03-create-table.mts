#!/usr/bin/env -S node --conditions=@handson/source --import=tsx
// The blog's table: read capacity 1, so a few terminals reading at once exceed it. Its twin, outside the
// covered collection (no coverage tag), gets the same load later and must get no insight.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  DescribeTableCommand,
  ListTagsOfResourceCommand,
  PutItemCommand,
  type Tag,
} from '@aws-sdk/client-dynamodb';
import { clients, isNotFound, targetNow } from '@handson/aws';
import { ITEM_COUNT, item } from '@handson/lab-helpers/dynamodb-reads';
import { createTable, waitUntilActive } from '@handson/lab-helpers/dynamodb-table';
import { aws, createOnce, waitFor, workDir } from '@handson/labkit';
import { step } from '../_lib/entry.mts';
import {
  coveredTableTags,
  DYNAMODB_TABLE_NAME,
  isLabTagged,
  SLUG,
  TABLE_THROUGHPUT,
  UNCOVERED_TABLE_NAME,
  uncoveredTableTags,
  vars,
} from './lab.mts';
import { LAB } from './manifest.mts';

await step(LAB, '03-create-table');
const { dynamodb } = clients();

async function describe(name: string) {
  return dynamodb.send(new DescribeTableCommand({ TableName: name })).then(
    (r) => r.Table,
    (error: unknown) => {
      if (isNotFound(error)) return undefined;
      throw error;
    },
  );
}

/** The table, made by this lab: created (and waited for), or found from an earlier run and waited for. */
async function ensureTable(name: string, tags: Tag[]): Promise<string> {
  if ((await describe(name))?.TableStatus === 'DELETING') {
    // Right after a teardown: the name is free once the old table is gone.
    await waitFor({
      what: `the table ${name} deleted a moment ago to be gone`,
      ms: 5 * 60_000,
      pollMs: 2000,
      until: async () => (await describe(name)) === undefined,
    });
  }
  const { value, created } = await createOnce({
    slug: SLUG,
    what: `DynamoDB table ${name}`,
    find: () => describe(name),
    ours: async (table) =>
      isLabTagged(
        (await dynamodb.send(new ListTagsOfResourceCommand({ ResourceArn: table.TableArn! }))).Tags,
      ),
    create: () => createTable(name, tags, TABLE_THROUGHPUT),
  });
  if (!created) await waitUntilActive(name);
  await aws(new DescribeTableCommand({ TableName: name }), { query: 'Table.TableStatus', output: 'text' });
  return value.TableArn!;
}

vars.set('TABLE_ARN', await ensureTable(DYNAMODB_TABLE_NAME, coveredTableTags()));
vars.set('UNCOVERED_TABLE_ARN', await ensureTable(UNCOVERED_TABLE_NAME, uncoveredTableTags()));
vars.set('DYNAMODB_TABLE_NAME', DYNAMODB_TABLE_NAME);
// DevOps Guru learns each resource from when it came into the coverage: for the covered table, now.
if (!vars.get('TABLE_COVERED_AT')) vars.set('TABLE_COVERED_AT', (await targetNow()).toISOString());

// The items the reads read, each written from a file as one would with the CLI (3.4 KB of text is no line
// to paste). A write of up to 1 KB costs 1 write unit: each of these costs 4, from the table's burst.
for (const name of [DYNAMODB_TABLE_NAME, UNCOVERED_TABLE_NAME]) {
  for (let i = 0; i < ITEM_COUNT; i++) {
    const file = join(workDir(SLUG), `item-${i}.json`);
    writeFileSync(file, `${JSON.stringify(item(i), null, 2)}\n`);
    await aws(new PutItemCommand({ TableName: name, Item: item(i) }), {
      files: { Item: file },
      transcript: i === 0,
      quiet: i > 0,
    });
  }
}
console.log(
  `テーブル ${DYNAMODB_TABLE_NAME} と ${UNCOVERED_TABLE_NAME} に ${ITEM_COUNT} 件ずつ書き込みました。`,
);
