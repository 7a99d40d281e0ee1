import { describe, expect, it } from 'vitest';
import { harness } from './testing';

async function oneMessage(seed = 3) {
  const h = harness(seed);
  const { QueueUrl } = await h.op('CreateQueue', {
    QueueName: 'vis',
    Attributes: { VisibilityTimeout: '30' },
  });
  await h.op('SendMessage', { QueueUrl, MessageBody: 'hello' });
  return { h, QueueUrl };
}

describe('visibility timeout and receipt handles', () => {
  it('hides a received message for the timeout, then returns it with a new handle and a higher receive count', async () => {
    const { h, QueueUrl } = await oneMessage();
    const first = await h.op('ReceiveMessage', { QueueUrl, AttributeNames: ['All'] });
    const m1 = first.Messages[0];
    expect(m1.ReceiptHandle).toMatch(/^AQEB[A-Za-z0-9+/]{150,}={0,2}$/);
    expect(m1.Attributes.ApproximateReceiveCount).toBe('1');
    h.advance(29_000);
    expect(await h.op('ReceiveMessage', { QueueUrl })).toEqual({});
    h.advance(2_000);
    const second = await h.op('ReceiveMessage', { QueueUrl, MessageSystemAttributeNames: ['All'] });
    const m2 = second.Messages[0];
    expect(m2.MessageId).toBe(m1.MessageId);
    expect(m2.ReceiptHandle).not.toBe(m1.ReceiptHandle);
    expect(m2.Attributes.ApproximateReceiveCount).toBe('2');
    expect(m2.Attributes.ApproximateFirstReceiveTimestamp).toBe(
      m1.Attributes.ApproximateFirstReceiveTimestamp,
    );
    expect(m2.Attributes.SenderId).toBe('123456789012');
    expect(Number(m2.Attributes.SentTimestamp)).toBeLessThan(
      Number(m2.Attributes.ApproximateFirstReceiveTimestamp) + 1,
    );
  });

  it('honours the VisibilityTimeout of the receive and ChangeMessageVisibility', async () => {
    const { h, QueueUrl } = await oneMessage();
    const r = await h.op('ReceiveMessage', { QueueUrl, VisibilityTimeout: 5 });
    h.advance(4_000);
    await h.op('ChangeMessageVisibility', {
      QueueUrl,
      ReceiptHandle: r.Messages[0].ReceiptHandle,
      VisibilityTimeout: 60,
    });
    h.advance(10_000);
    expect(await h.op('ReceiveMessage', { QueueUrl })).toEqual({});
    await h.op('ChangeMessageVisibility', {
      QueueUrl,
      ReceiptHandle: r.Messages[0].ReceiptHandle,
      VisibilityTimeout: 0,
    });
    expect((await h.op('ReceiveMessage', { QueueUrl })).Messages).toHaveLength(1);
  });

  it('deletes with an expired handle and with a superseded one (standard queue)', async () => {
    const { h, QueueUrl } = await oneMessage();
    const r1 = await h.op('ReceiveMessage', { QueueUrl, VisibilityTimeout: 1 });
    h.advance(5_000);
    await h.op('DeleteMessage', { QueueUrl, ReceiptHandle: r1.Messages[0].ReceiptHandle });
    expect(await h.op('ReceiveMessage', { QueueUrl, VisibilityTimeout: 0 })).toEqual({});

    await h.op('SendMessage', { QueueUrl, MessageBody: 'again' });
    const a = await h.op('ReceiveMessage', { QueueUrl, VisibilityTimeout: 0 });
    const b = await h.op('ReceiveMessage', { QueueUrl, VisibilityTimeout: 0 });
    expect(b.Messages[0].MessageId).toBe(a.Messages[0].MessageId);
    await h.op('DeleteMessage', { QueueUrl, ReceiptHandle: a.Messages[0].ReceiptHandle });
    expect(await h.op('ReceiveMessage', { QueueUrl })).toEqual({});
    // deleting again is not an error
    await expect(
      h.op('DeleteMessage', { QueueUrl, ReceiptHandle: b.Messages[0].ReceiptHandle }),
    ).resolves.toEqual({});
  });

  it('refuses handles it never issued, and handles of another queue', async () => {
    const { h, QueueUrl } = await oneMessage();
    await expect(h.op('DeleteMessage', { QueueUrl, ReceiptHandle: 'not-a-handle' })).rejects.toMatchObject({
      code: 'ReceiptHandleIsInvalid',
      message: 'The input receipt handle "not-a-handle" is not a valid receipt handle.',
    });
    const forged = `AQEB${Buffer.alloc(150, 7).toString('base64')}`;
    await expect(h.op('DeleteMessage', { QueueUrl, ReceiptHandle: forged })).rejects.toMatchObject({
      code: 'ReceiptHandleIsInvalid',
    });
    const other = await h.op('CreateQueue', { QueueName: 'other' });
    await h.op('SendMessage', { QueueUrl: other.QueueUrl, MessageBody: 'x' });
    const r = await h.op('ReceiveMessage', { QueueUrl: other.QueueUrl });
    await expect(
      h.op('DeleteMessage', { QueueUrl, ReceiptHandle: r.Messages[0].ReceiptHandle }),
    ).rejects.toMatchObject({
      code: 'ReceiptHandleIsInvalid',
    });
    expect((await h.op('ReceiveMessage', { QueueUrl })).Messages).toHaveLength(1);
  });

  it('ChangeMessageVisibility: an expired handle is a no-op, a superseded one is refused', async () => {
    const { h, QueueUrl } = await oneMessage();
    const r1 = await h.op('ReceiveMessage', { QueueUrl, VisibilityTimeout: 1 });
    h.advance(2_000);
    const h1 = r1.Messages[0].ReceiptHandle;
    await expect(
      h.op('ChangeMessageVisibility', { QueueUrl, ReceiptHandle: h1, VisibilityTimeout: 100 }),
    ).resolves.toEqual({});
    const r2 = await h.op('ReceiveMessage', { QueueUrl, VisibilityTimeout: 10 });
    expect(r2.Messages).toHaveLength(1);
    await expect(
      h.op('ChangeMessageVisibility', { QueueUrl, ReceiptHandle: h1, VisibilityTimeout: 100 }),
    ).rejects.toMatchObject({
      queryCode: 'InvalidParameterValue',
      message: `Value ${h1} for parameter ReceiptHandle is invalid. Reason: Message does not exist or is not available for visibility timeout change.`,
    });
  });

  it('delays messages by DelaySeconds and counts them as delayed', async () => {
    const h = harness(1);
    const { QueueUrl } = await h.op('CreateQueue', { QueueName: 'delay' });
    await h.op('SendMessage', { QueueUrl, MessageBody: 'later', DelaySeconds: 10 });
    expect(await h.op('ReceiveMessage', { QueueUrl })).toEqual({});
    h.advance(5_000);
    const a = await h.op('GetQueueAttributes', { QueueUrl, AttributeNames: ['All'] });
    expect(a.Attributes.ApproximateNumberOfMessagesDelayed).toBe('1');
    h.advance(6_000);
    expect((await h.op('ReceiveMessage', { QueueUrl })).Messages[0].Body).toBe('later');
  });

  it('moves a message received maxReceiveCount times to the dead-letter queue', async () => {
    const h = harness(1);
    const dlq = await h.op('CreateQueue', { QueueName: 'dlq' });
    const dlqArn = (
      await h.op('GetQueueAttributes', { QueueUrl: dlq.QueueUrl, AttributeNames: ['QueueArn'] })
    ).Attributes.QueueArn;
    expect(dlqArn).toBe('arn:aws:sqs:ap-northeast-1:123456789012:dlq');
    const { QueueUrl } = await h.op('CreateQueue', {
      QueueName: 'src',
      Attributes: { RedrivePolicy: JSON.stringify({ deadLetterTargetArn: dlqArn, maxReceiveCount: 2 }) },
    });
    await h.op('SendMessage', { QueueUrl, MessageBody: 'poison' });
    for (let i = 0; i < 2; i++) {
      expect((await h.op('ReceiveMessage', { QueueUrl, VisibilityTimeout: 0 })).Messages).toHaveLength(1);
    }
    expect(await h.op('ReceiveMessage', { QueueUrl })).toEqual({});
    const moved = await h.op('ReceiveMessage', { QueueUrl: dlq.QueueUrl, AttributeNames: ['All'] });
    expect(moved.Messages[0].Body).toBe('poison');
    expect(moved.Messages[0].Attributes.DeadLetterQueueSourceArn).toBe(
      'arn:aws:sqs:ap-northeast-1:123456789012:src',
    );
    expect(await h.op('ListDeadLetterSourceQueues', { QueueUrl: dlq.QueueUrl })).toEqual({
      queueUrls: ['http://127.0.0.1:4580/123456789012/src'],
    });
  });
});
