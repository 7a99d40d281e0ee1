import { describe, expect, it } from 'vitest';
import { harness } from './testing';

describe('queue operations', () => {
  it('creates idempotently with the same attributes, refuses different ones', async () => {
    const h = harness(1);
    const a = await h.op('CreateQueue', { QueueName: 'q1', Attributes: { VisibilityTimeout: '120' } });
    expect(a.QueueUrl).toBe('http://127.0.0.1:4580/123456789012/q1');
    expect(await h.op('CreateQueue', { QueueName: 'q1', Attributes: { VisibilityTimeout: '120' } })).toEqual(
      a,
    );
    expect(await h.op('CreateQueue', { QueueName: 'q1' })).toEqual(a);
    await expect(
      h.op('CreateQueue', { QueueName: 'q1', Attributes: { VisibilityTimeout: '30' } }),
    ).rejects.toMatchObject({
      code: 'QueueNameExists',
      queryCode: 'QueueAlreadyExists',
      message:
        'A queue already exists with the same name and a different value for attribute VisibilityTimeout',
    });
  });

  it('validates attribute names and values', async () => {
    const h = harness(1);
    await expect(
      h.op('CreateQueue', { QueueName: 'q', Attributes: { Colour: 'red' } }),
    ).rejects.toMatchObject({
      code: 'InvalidAttributeName',
      message: 'Unknown Attribute Colour.',
    });
    await expect(
      h.op('CreateQueue', { QueueName: 'q', Attributes: { VisibilityTimeout: '43201' } }),
    ).rejects.toMatchObject({
      code: 'InvalidAttributeValue',
      message: 'Invalid value for the parameter VisibilityTimeout.',
    });
    const { QueueUrl } = await h.op('CreateQueue', { QueueName: 'q' });
    await expect(
      h.op('SetQueueAttributes', { QueueUrl, Attributes: { FifoQueue: 'true' } }),
    ).rejects.toMatchObject({
      message: 'Invalid value for the parameter FifoQueue. Reason: Modifying queue type is not supported.',
    });
  });

  it('answers GetQueueAttributes for All and for named attributes', async () => {
    const h = harness(1);
    const { QueueUrl } = await h.op('CreateQueue', { QueueName: 'attrs', Attributes: { DelaySeconds: '5' } });
    h.advance(60_000);
    await h.op('SetQueueAttributes', { QueueUrl, Attributes: { VisibilityTimeout: '120' } });
    const all = (await h.op('GetQueueAttributes', { QueueUrl, AttributeNames: ['All'] })).Attributes;
    expect(all).toMatchObject({
      QueueArn: 'arn:aws:sqs:ap-northeast-1:123456789012:attrs',
      ApproximateNumberOfMessages: '0',
      ApproximateNumberOfMessagesNotVisible: '0',
      ApproximateNumberOfMessagesDelayed: '0',
      DelaySeconds: '5',
      MaximumMessageSize: '1048576',
      MessageRetentionPeriod: '345600',
      ReceiveMessageWaitTimeSeconds: '0',
      VisibilityTimeout: '120',
      SqsManagedSseEnabled: 'true',
    });
    expect(Number(all.LastModifiedTimestamp) - Number(all.CreatedTimestamp)).toBe(60);
    expect(all.FifoQueue).toBeUndefined();
    const named = await h.op('GetQueueAttributes', {
      QueueUrl,
      AttributeNames: ['VisibilityTimeout', 'QueueArn'],
    });
    expect(named).toEqual({
      Attributes: { QueueArn: 'arn:aws:sqs:ap-northeast-1:123456789012:attrs', VisibilityTimeout: '120' },
    });
    await expect(h.op('GetQueueAttributes', { QueueUrl, AttributeNames: ['Nope'] })).rejects.toMatchObject({
      code: 'InvalidAttributeName',
    });
  });

  it('lists by prefix with pagination, and finds queues by any URL host', async () => {
    const h = harness(1);
    for (const name of ['lab-a', 'lab-b', 'lab-c', 'other']) await h.op('CreateQueue', { QueueName: name });
    expect((await h.op('ListQueues', { QueueNamePrefix: 'lab-' })).QueueUrls).toHaveLength(3);
    const page1 = await h.op('ListQueues', { QueueNamePrefix: 'lab-', MaxResults: 2 });
    expect(page1.QueueUrls).toEqual([
      'http://127.0.0.1:4580/123456789012/lab-a',
      'http://127.0.0.1:4580/123456789012/lab-b',
    ]);
    const page2 = await h.op('ListQueues', {
      QueueNamePrefix: 'lab-',
      MaxResults: 2,
      NextToken: page1.NextToken,
    });
    expect(page2).toEqual({ QueueUrls: ['http://127.0.0.1:4580/123456789012/lab-c'] });
    expect(await h.op('ListQueues', { QueueNamePrefix: 'zzz' })).toEqual({});
    const real = 'https://sqs.ap-northeast-1.amazonaws.com/123456789012/lab-a';
    await expect(h.op('SendMessage', { QueueUrl: real, MessageBody: 'x' })).resolves.toHaveProperty(
      'MessageId',
    );
  });

  it('tags, untags and lists tags', async () => {
    const h = harness(1);
    const { QueueUrl } = await h.op('CreateQueue', { QueueName: 't', tags: { 'handson:lab': '04-sqs' } });
    await h.op('TagQueue', { QueueUrl, Tags: { owner: 'me' } });
    expect(await h.op('ListQueueTags', { QueueUrl })).toEqual({
      Tags: { 'handson:lab': '04-sqs', owner: 'me' },
    });
    await h.op('UntagQueue', { QueueUrl, TagKeys: ['owner'] });
    expect(await h.op('ListQueueTags', { QueueUrl })).toEqual({ Tags: { 'handson:lab': '04-sqs' } });
  });

  it('purges once a minute and deletes queues, refusing a same-name create for 60 s', async () => {
    const h = harness(1);
    const { QueueUrl } = await h.op('CreateQueue', { QueueName: 'p' });
    await h.op('SendMessage', { QueueUrl, MessageBody: 'x' });
    await h.op('PurgeQueue', { QueueUrl });
    expect(await h.op('ReceiveMessage', { QueueUrl })).toEqual({});
    await expect(h.op('PurgeQueue', { QueueUrl })).rejects.toMatchObject({
      code: 'PurgeQueueInProgress',
      status: 403,
      message: 'Only one PurgeQueue operation on p is allowed every 60 seconds.',
    });
    await h.op('DeleteQueue', { QueueUrl });
    await expect(h.op('GetQueueUrl', { QueueName: 'p' })).rejects.toMatchObject({
      code: 'QueueDoesNotExist',
    });
    await expect(h.op('CreateQueue', { QueueName: 'p' })).rejects.toMatchObject({
      code: 'QueueDeletedRecently',
      queryCode: 'AWS.SimpleQueueService.QueueDeletedRecently',
    });
    h.advance(61_000);
    await expect(h.op('CreateQueue', { QueueName: 'p' })).resolves.toEqual({ QueueUrl });
  });

  it('returns message attributes filtered by name, with the MD5 of what it returns', async () => {
    const h = harness(1);
    const { QueueUrl } = await h.op('CreateQueue', { QueueName: 'ma' });
    const sent = await h.op('SendMessage', {
      QueueUrl,
      MessageBody: 'x',
      MessageAttributes: {
        Hello: { DataType: 'String', StringValue: 'There' },
        General: { DataType: 'String', StringValue: 'Kenobi' },
        'Help.Me': { DataType: 'String', StringValue: 'Me' },
      },
    });
    expect(sent.MD5OfMessageAttributes).toBe('4c360f3fdafd970e05fae2f149d997f5');
    const r = await h.op('ReceiveMessage', {
      QueueUrl,
      MessageAttributeNames: ['Hello', 'General'],
      VisibilityTimeout: 0,
    });
    expect(Object.keys(r.Messages[0].MessageAttributes).sort()).toEqual(['General', 'Hello']);
    expect(r.Messages[0].MD5OfMessageAttributes).toBe('fca026605781cb4126a1e9044df24232');
    const p = await h.op('ReceiveMessage', {
      QueueUrl,
      MessageAttributeNames: ['Help.*'],
      VisibilityTimeout: 0,
    });
    expect(Object.keys(p.Messages[0].MessageAttributes)).toEqual(['Help.Me']);
    const none = await h.op('ReceiveMessage', { QueueUrl });
    expect(none.Messages[0].MessageAttributes).toBeUndefined();
    expect(none.Messages[0].MD5OfMessageAttributes).toBeUndefined();
  });
});
