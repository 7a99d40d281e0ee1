import {
  BatchEntryIdsNotDistinct,
  ChangeMessageVisibilityCommand,
  CreateQueueCommand,
  DeleteMessageBatchCommand,
  DeleteMessageCommand,
  DeleteQueueCommand,
  GetQueueAttributesCommand,
  GetQueueUrlCommand,
  InvalidMessageContents,
  ListQueuesCommand,
  QueueDoesNotExist,
  ReceiptHandleIsInvalid,
  ReceiveMessageCommand,
  SendMessageBatchCommand,
  SendMessageCommand,
  SetQueueAttributesCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningSandbox, startSandbox } from '../../index';
import sqs from './index';
import { kendallTau } from './testing';

/*
 * The SQS service through the real SDK v3 client (AWS JSON 1.0) over HTTP. The SDK verifies MD5OfBody and
 * MD5OfMessageBody itself on every send and receive, so each call here also checks the body digests.
 */

let sandbox: RunningSandbox;
let client: SQSClient;
const credentials = { accessKeyId: 'test', secretAccessKey: 'test' };
const region = 'ap-northeast-1';

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, discover: false, services: [sqs], seed: 2021 });
  client = new SQSClient({ endpoint: sandbox.url, region, credentials });
});
afterAll(async () => {
  client.destroy();
  await sandbox.close();
});

const approximate = async (QueueUrl: string): Promise<number> => {
  const r = await client.send(
    new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['ApproximateNumberOfMessages'] }),
  );
  return Number(r.Attributes?.ApproximateNumberOfMessages);
};

describe('the blog experiment through SDK v3', () => {
  it('send 30, receive 30 (unordered, uneven counts), 30 back after the visibility timeout, 0 after deletes', async () => {
    const { QueueUrl } = await client.send(
      new CreateQueueCommand({ QueueName: 'handson-cli-sqs-novice-queue' }),
    );
    expect(QueueUrl).toBe(`${sandbox.url}/123456789012/handson-cli-sqs-novice-queue`);
    await client.send(new SetQueueAttributesCommand({ QueueUrl, Attributes: { VisibilityTimeout: '120' } }));
    const { QueueUrl: url } = await client.send(
      new GetQueueUrlCommand({ QueueName: 'handson-cli-sqs-novice-queue' }),
    );
    const q = url!;

    const sendCounts: number[] = [];
    for (let i = 1; i <= 30; i++) {
      const r = await client.send(
        new SendMessageCommand({
          QueueUrl: q,
          MessageBody: `${i}回目のメッセージ送信です。今は18:00:${16 + i}です。`,
        }),
      );
      expect(r.MessageId).toMatch(/^[0-9a-f-]{36}$/);
      sendCounts.push(await approximate(q));
    }
    expect(sendCounts).not.toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
    sandbox.clock.advance(5_000);
    expect(await approximate(q)).toBe(30);

    const order: number[] = [];
    const handles: string[] = [];
    const receiveCounts: number[] = [];
    for (let i = 1; i <= 30; i++) {
      const r = await client.send(new ReceiveMessageCommand({ QueueUrl: q }));
      expect(r.Messages).toHaveLength(1);
      const m = r.Messages![0]!;
      order.push(Number.parseInt(m.Body!, 10));
      handles.push(m.ReceiptHandle!);
      receiveCounts.push(await approximate(q));
    }
    expect([...order].sort((a, b) => a - b)).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
    expect(order.filter((v, i) => v === i + 1).length).toBeLessThan(10);
    expect(kendallTau(order)).toBeLessThan(0.8);
    expect(receiveCounts).not.toEqual(Array.from({ length: 30 }, (_, i) => 29 - i));

    sandbox.clock.advance(125_000);
    expect(await approximate(q)).toBe(30);
    for (const ReceiptHandle of handles)
      await client.send(new DeleteMessageCommand({ QueueUrl: q, ReceiptHandle }));
    sandbox.clock.advance(5_000);
    expect(await approximate(q)).toBe(0);
  });
});

