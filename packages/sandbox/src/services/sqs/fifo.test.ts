import { describe, expect, it } from 'vitest';
import { harness } from './testing';

async function fifoQueue(attributes: Record<string, string> = {}) {
  const h = harness(4);
  const { QueueUrl } = await h.op('CreateQueue', {
    QueueName: 'orders.fifo',
    Attributes: { FifoQueue: 'true', ...attributes },
  });
  return { h, QueueUrl };
}

describe('FIFO queues', () => {
  it('delivers in send order per message group, with increasing 20-digit sequence numbers', async () => {
    const { h, QueueUrl } = await fifoQueue({ ContentBasedDeduplication: 'true' });
    const sequence: string[] = [];
    for (let i = 1; i <= 30; i++) {
      const r = await h.op('SendMessage', { QueueUrl, MessageBody: String(i), MessageGroupId: 'g' });
      expect(r.SequenceNumber).toMatch(/^\d{20}$/);
      sequence.push(r.SequenceNumber);
      h.advance(10);
    }
    expect([...sequence].sort()).toEqual(sequence);
    const order: number[] = [];
    for (let i = 0; i < 30; i++) {
      const r = await h.op('ReceiveMessage', { QueueUrl, AttributeNames: ['All'] });
      const m = r.Messages[0];
      order.push(Number(m.Body));
      expect(m.Attributes.MessageGroupId).toBe('g');
      expect(m.Attributes.SequenceNumber).toBe(sequence[Number(m.Body) - 1]);
      await h.op('DeleteMessage', { QueueUrl, ReceiptHandle: m.ReceiptHandle });
    }
    expect(order).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
  });

  it('blocks a message group while one of its messages is in flight', async () => {
    const { h, QueueUrl } = await fifoQueue({ ContentBasedDeduplication: 'true' });
    for (const [body, group] of [
      ['a1', 'A'],
      ['a2', 'A'],
      ['b1', 'B'],
    ]) {
      await h.op('SendMessage', { QueueUrl, MessageBody: body, MessageGroupId: group });
    }
    const first = await h.op('ReceiveMessage', { QueueUrl });
    expect(first.Messages.map((m: { Body: string }) => m.Body)).toEqual(['a1']);
    const second = await h.op('ReceiveMessage', { QueueUrl, MaxNumberOfMessages: 10 });
    expect(second.Messages.map((m: { Body: string }) => m.Body)).toEqual(['b1']);
    expect(await h.op('ReceiveMessage', { QueueUrl, MaxNumberOfMessages: 10 })).toEqual({});
    h.advance(31_000); // a1 and b1 come back, in order, a2 still behind a1
    const third = await h.op('ReceiveMessage', { QueueUrl, MaxNumberOfMessages: 10 });
    expect(third.Messages.map((m: { Body: string }) => m.Body)).toEqual(['a1', 'a2', 'b1']);
  });

  it('drops duplicates within five minutes (explicit and content-based ids) and answers with the first id', async () => {
    const { h, QueueUrl } = await fifoQueue({ ContentBasedDeduplication: 'true' });
    const a = await h.op('SendMessage', { QueueUrl, MessageBody: 'same', MessageGroupId: 'g' });
    const b = await h.op('SendMessage', { QueueUrl, MessageBody: 'same', MessageGroupId: 'g' });
    expect(b.MessageId).toBe(a.MessageId);
    const c = await h.op('SendMessage', {
      QueueUrl,
      MessageBody: 'x',
      MessageGroupId: 'g',
      MessageDeduplicationId: 'd1',
    });
    const d = await h.op('SendMessage', {
      QueueUrl,
      MessageBody: 'y',
      MessageGroupId: 'g',
      MessageDeduplicationId: 'd1',
    });
    expect(d.MessageId).toBe(c.MessageId);
    const all = await h.op('GetQueueAttributes', {
      QueueUrl,
      AttributeNames: ['ApproximateNumberOfMessages'],
    });
    expect(all.Attributes.ApproximateNumberOfMessages).toBe('2');
    h.advance(5 * 60 * 1000 + 1);
    const e = await h.op('SendMessage', { QueueUrl, MessageBody: 'same', MessageGroupId: 'g' });
    expect(e.MessageId).not.toBe(a.MessageId);
  });

  it('rejects sends without MessageGroupId, without a deduplication id, or with DelaySeconds', async () => {
    const { h, QueueUrl } = await fifoQueue();
    await expect(h.op('SendMessage', { QueueUrl, MessageBody: 'x' })).rejects.toMatchObject({
      code: 'MissingRequiredParameterException',
      queryCode: 'MissingParameter',
      message: 'The request must contain the parameter MessageGroupId.',
    });
    await expect(
      h.op('SendMessage', { QueueUrl, MessageBody: 'x', MessageGroupId: 'g' }),
    ).rejects.toMatchObject({
      queryCode: 'InvalidParameterValue',
      message:
        'The queue should either have ContentBasedDeduplication enabled or MessageDeduplicationId provided explicitly',
    });
    await expect(
      h.op('SendMessage', {
        QueueUrl,
        MessageBody: 'x',
        MessageGroupId: 'g',
        MessageDeduplicationId: 'd',
        DelaySeconds: 2,
      }),
    ).rejects.toMatchObject({
      message:
        'Value 2 for parameter DelaySeconds is invalid. Reason: The request include parameter that is not valid for this queue type.',
    });
    const attrs = await h.op('GetQueueAttributes', {
      QueueUrl,
      AttributeNames: ['ApproximateNumberOfMessages'],
    });
    expect(attrs.Attributes.ApproximateNumberOfMessages).toBe('0');
  });

  it('enforces the .fifo naming rules', async () => {
    const h = harness(1);
    await expect(
      h.op('CreateQueue', { QueueName: 'orders', Attributes: { FifoQueue: 'true' } }),
    ).rejects.toMatchObject({
      queryCode: 'InvalidParameterValue',
      message: expect.stringContaining('must end with .fifo suffix'),
    });
    await expect(h.op('CreateQueue', { QueueName: 'orders.fifo' })).rejects.toMatchObject({
      queryCode: 'InvalidParameterValue',
      message: 'Can only include alphanumeric characters, hyphens, or underscores. 1 to 80 in length',
    });
    await expect(
      h.op('CreateQueue', { QueueName: 'plain', Attributes: { ContentBasedDeduplication: 'true' } }),
    ).rejects.toMatchObject({
      code: 'InvalidAttributeName',
      message: 'Unknown Attribute ContentBasedDeduplication.',
    });
  });

  it('refuses deleting with a receipt handle whose visibility timeout expired', async () => {
    const { h, QueueUrl } = await fifoQueue({ ContentBasedDeduplication: 'true' });
    await h.op('SendMessage', { QueueUrl, MessageBody: 'x', MessageGroupId: 'g' });
    const r = await h.op('ReceiveMessage', { QueueUrl, VisibilityTimeout: 1 });
    h.advance(2000);
    const handle = r.Messages[0].ReceiptHandle;
    await expect(h.op('DeleteMessage', { QueueUrl, ReceiptHandle: handle })).rejects.toMatchObject({
      queryCode: 'InvalidParameterValue',
      message: `Value ${handle} for parameter ReceiptHandle is invalid. Reason: The receipt handle has expired.`,
    });
  });
});
