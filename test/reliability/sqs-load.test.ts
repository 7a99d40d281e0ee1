import {
  CreateQueueCommand,
  DeleteMessageCommand,
  ReceiveMessageCommand,
  SendMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { type RunningSandbox, startSandbox } from '@handson/sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { figure, scaled } from './scale';

// Many SDK v3 clients sending, receiving and deleting on the same queues at once.
const QUEUES = 3;
const PRODUCERS = scaled(8);
const CONSUMERS = scaled(8);
const PER_PRODUCER = scaled(40);
const DEADLINE_MS = 90_000 * Math.max(1, PRODUCERS / 8);

let sandbox: RunningSandbox;
const clients: SQSClient[] = [];
const client = () => {
  const c = new SQSClient({
    endpoint: sandbox.url,
    region: 'ap-northeast-1',
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    maxAttempts: 1,
  });
  clients.push(c);
  return c;
};
beforeAll(async () => {
  // In memory: what is measured is delivery under concurrency; persistence has its own test (SIGKILL).
  sandbox = await startSandbox({ port: 0, host: '127.0.0.1', seed: 'load' });
});
afterAll(async () => {
  for (const c of clients) c.destroy();
  await sandbox?.close();
});

describe('SQS under concurrent send/receive/delete', () => {
  it(
    'receives every sent message, loses none, none survives its delete, receipt handles never cross',
    async () => {
      const admin = client();
      const urls: string[] = [];
      for (let q = 0; q < QUEUES; q++) {
        urls.push(
          (
            await admin.send(
              new CreateQueueCommand({ QueueName: `load-${q}`, Attributes: { VisibilityTimeout: '60' } }),
            )
          ).QueueUrl!,
        );
      }
      const total = PRODUCERS * PER_PRODUCER;
      const sent = new Map<string, string>(); // body -> MessageId
      const received = new Map<string, number>(); // body -> times received
      const handleOwner = new Map<string, string>(); // receipt handle -> body
      const deletedAt = new Map<string, number>(); // body -> when its delete was acknowledged
      const problems: string[] = [];
      let deletes = 0;
      let receives = 0;
      const started = Date.now();
      const overDeadline = () => Date.now() - started > DEADLINE_MS;

      const producer = async (p: number) => {
        const sqs = client();
        for (let i = 0; i < PER_PRODUCER && !overDeadline(); i++) {
          const body = `p${p}-m${i}`;
          const out = await sqs.send(
            new SendMessageCommand({ QueueUrl: urls[(p + i) % QUEUES], MessageBody: body }),
          );
          sent.set(body, out.MessageId!);
        }
      };
      const consumer = async (c: number) => {
        const sqs = client();
        for (let round = 0; deletedAt.size < total && !overDeadline(); round++) {
          const QueueUrl = urls[(c + round) % QUEUES]!;
          const asked = Date.now();
          const got = await sqs.send(new ReceiveMessageCommand({ QueueUrl, MaxNumberOfMessages: 10 }));
          receives++;
          for (const m of got.Messages ?? []) {
            const body = m.Body!;
            received.set(body, (received.get(body) ?? 0) + 1);
            if (sent.has(body) && sent.get(body) !== m.MessageId)
              problems.push(`${body} came back with another MessageId`);
            const owner = handleOwner.get(m.ReceiptHandle!);
            if (owner !== undefined && owner !== body)
              problems.push(`receipt handle of ${owner} given for ${body}`);
            handleOwner.set(m.ReceiptHandle!, body);
            const gone = deletedAt.get(body);
            if (gone !== undefined && gone < asked) problems.push(`${body} received after its delete`);
            await sqs.send(new DeleteMessageCommand({ QueueUrl, ReceiptHandle: m.ReceiptHandle! }));
            deletes++;
            if (!deletedAt.has(body)) deletedAt.set(body, Date.now());
          }
        }
      };
      await Promise.all([
        ...Array.from({ length: PRODUCERS }, (_, p) => producer(p)),
        ...Array.from({ length: CONSUMERS }, (_, c) => consumer(c)),
      ]);

      expect(problems).toEqual([]);
      expect(sent.size).toBe(total);
      const neverReceived = [...sent.keys()].filter((b) => !received.has(b));
      expect(neverReceived).toEqual([]);
      expect([...received.keys()].filter((b) => !sent.has(b))).toEqual([]);

      // Past every visibility timeout nothing comes back: each delete removed its own message for good.
      sandbox.clock.advance(120_000);
      let after = 0;
      for (const QueueUrl of urls) {
        for (let i = 0; i < 5; i++) {
          after +=
            (await admin.send(new ReceiveMessageCommand({ QueueUrl, MaxNumberOfMessages: 10 }))).Messages
              ?.length ?? 0;
        }
      }
      expect(after).toBe(0);
      const duplicates = [...received.values()].filter((n) => n > 1).length;
      figure('SQS load', {
        clients: PRODUCERS + CONSUMERS,
        queues: QUEUES,
        sent: sent.size,
        received_distinct: received.size,
        received_twice_or_more: duplicates,
        receive_calls: receives,
        deletes,
        lost: neverReceived.length,
        survived_delete: after,
        crossed_handles: problems.length,
        seconds: ((Date.now() - started) / 1000).toFixed(1),
      });
    },
    DEADLINE_MS + 60_000,
  );
});
