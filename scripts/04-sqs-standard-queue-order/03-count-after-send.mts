#!/usr/bin/env -S node --conditions=@handson/source --import=tsx
// The blog looked again "a little later": once the queue is quiet the count is exact, 30.
import '../_lib/report-errors.mts';
import { approximateNumberOfMessages, SETTLE_SECONDS, sleep, sqsQueueUrl } from './lab.mts';

const SQS_QUEUE_URL = await sqsQueueUrl();
console.log(`(${SETTLE_SECONDS} 秒待ってから確認します)`);
await sleep(SETTLE_SECONDS);
await approximateNumberOfMessages(SQS_QUEUE_URL, { show: true });
