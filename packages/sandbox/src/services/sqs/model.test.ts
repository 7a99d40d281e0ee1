import { afterEach, describe, expect, it } from 'vitest';
import { configureSqsModel } from './options';
import { harness, kendallTau } from './testing';

afterEach(() => configureSqsModel({}));

/** The blog's experiment: send 30, one receive each (default MaxNumberOfMessages 1), 1 s apart. */
async function blogRun(seed: number) {
  const h = harness(seed);
  const { QueueUrl } = await h.op('CreateQueue', {
    QueueName: 'handson-cli-sqs-novice-queue',
    Attributes: { VisibilityTimeout: '120' },
  });
  const count = async () =>
    Number(
      (await h.op('GetQueueAttributes', { QueueUrl, AttributeNames: ['ApproximateNumberOfMessages'] }))
        .Attributes.ApproximateNumberOfMessages,
    );
  const sendCounts: number[] = [];
  for (let i = 1; i <= 30; i++) {
    await h.op('SendMessage', { QueueUrl, MessageBody: `${i}回目のメッセージ送信です。` });
    h.advance(1000);
    sendCounts.push(await count());
  }
  h.advance(10_000);
  const afterSend = await count();
  const order: number[] = [];
  const receiveCounts: number[] = [];
  const handles: string[] = [];
  for (let i = 1; i <= 30; i++) {
    const r = await h.op('ReceiveMessage', { QueueUrl });
    expect(r.Messages).toHaveLength(1);
    order.push(Number.parseInt(r.Messages[0].Body, 10));
    handles.push(r.Messages[0].ReceiptHandle);
    h.advance(1000);
    receiveCounts.push(await count());
  }
  return { h, QueueUrl, count, sendCounts, afterSend, order, receiveCounts, handles };
}

