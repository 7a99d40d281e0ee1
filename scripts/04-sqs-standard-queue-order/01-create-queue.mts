#!/usr/bin/env -S node --conditions=@handson/source --import=tsx
// 前提: the blog's queue existed already (made in the previous post). Created here, tagged, when it is
// missing; then its visibility timeout is raised from the default 30 s to 2 minutes, as the blog did.
import '../_lib/report-errors.mts';
import {
  CreateQueueCommand,
  GetQueueAttributesCommand,
  SetQueueAttributesCommand,
} from '@aws-sdk/client-sqs';
import { isNotFound, sqsTags } from '@handson/aws';
import { aws, errorCodes } from '@handson/labkit';
import { SLUG, SQS_QUEUE_NAME, sleep, sqsQueueUrl, VISIBILITY_TIMEOUT, vars } from './lab.mts';

const existing = await sqsQueueUrl().catch((error: unknown) => {
  if (isNotFound(error)) return undefined;
  throw error;
});
if (existing) {
  console.log(`SQS queue ${SQS_QUEUE_NAME} already exists; this lab will leave it in place.`);
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
    await sleep(61);
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
