#!/usr/bin/env -S node --conditions=@handson/source --import=tsx
// The blog's Message_delete.sh: 30 × read the ReceiptHandle back from its file, delete-message, then
// ApproximateNumberOfMessages.

import { readFileSync } from 'node:fs';
import { DeleteMessageCommand } from '@aws-sdk/client-sqs';
import { clockTime, echo, jpSed } from '@handson/lab-helpers/shell';
import { aws } from '@handson/labkit';
import { step } from '../_lib/entry.mts';
import { echoMessageNumber, fileSqsMessage, MESSAGE_COUNT, sqsQueueUrl } from './lab.mts';
import { LAB } from './manifest.mts';

await step(LAB, '07-delete-messages');

const SQS_QUEUE_URL = await sqsQueueUrl({ show: true });

for (let i = 1; i <= MESSAGE_COUNT; i++) {
  const FILE_SQS_MESSAGE = fileSqsMessage(i);

  console.log(`${i}回目のメッセージ削除です。今は${clockTime()}です。`);

  // $(cat ${FILE_SQS_MESSAGE} | jp.py 'Messages[].ReceiptHandle' | sed 's/[]\"\[]//g'), unquoted: its words
  const SQS_MESSAGE_RECEIPT_HANDLE = jpSed(readFileSync(FILE_SQS_MESSAGE, 'utf8'), 'Messages[].ReceiptHandle')
    .split(/\s+/)
    .filter(Boolean)
    .join(' ');
  echo(SQS_MESSAGE_RECEIPT_HANDLE);

  await aws(
    new DeleteMessageCommand({ QueueUrl: SQS_QUEUE_URL, ReceiptHandle: SQS_MESSAGE_RECEIPT_HANDLE }),
    {
      transcript: false,
    },
  );

  await echoMessageNumber(SQS_QUEUE_URL);
}