describe('standard queue, sampled model (default)', () => {
  it('delivers all 30 messages exactly once, in an order far from the send order', async () => {
    const { order } = await blogRun(7);
    expect([...order].sort((a, b) => a - b)).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
    expect(order).not.toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
  });

  it('loses send order across seeds: few messages in place and Kendall tau far from 1', async () => {
    const taus: number[] = [];
    const inPlace: number[] = [];
    for (let seed = 1; seed <= 20; seed++) {
      const { order } = await blogRun(seed);
      taus.push(kendallTau(order));
      inPlace.push(order.filter((v, i) => v === i + 1).length);
    }
    const meanTau = taus.reduce((a, b) => a + b, 0) / taus.length;
    const meanInPlace = inPlace.reduce((a, b) => a + b, 0) / inPlace.length;
    expect(meanTau).toBeLessThan(0.6);
    expect(Math.max(...taus)).toBeLessThan(0.9);
    expect(meanInPlace).toBeLessThan(8);
    // and the runs differ from each other
    expect(new Set(taus.map((t) => t.toFixed(4))).size).toBeGreaterThan(10);
  });

  it('replays exactly under one seed', async () => {
    const a = await blogRun(42);
    const b = await blogRun(42);
    expect(a.order).toEqual(b.order);
    expect(a.sendCounts).toEqual(b.sendCounts);
    expect(a.receiveCounts).toEqual(b.receiveCounts);
    expect(a.handles).toEqual(b.handles);
  });

  it('reports uneven, lagging counts while busy and the true count once idle', async () => {
    const { sendCounts, afterSend, receiveCounts, count, h } = await blogRun(3);
    const truth = sendCounts.map((_, i) => i + 1);
    expect(sendCounts).not.toEqual(truth);
    // it falls at least once while only sends happen, like the blog's table
    expect(sendCounts.some((c, i) => i > 0 && c < sendCounts[i - 1]!)).toBe(true);
    expect(afterSend).toBe(30);
    expect(receiveCounts).not.toEqual(truth.map((n) => 30 - n));
    h.advance(10_000);
    expect(await count()).toBe(0);
  });

  it('returns all 30 after the visibility timeout, then 0 after deleting by the saved handles', async () => {
    const { h, QueueUrl, count, handles } = await blogRun(5);
    h.advance(130_000);
    expect(await count()).toBe(30);
    for (const ReceiptHandle of handles) await h.op('DeleteMessage', { QueueUrl, ReceiptHandle });
    h.advance(10_000);
    expect(await count()).toBe(0);
    expect(await h.op('ReceiveMessage', { QueueUrl, MaxNumberOfMessages: 10 })).toEqual({});
  });

  it('a short poll may return fewer than MaxNumberOfMessages although more are stored', async () => {
    const h = harness(11);
    const { QueueUrl } = await h.op('CreateQueue', { QueueName: 'q' });
    for (let i = 0; i < 40; i++) await h.op('SendMessage', { QueueUrl, MessageBody: `m${i}` });
    const sizes: number[] = [];
    for (let i = 0; i < 10; i++) {
      const r = await h.op('ReceiveMessage', { QueueUrl, MaxNumberOfMessages: 10, VisibilityTimeout: 0 });
      sizes.push(r.Messages?.length ?? 0);
    }
    expect(Math.min(...sizes)).toBeGreaterThan(0);
    expect(sizes.some((n) => n < 10)).toBe(true);
  });

  it('a long poll asks every host: a full batch when enough messages are stored', async () => {
    const h = harness(11);
    const { QueueUrl } = await h.op('CreateQueue', { QueueName: 'q' });
    for (let i = 0; i < 40; i++) await h.op('SendMessage', { QueueUrl, MessageBody: `m${i}` });
    for (let i = 0; i < 4; i++) {
      const r = await h.op('ReceiveMessage', { QueueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 1 });
      expect(r.Messages).toHaveLength(10);
    }
  });

  it('a long poll waits for a message sent while it waits', async () => {
    const h = harness(2);
    const { QueueUrl } = await h.op('CreateQueue', { QueueName: 'q' });
    const pending = h.op('ReceiveMessage', { QueueUrl, WaitTimeSeconds: 5 });
    await new Promise((r) => setTimeout(r, 60));
    await h.op('SendMessage', { QueueUrl, MessageBody: 'late' });
    const r = await pending;
    expect(r.Messages?.[0]?.Body).toBe('late');
  });

  it('with duplicateChance, a message can be delivered twice (at-least-once)', async () => {
    configureSqsModel({ duplicateChance: 0.5 });
    const h = harness(9);
    const { QueueUrl } = await h.op('CreateQueue', { QueueName: 'q' });
    for (let i = 0; i < 20; i++) await h.op('SendMessage', { QueueUrl, MessageBody: `m${i}` });
    const seen: string[] = [];
    for (let i = 0; i < 40; i++) {
      const r = await h.op('ReceiveMessage', { QueueUrl, AttributeNames: ['ApproximateReceiveCount'] });
      for (const m of r.Messages ?? []) seen.push(m.MessageId);
    }
    expect(new Set(seen).size).toBeLessThan(seen.length);
  });
});

describe('strict mode (moto-like)', () => {
  it('keeps send order and exact counts', async () => {
    configureSqsModel({ mode: 'strict' });
    const h = harness(1);
    const { QueueUrl } = await h.op('CreateQueue', { QueueName: 'q' });
    const counts: string[] = [];
    for (let i = 1; i <= 30; i++) {
      await h.op('SendMessage', { QueueUrl, MessageBody: String(i) });
      const a = await h.op('GetQueueAttributes', {
        QueueUrl,
        AttributeNames: ['ApproximateNumberOfMessages'],
      });
      counts.push(a.Attributes.ApproximateNumberOfMessages);
    }
    expect(counts).toEqual(Array.from({ length: 30 }, (_, i) => String(i + 1)));
    const order: number[] = [];
    for (let i = 0; i < 30; i++) {
      const r = await h.op('ReceiveMessage', { QueueUrl });
      order.push(Number(r.Messages[0].Body));
    }
    expect(order).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
    const a = await h.op('GetQueueAttributes', { QueueUrl, AttributeNames: ['All'] });
    expect(a.Attributes.ApproximateNumberOfMessages).toBe('0');
    expect(a.Attributes.ApproximateNumberOfMessagesNotVisible).toBe('30');
  });
});
