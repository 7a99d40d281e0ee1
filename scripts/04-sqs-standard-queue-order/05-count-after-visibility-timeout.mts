#!/usr/bin/env -S node --conditions=@handson/source --import=tsx
// Receiving does not delete: once the visibility timeout has run out, every message is visible again and the
// count is back to 30 (the blog looked five minutes later).
import '../_lib/report-errors.mts';
import {
  approximateNumberOfMessages,
  SETTLE_SECONDS,
  sleep,
  sqsQueueUrl,
  VISIBILITY_TIMEOUT,
  vars,
} from './lab.mts';

const SQS_QUEUE_URL = await sqsQueueUrl();
const receivedAt = Number(vars.need('RECEIVED_AT', '04-receive-messages.mts'));
const waitMs = Math.max(0, receivedAt + (VISIBILITY_TIMEOUT + SETTLE_SECONDS) * 1000 - Date.now());
console.log(
  `(可視性タイムアウト ${VISIBILITY_TIMEOUT} 秒が切れるまで、あと ${Math.ceil(waitMs / 1000)} 秒待ちます)`,
);
await sleep(waitMs / 1000);
console.log(`$ date\n${new Date().toUTCString()}`);
await approximateNumberOfMessages(SQS_QUEUE_URL, { show: true });
