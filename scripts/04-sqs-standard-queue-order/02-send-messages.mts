#!/usr/bin/env -S node --conditions=@handson/source --import=tsx
// The blog's Message_send.sh: the queue URL by get-queue-url, then 30 × send-message, each followed by
// ApproximateNumberOfMessages, one message a second as the blog's loop ran.

import { SendMessageCommand } from '@aws-sdk/client-sqs';
import { clockTime, echo } from '@handson/lab-helpers/shell';
import { aws } from '@handson/labkit';
import { step } from '../_lib/entry.mts';
import { blogPace, echoMessageNumber, MESSAGE_COUNT, observeCounts, sqsQueueUrl, vars } from './lab.mts';
import { LAB } from './manifest.mts';

await step(LAB, '02-send-messages');

const SQS_QUEUE_URL = await sqsQueueUrl({ show: true });
const counts: number[] = [];
const pace = await blogPace();
console.log(
  `(one message a second, as the blog's loop ran: ${MESSAGE_COUNT} s in all, on the sandbox its clock moves instead)`,
);

for (let i = 1; i <= MESSAGE_COUNT; i++) {
  if (i > 1) await pace.next();
  const SQS_MESSAGE_BODY = `${i}回目のメッセージ送信です。今は${clockTime(pace.now())}です。`;
  echo(SQS_MESSAGE_BODY);

  await aws(new SendMessageCommand({ QueueUrl: SQS_QUEUE_URL, MessageBody: SQS_MESSAGE_BODY }), {
    transcript: false,
  });

  counts.push(await echoMessageNumber(SQS_QUEUE_URL));
}
observeCounts(counts, (i) => i + 1, 'sending');
vars.set('SENT_AT', String(Date.now()));
