#!/usr/bin/env -S node --conditions=@handson/source --import=tsx
// 前提: the blog's queue existed already (made in the previous post). Created here, tagged, when it is
// missing; then its visibility timeout is raised from the default 30 s to 2 minutes, as the blog did.
import {
  CreateQueueCommand,
  GetQueueAttributesCommand,
  ListQueueTagsCommand,
  SetQueueAttributesCommand,
} from '@aws-sdk/client-sqs';
import { clients, isNotFound, LAB_TAG_KEY, notice, sqsTags } from '@handson/aws';
import { errorCodes } from '@handson/cli';
import { aws, teardownCommand, waitFor } from '@handson/labkit';
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
  const create = () => aws(new CreateQueueCommand({ QueueName: SQS_QUEUE_NAME, tags: sqsTags(SLUG) }));
  const refused = await create().then(
    () => false,
    (error: unknown) => {
      if (!errorCodes(error).some((code) => code.endsWith('QueueDeletedRecently'))) throw error;
      return true;
    },
  );
  if (refused) {
    // SQS keeps a deleted queue's name for 60 seconds (e.g. right after this lab's teardown).
    console.log('(削除したばかりのキューと同じ名前は 60 秒間使えないため、待ってから作り直します)');
    await waitFor({ what: 'SQS to release the name of the queue deleted a moment ago', ms: 61_000 });
    await create();
  }
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
