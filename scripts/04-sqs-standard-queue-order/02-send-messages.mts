#!/usr/bin/env -S node --conditions=@handson/source --import=tsx
// The blog's Message_send.sh: 30 × send-message, each followed by ApproximateNumberOfMessages.

import { SendMessageCommand } from '@aws-sdk/client-sqs';
import { aws } from '@handson/labkit';
import { step } from '../_lib/entry.mts';
import {
  clockTime,
  echo,
  echoMessageNumber,
  MESSAGE_COUNT,
  observeCounts,
  sqsQueueUrl,
  vars,
} from './lab.mts';
import { LAB } from './manifest.mts';

await step(LAB, '02-send-messages');

const SQS_QUEUE_URL = await sqsQueueUrl();
const counts: number[] = [];

for (let i = 1; i <= MESSAGE_COUNT; i++) {
  const SQS_MESSAGE_BODY = `${i}回目のメッセージ送信です。今は${clockTime()}です。`;
  echo(SQS_MESSAGE_BODY);

  await aws(new SendMessageCommand({ QueueUrl: SQS_QUEUE_URL, MessageBody: SQS_MESSAGE_BODY }), {
    transcript: false,
  });

  counts.push(await echoMessageNumber(SQS_QUEUE_URL));
}
observeCounts(counts, (i) => i + 1, 'sending');
vars.set('SENT_AT', String(Date.now()));
