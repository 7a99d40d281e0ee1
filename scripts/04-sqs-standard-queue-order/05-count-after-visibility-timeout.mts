#!/usr/bin/env -S node --conditions=@handson/source --import=tsx
import { approximateNumberOfMessages } from '@handson/lab-helpers/sqs';
// Receiving does not delete: once the visibility timeout has run out, every message is visible again and the
// count is back to 30 (the blog looked five minutes later).
import { waitFor } from '@handson/labkit';
import { step } from '../_lib/entry.mts';
import { SETTLE_MS, sqsQueueUrl, VISIBILITY_TIMEOUT, vars } from './lab.mts';
import { LAB } from './manifest.mts';

await step(LAB, '05-count-after-visibility-timeout');

const SQS_QUEUE_URL = await sqsQueueUrl();
const receivedAt = Number(vars.need('RECEIVED_AT', '04-receive-messages.mts'));
const waitMs = Math.max(0, receivedAt + VISIBILITY_TIMEOUT * 1000 + SETTLE_MS - Date.now());
console.log(`(可視性タイムアウト ${VISIBILITY_TIMEOUT} 秒が切れるのを待ちます)`);
await waitFor({ what: `the visibility timeout (${VISIBILITY_TIMEOUT} s) to run out`, ms: waitMs });
console.log(`$ date\n${new Date().toUTCString()}`);
await approximateNumberOfMessages(SQS_QUEUE_URL, { show: true });
