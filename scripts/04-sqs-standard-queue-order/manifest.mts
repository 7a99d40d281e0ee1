// Lab 04 as a unit: the blog's steps, the calls each makes, and what the lab creates and removes.
import {
  CreateQueueCommand,
  DeleteMessageCommand,
  DeleteQueueCommand,
  GetQueueAttributesCommand,
  GetQueueUrlCommand,
  ListQueueTagsCommand,
  ReceiveMessageCommand,
  SendMessageCommand,
  SetQueueAttributesCommand,
} from '@aws-sdk/client-sqs';
import { sqsTags } from '@handson/aws';
import { defineLab, type VarRef } from '../_lib/manifest.mts';
import { MESSAGE_COUNT, SLUG, SQS_QUEUE_NAME, VISIBILITY_TIMEOUT } from './lab.mts';

const queueUrl = () => new GetQueueUrlCommand({ QueueName: SQS_QUEUE_NAME });
/** The blog's scripts open with SQS_QUEUE_URL=$(aws sqs get-queue-url --queue-name ... --output text). */
const shownQueueUrl = () => [queueUrl(), { output: 'text' }] as const;
const count = (v: VarRef) =>
  [
    new GetQueueAttributesCommand({
      QueueUrl: v('SQS_QUEUE_URL'),
      AttributeNames: ['ApproximateNumberOfMessages'],
    }),
    { query: 'Attributes.ApproximateNumberOfMessages', output: 'text' },
  ] as const;

export const LAB = defineLab({
  slug: SLUG,
  title: 'SQS standard queues do not keep order',
  blog: { post: 'JAWS-UG CLI #181R ②', lines: [1600, 2053], chars: 16489 },
  env: { HANDSON_SQS_QUEUE_NAME: `the queue's name (default ${SQS_QUEUE_NAME})` },
  lessons: {
    'out-of-order': {
      expect:
        'a standard queue hands back some messages before ones sent earlier (the blog: 2 of 30 in place)',
      step: '04-receive-messages',
    },
    'approximate-count': {
      expect:
        'ApproximateNumberOfMessages lags behind the sends: the count read after a send is not always right',
      step: '02-send-messages',
    },
  },
  steps: {
    '01-create-queue': {
      does:
        "Creates the blog's queue, tagged with the lab, when it does not exist (the blog made it in the previous " +
        'post), then raises its visibility timeout from 30 s to 2 minutes as the blog did.',
      env: { HANDSON_SQS_VISIBILITY_TIMEOUT: `seconds (default ${VISIBILITY_TIMEOUT}; 0-43200)` },
      calls: (v) => [
        queueUrl(),
        new CreateQueueCommand({ QueueName: SQS_QUEUE_NAME, tags: sqsTags(SLUG) }),
        new ListQueueTagsCommand({ QueueUrl: v('SQS_QUEUE_URL') }),
        new SetQueueAttributesCommand({
          QueueUrl: v('SQS_QUEUE_URL'),
          Attributes: { VisibilityTimeout: String(VISIBILITY_TIMEOUT) },
        }),
        [
          new GetQueueAttributesCommand({
            QueueUrl: v('SQS_QUEUE_URL'),
            AttributeNames: ['VisibilityTimeout'],
          }),
          { query: 'Attributes.VisibilityTimeout', output: 'text' },
        ],
      ],
      creates: [`SQS queue ${SQS_QUEUE_NAME} (tagged handson:lab=${SLUG}), unless it exists`],
    },
    '02-send-messages': {
      does:
        "The blog's Message_send.sh: the queue's URL with get-queue-url, then " +
        `${MESSAGE_COUNT} × send-message, each followed by the approximate count, one message a second as ` +
        "the blog's loop ran (on the sandbox the wait moves its clock; elsewhere it takes about 30 s).",
      needs: { SQS_QUEUE_URL: '01-create-queue' },
      calls: (v) => [
        shownQueueUrl(),
        new SendMessageCommand({ QueueUrl: v('SQS_QUEUE_URL'), MessageBody: v('SQS_MESSAGE_BODY') }),
        count(v),
      ],
      creates: [`${MESSAGE_COUNT} messages in ${SQS_QUEUE_NAME}`],
    },
    '03-count-after-send': {
      does: 'Waits for the queue to settle, then reads the approximate count again (the blog: 30).',
      env: {
        HANDSON_SQS_SETTLE_MS:
          'how long to wait first, in milliseconds (default 4000; HANDSON_SQS_SETTLE_SECONDS, in seconds, still works)',
      },
      calls: (v) => [queueUrl(), count(v)],
    },
    '04-receive-messages': {
      does:
        "The blog's Message_receive.sh: the queue's URL with get-queue-url, then " +
        `${MESSAGE_COUNT} × receive-message, each reply saved to its own file, ` +
        'its body shown, then the approximate count. Receiving hides a message for the visibility timeout.',
      calls: (v) => [shownQueueUrl(), new ReceiveMessageCommand({ QueueUrl: v('SQS_QUEUE_URL') }), count(v)],
      files: [`tmp-handson-cli-sqs/${SQS_QUEUE_NAME}-N.json in the lab's work directory, one per receive`],
    },
    '05-count-after-visibility-timeout': {
      does: 'Waits until the visibility timeout has run out, then reads the count: every message is back.',
      needs: { RECEIVED_AT: '04-receive-messages' },
      calls: (v) => [queueUrl(), count(v)],
    },
    '06-message-files': {
      does: 'Lists the saved replies and shows one, with its receipt handle (local files only).',
      calls: () => [],
    },
    '07-delete-messages': {
      does:
        "The blog's Message_delete.sh: the queue's URL with get-queue-url, then " +
        `${MESSAGE_COUNT} × delete-message by the receipt handle saved in each file.`,
      calls: (v) => [
        shownQueueUrl(),
        new DeleteMessageCommand({
          QueueUrl: v('SQS_QUEUE_URL'),
          ReceiptHandle: v('SQS_MESSAGE_RECEIPT_HANDLE'),
        }),
        count(v),
      ],
    },
    '08-count-after-delete': {
      does: 'Waits for the queue to settle, then reads the count: 0.',
      calls: (v) => [queueUrl(), count(v)],
    },
  },
  teardown: {
    does: 'Deletes the queues this lab made (tagged with the lab) and the saved replies. Safe to run again.',
    calls: (v) => [
      queueUrl(),
      new ListQueueTagsCommand({ QueueUrl: v('SQS_QUEUE_URL') }),
      new DeleteQueueCommand({ QueueUrl: v('SQS_QUEUE_URL') }),
    ],
    removes: [
      `SQS queues ${SQS_QUEUE_NAME} and ${SQS_QUEUE_NAME}.fifo when this lab made them (a queue of yours stays)`,
      "the saved replies and the lab's variables",
    ],
  },
});
