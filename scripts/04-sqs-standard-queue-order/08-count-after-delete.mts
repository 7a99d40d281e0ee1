#!/usr/bin/env -S node --conditions=@handson/source --import=tsx

// After the deletes, and a quiet moment, the count is 0.

import { approximateNumberOfMessages } from '@handson/lab-helpers/sqs';
import { waitFor } from '@handson/labkit';
import { step } from '../_lib/entry.mts';
import { SETTLE_MS, sqsQueueUrl } from './lab.mts';
import { LAB } from './manifest.mts';

await step(LAB, '08-count-after-delete');

const SQS_QUEUE_URL = await sqsQueueUrl();
await waitFor({
  what: 'the queue to settle (the blog looked again a little later)',
  ms: SETTLE_MS,
});
await approximateNumberOfMessages(SQS_QUEUE_URL, { show: true });
