#!/usr/bin/env -S node --conditions=@handson/source --import=tsx
// The blog's Message_receive.sh: 30 × receive-message, each reply saved to its own file, its body shown with
// jp.py and sed, then ApproximateNumberOfMessages.

import { writeFileSync } from 'node:fs';
import { ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import { query } from '@handson/cli';
import { clockTime, echo, jpSed } from '@handson/lab-helpers/shell';
import { aws } from '@handson/labkit';
import { step } from '../_lib/entry.mts';
import {
  dirSqsMessage,
  echoMessageNumber,
  fileSqsMessage,
  MESSAGE_COUNT,
  observeOrder,
  sendNumber,
  sqsQueueUrl,
  vars,
} from './lab.mts';
import { LAB } from './manifest.mts';

await step(LAB, '04-receive-messages');

const SQS_QUEUE_URL = await sqsQueueUrl({ show: true });
dirSqsMessage();
const order: number[] = [];

for (let i = 1; i <= MESSAGE_COUNT; i++) {
  const FILE_SQS_MESSAGE = fileSqsMessage(i);

  console.log(`${i}回目のメッセージ受信です。今は${clockTime()}です。`);

  // aws sqs receive-message --queue-url "${SQS_QUEUE_URL}" > ${FILE_SQS_MESSAGE}
  const { printed } = await aws(new ReceiveMessageCommand({ QueueUrl: SQS_QUEUE_URL }), { quiet: true });
  writeFileSync(FILE_SQS_MESSAGE, printed);

  // An empty reply prints nothing, and jp.py has nothing to read.
  const body = printed ? jpSed(printed, 'Messages[].Body') : '';
  echo(`受信したメッセージは ${body} です。`);
  for (const text of printed ? (query(JSON.parse(printed), 'Messages[].Body') as string[]) : []) {
    const n = sendNumber(text);
    // A message seen again came back because its visibility timeout ran out while the loop was slow (a
    // loaded machine, a 1-second test timeout): a redelivery, not evidence about the order of first delivery.
    if (n !== undefined && !order.includes(n)) order.push(n);
  }

  await echoMessageNumber(SQS_QUEUE_URL);
}
vars.set('RECEIVED_AT', String(Date.now()));
if (order.length > 1) observeOrder(order);
