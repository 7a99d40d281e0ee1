#!/usr/bin/env -S node --conditions=@handson/source --import=tsx
// 後片付け: delete the lab's tables and switch DevOps Guru's coverage of the lab's tag off; on a real account
// coverage costs by the resource-hour, so it is never left on. Safe to run twice or after a half-finished run.
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { GetResourceCollectionCommand, UpdateResourceCollectionCommand } from '@aws-sdk/client-devops-guru';
import {
  DeleteTableCommand,
  DescribeTableCommand,
  ListTagsOfResourceCommand,
} from '@aws-sdk/client-dynamodb';
import { clients, isNotFound, teardown } from '@handson/aws';
import { ITEM_COUNT } from '@handson/lab-helpers/dynamodb-reads';
import { forgetOnce, waitFor, workDir } from '@handson/labkit';
import { step } from '../_lib/entry.mts';
import {
  COVERAGE_TAG_KEY,
  COVERAGE_TAG_VALUE,
  coverageFilter,
  DYNAMODB_TABLE_NAME,
  isLabTagged,
  SLUG,
  UNCOVERED_TABLE_NAME,
  vars,
} from './lab.mts';
import { LAB } from './manifest.mts';

await step(LAB, 'teardown');

const { dynamodb } = clients();
const guru = clients()['devops-guru'];
const td = teardown(SLUG, { log: (line) => console.log(line) });

/** Deletes a table only when this lab made it (its tag says so), so a table of yours of that name stays. */
async function deleteLabTable(name: string): Promise<void> {
  const table = await dynamodb.send(new DescribeTableCommand({ TableName: name })).then(
    (r) => r.Table,
    (error: unknown) => {
      if (isNotFound(error)) return undefined;
      throw error;
    },
  );
  if (!table) return;
  const { Tags } = await dynamodb.send(new ListTagsOfResourceCommand({ ResourceArn: table.TableArn! }));
  if (!isLabTagged(Tags)) return;
  await dynamodb.send(new DeleteTableCommand({ TableName: name }));
  // A table is DELETING for a while; its name is free again only once it is gone.
  await waitFor({
    what: `table ${name} to be deleted`,
    ms: 5 * 60_000,
    pollMs: 2000,
    until: async () =>
      dynamodb.send(new DescribeTableCommand({ TableName: name })).then(
        () => false,
        (error: unknown) => {
          if (isNotFound(error)) return true;
          throw error;
        },
      ),
  });
}

for (const name of [DYNAMODB_TABLE_NAME, UNCOVERED_TABLE_NAME]) {
  td.add(`delete DynamoDB table ${name} if this lab made it`, () => deleteLabTable(name));
}
td.add(`switch DevOps Guru's coverage of ${COVERAGE_TAG_KEY}=${COVERAGE_TAG_VALUE} off`, async () => {
  const { ResourceCollection } = await guru.send(
    new GetResourceCollectionCommand({ ResourceCollectionType: 'AWS_TAGS' }),
  );
  const on = (ResourceCollection?.Tags ?? []).some(
    (t) => t.AppBoundaryKey === COVERAGE_TAG_KEY && (t.TagValues ?? []).includes(COVERAGE_TAG_VALUE),
  );
  if (on)
    await guru.send(
      new UpdateResourceCollectionCommand({ Action: 'REMOVE', ResourceCollection: coverageFilter() }),
    );
});
td.add("delete the chart, the item files and the lab's variables", () => {
  rmSync(join(workDir(SLUG), 'throttling.svg'), { force: true });
  for (let i = 0; i < ITEM_COUNT; i++) rmSync(join(workDir(SLUG), `item-${i}.json`), { force: true });
  vars.clear();
});
forgetOnce(SLUG);
const report = await td.run();
if (!report.ok) process.exit(1);
