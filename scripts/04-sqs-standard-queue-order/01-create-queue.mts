#!/usr/bin/env -S node --conditions=@handson/source --import=tsx
// 前提: the blog's queue existed already (made in the previous post). Created here, tagged, when it is
// missing; then its visibility timeout is raised from the default 30 s to 2 minutes, as the blog did.
import {
  GetQueueAttributesCommand,
  ListQueueTagsCommand,
  SetQueueAttributesCommand,
} from '@aws-sdk/client-sqs';
import { clients, isNotFound, LAB_TAG_KEY, notice, sqsTags } from '@handson/aws';
import { createQueue } from '@handson/lab-helpers/sqs';
import { aws, teardownCommand } from '@handson/labkit';
import { step } from '../_lib/entry.mts';
import { SLUG, SQS_QUEUE_NAME, sqsQueueUrl, VISIBILITY_TIMEOUT, vars } from './lab.mts';
import { LAB } from './manifest.mts';

await step(LAB, '01-create-queue');

const existing = await sqsQueueUrl().catch((error: unknown) => {
  if (isNotFound(error)) return undefined;
  throw error;
});
if (existing) {
  const { Tags } = await clients().sqs.send(new ListQueueTagsCommand({ QueueUrl: existing }));
  if (Tags?.[LAB_TAG_KEY] === SLUG || vars.get('CREATED_QUEUE') === SQS_QUEUE_NAME) {
    notice(
      `SQS queue ${SQS_QUEUE_NAME} already exists (from an earlier run of this lab): using it as it is. ` +
        `To start over, run ${teardownCommand(SLUG)} first.`,
    );
  } else {
    // The blog's reader made this queue in the previous post: the lab uses it, and its teardown leaves it.
    notice(
      `SQS queue ${SQS_QUEUE_NAME} already exists and is not this lab's: the lab uses it and leaves it in place.`,
    );
  }
} else {
  await createQueue({ QueueName: SQS_QUEUE_NAME, tags: sqsTags(SLUG) });
  vars.set('CREATED_QUEUE', SQS_QUEUE_NAME);
}
const queueUrl = await sqsQueueUrl();
vars.set('SQS_QUEUE_URL', queueUrl);

await aws(
  new SetQueueAttributesCommand({
    QueueUrl: queueUrl,
    Attributes: { VisibilityTimeout: String(VISIBILITY_TIMEOUT) },
  }),
);
await aws(new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['VisibilityTimeout'] }), {
  query: 'Attributes.VisibilityTimeout',
  output: 'text',
});
