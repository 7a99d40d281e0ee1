#!/usr/bin/env -S node --conditions=@handson/source --import=tsx
// After the deletes, and a quiet moment, the count is 0.
import '../_lib/report-errors.mts';
import { approximateNumberOfMessages, SETTLE_SECONDS, sleep, sqsQueueUrl } from './lab.mts';

const SQS_QUEUE_URL = await sqsQueueUrl();
console.log(`(${SETTLE_SECONDS} 秒待ってから確認します)`);
await sleep(SETTLE_SECONDS);
await approximateNumberOfMessages(SQS_QUEUE_URL, { show: true });