describe('SQS through SDK v3', () => {
  it('returns message attributes with the MD5 SQS computes, binary values intact', async () => {
    const { QueueUrl } = await client.send(new CreateQueueCommand({ QueueName: 'attributes' }));
    const binary = Buffer.from(
      'traceparent\x1e00-774062d6c37081a5a0b9b5b88e30627c-2d2482211f6489da-01',
      'latin1',
    );
    const sent = await client.send(
      new SendMessageCommand({
        QueueUrl,
        MessageBody: 'with attributes',
        MessageAttributes: { attr1: { DataType: 'Binary', BinaryValue: binary } },
      }),
    );
    // the digest SQS itself returned for this attribute (recorded AWS response)
    expect(sent.MD5OfMessageAttributes).toBe('8cbe4db156db8a94db8b801b7addb984');
    const r = await client.send(new ReceiveMessageCommand({ QueueUrl, MessageAttributeNames: ['All'] }));
    const m = r.Messages![0]!;
    expect(m.MD5OfMessageAttributes).toBe('8cbe4db156db8a94db8b801b7addb984');
    expect(Buffer.from(m.MessageAttributes!.attr1!.BinaryValue!)).toEqual(binary);
  });

  it('routes by the QueueUrl host when the client has no endpoint, and by path when it has one', async () => {
    const { QueueUrl } = await client.send(new CreateQueueCommand({ QueueName: 'routing' }));
    // No endpoint: the SDK sends operations that carry a QueueUrl to that URL's host, i.e. the sandbox.
    const plain = new SQSClient({ region, credentials, logger: { ...console, warn: () => {} } });
    try {
      await plain.send(new SendMessageCommand({ QueueUrl, MessageBody: 'via queue url host' }));
    } finally {
      plain.destroy();
    }
    // Endpoint set, QueueUrl in AWS's own form: the sandbox finds the queue by account and name.
    const awsStyle = 'https://sqs.ap-northeast-1.amazonaws.com/123456789012/routing';
    const r = await client.send(new ReceiveMessageCommand({ QueueUrl: awsStyle, WaitTimeSeconds: 1 }));
    expect(r.Messages?.[0]?.Body).toBe('via queue url host');
  });

  it('long polling waits for a message sent meanwhile', async () => {
    const { QueueUrl } = await client.send(new CreateQueueCommand({ QueueName: 'long-poll' }));
    const pending = client.send(new ReceiveMessageCommand({ QueueUrl, WaitTimeSeconds: 5 }));
    await new Promise((resolve) => setTimeout(resolve, 200));
    await client.send(new SendMessageCommand({ QueueUrl, MessageBody: 'arrived' }));
    expect((await pending).Messages?.[0]?.Body).toBe('arrived');
  });

  it('keeps FIFO order per message group', async () => {
    const { QueueUrl } = await client.send(
      new CreateQueueCommand({
        QueueName: 'lab.fifo',
        Attributes: { FifoQueue: 'true', ContentBasedDeduplication: 'true' },
      }),
    );
    for (let i = 1; i <= 10; i++) {
      await client.send(new SendMessageCommand({ QueueUrl, MessageBody: String(i), MessageGroupId: 'g1' }));
    }
    const bodies: string[] = [];
    while (bodies.length < 10) {
      const r = await client.send(new ReceiveMessageCommand({ QueueUrl, MaxNumberOfMessages: 3 }));
      for (const m of r.Messages ?? []) {
        bodies.push(m.Body!);
        await client.send(new DeleteMessageCommand({ QueueUrl, ReceiptHandle: m.ReceiptHandle }));
      }
    }
    expect(bodies).toEqual(Array.from({ length: 10 }, (_, i) => String(i + 1)));
    const missing = await client.send(new SendMessageCommand({ QueueUrl, MessageBody: 'x' })).catch((e) => e);
    expect(missing.name).toBe('MissingParameter');
    expect(missing.message).toBe('The request must contain the parameter MessageGroupId.');
  });

  it('answers bad input with the AWS errors', async () => {
    const { QueueUrl } = await client.send(new CreateQueueCommand({ QueueName: 'errors' }));
    const gone = await client.send(new GetQueueUrlCommand({ QueueName: 'no-such-queue' })).catch((e) => e);
    expect(gone).toBeInstanceOf(QueueDoesNotExist);
    expect(gone.message).toBe('The specified queue does not exist.');
    expect(gone.$metadata.httpStatusCode).toBe(400);

    const tooMany = await client
      .send(new ReceiveMessageCommand({ QueueUrl, MaxNumberOfMessages: 11 }))
      .catch((e) => e);
    expect(tooMany.name).toBe('InvalidParameterValue');
    expect(tooMany.message).toBe(
      'Value 11 for parameter MaxNumberOfMessages is invalid. Reason: Must be between 1 and 10, if provided.',
    );

    const control = await client
      .send(new SendMessageCommand({ QueueUrl, MessageBody: 'bell\u0007' }))
      .catch((e) => e);
    expect(control).toBeInstanceOf(InvalidMessageContents);

    const dup = await client
      .send(
        new SendMessageBatchCommand({
          QueueUrl,
          Entries: [
            { Id: 'a', MessageBody: '1' },
            { Id: 'a', MessageBody: '2' },
          ],
        }),
      )
      .catch((e) => e);
    expect(dup).toBeInstanceOf(BatchEntryIdsNotDistinct);

    const invalid = await client
      .send(new DeleteMessageCommand({ QueueUrl, ReceiptHandle: 'never-issued' }))
      .catch((e) => e);
    expect(invalid).toBeInstanceOf(ReceiptHandleIsInvalid);

    const batch = await client.send(
      new SendMessageBatchCommand({
        QueueUrl,
        Entries: [
          { Id: 'ok', MessageBody: 'fine' },
          { Id: 'bad', MessageBody: '\u0000' },
        ],
      }),
    );
    expect(batch.Successful?.map((e) => e.Id)).toEqual(['ok']);
    expect(batch.Failed?.[0]).toMatchObject({ Id: 'bad', Code: 'InvalidMessageContents', SenderFault: true });
    sandbox.clock.advance(5_000);
    expect(await approximate(QueueUrl!)).toBe(1);

    const received = await client.send(
      new ReceiveMessageCommand({ QueueUrl, WaitTimeSeconds: 1, VisibilityTimeout: 1 }),
    );
    const handle = received.Messages![0]!.ReceiptHandle!;
    sandbox.clock.advance(2_000);
    // expired: SQS accepts and leaves the message alone
    await client.send(
      new ChangeMessageVisibilityCommand({ QueueUrl, ReceiptHandle: handle, VisibilityTimeout: 60 }),
    );
    const del = await client.send(
      new DeleteMessageBatchCommand({ QueueUrl, Entries: [{ Id: 'x', ReceiptHandle: handle }] }),
    );
    expect(del.Successful).toEqual([{ Id: 'x' }]);
  });

  it('lists and deletes queues', async () => {
    await client.send(new CreateQueueCommand({ QueueName: 'to-delete' }));
    const listed = await client.send(new ListQueuesCommand({ QueueNamePrefix: 'to-' }));
    expect(listed.QueueUrls).toEqual([`${sandbox.url}/123456789012/to-delete`]);
    await client.send(new DeleteQueueCommand({ QueueUrl: listed.QueueUrls![0] }));
    const after = await client.send(new ListQueuesCommand({ QueueNamePrefix: 'to-' }));
    expect(after.QueueUrls ?? []).toEqual([]);
  });
});
