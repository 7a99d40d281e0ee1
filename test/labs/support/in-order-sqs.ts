import { createHash } from 'node:crypto';
import { AwsError, type ServiceDefinition, serviceInfo } from '@handson/sandbox';

/**
 * An SQS that keeps order and counts exactly, as moto server and LocalStack do: one queue store, messages
 * handed out first in first out, ApproximateNumberOfMessages always the true number. Served by the sandbox's
 * own protocol layer in place of its SQS, it is the "other endpoint" on which Lab 04's lessons must be
 * reported as not observed. Only what Lab 04's scripts call.
 */
interface Message {
  id: string;
  body: string;
  receipt?: string;
  invisibleUntil: number;
}
interface Queue {
  name: string;
  attributes: Record<string, string>;
  tags: Record<string, string>;
  messages: Message[];
}

const missing = () =>
  new AwsError('QueueDoesNotExist', 'The specified queue does not exist.', {
    queryCode: 'AWS.SimpleQueueService.NonExistentQueue',
  });

export function inOrderSqs(): ServiceDefinition {
  const queues = new Map<string, Queue>();
  let counter = 0;
  const byUrl = (url: unknown) => {
    const queue = queues.get(String(url).split('/').at(-1) ?? '');
    if (!queue) throw missing();
    return queue;
  };
  const url = (ctx: { endpoint: URL; accountId: string }, name: string) =>
    `${ctx.endpoint.origin}/${ctx.accountId}/${name}`;
  const visible = (q: Queue, now: number) => q.messages.filter((m) => m.invisibleUntil <= now);
  return {
    ...serviceInfo('sqs'),
    operations: {
      CreateQueue: (ctx, input) => {
        const name = String(input.QueueName);
        if (!queues.has(name)) {
          queues.set(name, {
            name,
            attributes: { VisibilityTimeout: '30' },
            tags: input.tags ?? {},
            messages: [],
          });
        }
        return { QueueUrl: url(ctx, name) };
      },
      GetQueueUrl: (ctx, input) => {
        if (!queues.has(String(input.QueueName))) throw missing();
        return { QueueUrl: url(ctx, String(input.QueueName)) };
      },
      ListQueueTags: (_ctx, input) => ({ Tags: byUrl(input.QueueUrl).tags }),
      SetQueueAttributes: (_ctx, input) => {
        Object.assign(byUrl(input.QueueUrl).attributes, input.Attributes);
        return {};
      },
      GetQueueAttributes: (ctx, input) => {
        const q = byUrl(input.QueueUrl);
        const counts = { ApproximateNumberOfMessages: String(visible(q, ctx.now().getTime()).length) };
        const all: Record<string, string> = { ...q.attributes, ...counts };
        const names = (input.AttributeNames as string[] | undefined) ?? ['All'];
        return {
          Attributes: Object.fromEntries(
            Object.entries(all).filter(([k]) => names.includes('All') || names.includes(k)),
          ),
        };
      },
      SendMessage: (_ctx, input) => {
        const body = String(input.MessageBody);
        const id = `00000000-0000-4000-8000-${String(++counter).padStart(12, '0')}`;
        byUrl(input.QueueUrl).messages.push({ id, body, invisibleUntil: 0 });
        return { MessageId: id, MD5OfMessageBody: createHash('md5').update(body).digest('hex') };
      },
      ReceiveMessage: (ctx, input) => {
        const q = byUrl(input.QueueUrl);
        const now = ctx.now().getTime();
        const first = visible(q, now)[0];
        if (!first) return {};
        first.receipt = `receipt-${first.id}-${++counter}`;
        first.invisibleUntil = now + Number(q.attributes.VisibilityTimeout) * 1000;
        const md5 = createHash('md5').update(first.body).digest('hex');
        return {
          Messages: [{ MessageId: first.id, ReceiptHandle: first.receipt, MD5OfBody: md5, Body: first.body }],
        };
      },
      DeleteMessage: (_ctx, input) => {
        const q = byUrl(input.QueueUrl);
        q.messages = q.messages.filter((m) => m.receipt !== input.ReceiptHandle);
        return {};
      },
      DeleteQueue: (_ctx, input) => {
        queues.delete(byUrl(input.QueueUrl).name);
        return {};
      },
    },
  };
}
