#!/usr/bin/env -S node --conditions=@handson/source --import=tsx
// 後片付け: delete the queues this lab made (the blog's, and the FIFO one of the notebook) and the received
// message files. Safe to run twice or after a half-finished run.

import { rmSync } from 'node:fs';
import { GetQueueUrlCommand, ListQueueTagsCommand } from '@aws-sdk/client-sqs';
import { clients, isNotFound, LAB_TAG_KEY, removeResource, teardown } from '@handson/aws';
import { forgetOnce } from '@handson/labkit';
import { step } from '../_lib/entry.mts';
import { dirSqsMessage, SLUG, SQS_QUEUE_NAME, vars } from './lab.mts';
import { LAB } from './manifest.mts';

await step(LAB, 'teardown');

const { sqs } = clients();
const td = teardown(SLUG, { log: (line) => console.log(line) });
const created = vars.get('CREATED_QUEUE');

/** Deletes a queue only when this lab made it (its tag says so), so a learner's own queue stays. */
async function deleteLabQueue(name: string): Promise<void> {
  const url = await sqs.send(new GetQueueUrlCommand({ QueueName: name })).then(
    (r) => r.QueueUrl,
    (error: unknown) => {
      if (isNotFound(error)) return undefined;
      throw error;
    },
  );
  if (!url) return;
  const tags = (await sqs.send(new ListQueueTagsCommand({ QueueUrl: url }))).Tags ?? {};
  if (name !== created && tags[LAB_TAG_KEY] !== SLUG) return;
  await removeResource('sqs:queue', url);
}

for (const name of [SQS_QUEUE_NAME, `${SQS_QUEUE_NAME}.fifo`]) {
  td.add(`delete SQS queue ${name} if this lab made it`, () => deleteLabQueue(name));
}
td.add('delete the received message files', () => {
  rmSync(dirSqsMessage(), { recursive: true, force: true });
  vars.clear();
});
// The notebook's record of which cells ran: after a teardown they create again.
forgetOnce(SLUG);
const report = await td.run();
if (!report.ok) process.exit(1);
