import { describe, expect, it } from 'vitest';
import { harness } from './testing';

async function queueWithOne() {
  const h = harness(8);
  const { QueueUrl } = await h.op('CreateQueue', { QueueName: 'bad-input' });
  await h.op('SendMessage', { QueueUrl, MessageBody: 'keep me' });
  return { h, QueueUrl };
}

/** After every refused call the queue still holds exactly the one message it had. */
async function untouched(h: Awaited<ReturnType<typeof queueWithOne>>['h'], QueueUrl: string) {
  h.advance(10_000);
  const a = await h.op('GetQueueAttributes', { QueueUrl, AttributeNames: ['All'] });
  expect(a.Attributes.ApproximateNumberOfMessages).toBe('1');
  expect(a.Attributes.ApproximateNumberOfMessagesNotVisible).toBe('0');
}

describe('bad input gets the AWS error and leaves the queue alone', () => {
  it('a body over MaximumMessageSize', async () => {
    const { h, QueueUrl } = await queueWithOne();
    await h.op('SetQueueAttributes', { QueueUrl, Attributes: { MaximumMessageSize: '262144' } });
    await expect(h.op('SendMessage', { QueueUrl, MessageBody: 'x'.repeat(262145) })).rejects.toMatchObject({
      code: 'InvalidParameterValueException',
      queryCode: 'InvalidParameterValue',
      status: 400,
      message: 'One or more parameters are invalid. Reason: Message must be shorter than 262144 bytes.',
    });
    await expect(h.op('SendMessage', { QueueUrl, MessageBody: 'x'.repeat(262144) })).resolves.toHaveProperty(
      'MessageId',
    );
    const { QueueUrl: fresh } = await h.op('CreateQueue', { QueueName: 'fresh' });
    await expect(
      h.op('SendMessage', { QueueUrl: fresh, MessageBody: 'あ'.repeat(349526) }),
    ).rejects.toMatchObject({
      message: 'One or more parameters are invalid. Reason: Message must be shorter than 1048576 bytes.',
    });
  });

  it.each([
    ['\u0001', '#x1'],
    ['ok\u000bno', '#xB'],
    ['\uffff', '#xFFFF'],
    ['\ud800', '#xD800'],
  ])('a body with %j', async (body, shown) => {
    const { h, QueueUrl } = await queueWithOne();
    await expect(h.op('SendMessage', { QueueUrl, MessageBody: body })).rejects.toMatchObject({
      code: 'InvalidMessageContents',
      message: `Invalid binary character '${shown}' was found in the message body, the set of allowed characters is #x9 | #xA | #xD | [#x20-#xD7FF] | [#xE000-#xFFFD] | [#x10000-#x10FFFF].`,
    });
    await untouched(h, QueueUrl);
  });

  it('accepts tabs, newlines, Japanese text and astral characters', async () => {
    const { h, QueueUrl } = await queueWithOne();
    await expect(
      h.op('SendMessage', { QueueUrl, MessageBody: '\tこんにちは\r\n😀' }),
    ).resolves.toHaveProperty('MessageId');
  });

  it('an empty body', async () => {
    const { h, QueueUrl } = await queueWithOne();
    await expect(h.op('SendMessage', { QueueUrl, MessageBody: '' })).rejects.toMatchObject({
      queryCode: 'MissingParameter',
      message: 'The request must contain the parameter MessageBody.',
    });
    await untouched(h, QueueUrl);
  });

  it.each([0, 11, -1])('MaxNumberOfMessages %d', async (n) => {
    const { h, QueueUrl } = await queueWithOne();
    await expect(h.op('ReceiveMessage', { QueueUrl, MaxNumberOfMessages: n })).rejects.toMatchObject({
      code: 'InvalidParameterValueException',
      queryCode: 'InvalidParameterValue',
      message: `Value ${n} for parameter MaxNumberOfMessages is invalid. Reason: Must be between 1 and 10, if provided.`,
    });
    await untouched(h, QueueUrl);
  });

  it('WaitTimeSeconds out of range', async () => {
    const { h, QueueUrl } = await queueWithOne();
    await expect(h.op('ReceiveMessage', { QueueUrl, WaitTimeSeconds: 21 })).rejects.toMatchObject({
      message:
        'Value 21 for parameter WaitTimeSeconds is invalid. Reason: Must be >= 0 and <= 20, if provided.',
    });
    await untouched(h, QueueUrl);
  });

  it('a queue that does not exist, in each protocol', async () => {
    const { h } = await queueWithOne();
    for (const call of [
      h.op('GetQueueUrl', { QueueName: 'nope' }),
      h.op('SendMessage', { QueueUrl: 'http://127.0.0.1:4580/123456789012/nope', MessageBody: 'x' }),
      h.op('ReceiveMessage', { QueueUrl: 'http://127.0.0.1:4580/123456789012/nope' }),
      h.op('GetQueueAttributes', { QueueUrl: 'http://127.0.0.1:4580/999999999999/bad-input' }),
    ]) {
      await expect(call).rejects.toMatchObject({
        code: 'QueueDoesNotExist',
        queryCode: 'AWS.SimpleQueueService.NonExistentQueue',
        message: 'The specified queue does not exist.',
      });
    }
  });

  it('batches: duplicate ids, empty, too many, bad ids', async () => {
    const { h, QueueUrl } = await queueWithOne();
    const entry = (Id: string) => ({ Id, MessageBody: 'b' });
    await expect(
      h.op('SendMessageBatch', { QueueUrl, Entries: [entry('a'), entry('a')] }),
    ).rejects.toMatchObject({
      code: 'BatchEntryIdsNotDistinct',
      queryCode: 'AWS.SimpleQueueService.BatchEntryIdsNotDistinct',
      message: 'Id a repeated.',
    });
    await expect(h.op('SendMessageBatch', { QueueUrl, Entries: [] })).rejects.toMatchObject({
      code: 'EmptyBatchRequest',
      queryCode: 'AWS.SimpleQueueService.EmptyBatchRequest',
    });
    const eleven = Array.from({ length: 11 }, (_, i) => entry(`e${i}`));
    await expect(h.op('SendMessageBatch', { QueueUrl, Entries: eleven })).rejects.toMatchObject({
      code: 'TooManyEntriesInBatchRequest',
      message: 'Maximum number of entries per request are 10. You have sent 11.',
    });
    await expect(
      h.op('DeleteMessageBatch', { QueueUrl, Entries: [{ Id: 'x y', ReceiptHandle: 'r' }] }),
    ).rejects.toMatchObject({
      code: 'InvalidBatchEntryId',
    });
    await untouched(h, QueueUrl);
  });

  it('a batch reports bad entries in Failed and sends the good ones', async () => {
    const { h, QueueUrl } = await queueWithOne();
    const r = await h.op('SendMessageBatch', {
      QueueUrl,
      Entries: [
        { Id: 'good', MessageBody: 'fine' },
        { Id: 'bad', MessageBody: '\u0000' },
      ],
    });
    expect(r.Successful.map((e: { Id: string }) => e.Id)).toEqual(['good']);
    expect(r.Failed).toEqual([
      expect.objectContaining({ Id: 'bad', SenderFault: true, Code: 'InvalidMessageContents' }),
    ]);
    const d = await h.op('DeleteMessageBatch', { QueueUrl, Entries: [{ Id: 'x', ReceiptHandle: 'bogus' }] });
    expect(d).toEqual({
      Successful: [],
      Failed: [expect.objectContaining({ Id: 'x', Code: 'ReceiptHandleIsInvalid', SenderFault: true })],
    });
  });

  it('message attributes: bad type, empty value, reserved name', async () => {
    const { h, QueueUrl } = await queueWithOne();
    const send = (MessageAttributes: unknown) =>
      h.op('SendMessage', { QueueUrl, MessageBody: 'x', MessageAttributes });
    await expect(send({ a: { DataType: 'Text', StringValue: 'v' } })).rejects.toMatchObject({
      queryCode: 'InvalidParameterValue',
    });
    await expect(send({ a: { DataType: 'String', StringValue: '' } })).rejects.toMatchObject({
      message: "Message (user) attribute 'a' must contain a non-empty value of type 'String'.",
    });
    await expect(send({ 'AWS.x': { DataType: 'String', StringValue: 'v' } })).rejects.toMatchObject({
      queryCode: 'InvalidParameterValue',
    });
    await expect(send({ n: { DataType: 'Number', StringValue: 'abc' } })).rejects.toMatchObject({
      queryCode: 'InvalidParameterValue',
    });
    await untouched(h, QueueUrl);
  });
});
