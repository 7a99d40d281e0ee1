#!/usr/bin/env -S node --conditions=@handson/source --import=tsx

// The blog looked again "a little later": once the queue is quiet the count is exact, 30.

import { approximateNumberOfMessages } from '@handson/lab-helpers/sqs';
import { waitFor } from '@handson/labkit';
import { step } from '../_lib/entry.mts';
import { SETTLE_MS, sqsQueueUrl } from './lab.mts';
import { LAB } from './manifest.mts';

await step(LAB, '03-count-after-send');

const SQS_QUEUE_URL = await sqsQueueUrl();
await waitFor({
  what: 'the queue to settle (the blog looked again a little later)',
  ms: SETTLE_MS,
});
await approximateNumberOfMessages(SQS_QUEUE_URL, { show: true });
