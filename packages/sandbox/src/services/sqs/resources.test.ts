import { describe, expect, it } from 'vitest';
import { service } from './index';
import { testContext } from './testing';

describe('IAM resources of SQS operations', () => {
  const ctx = testContext().ctx();
  const resources = (operation: string, input: Record<string, unknown>) =>
    service.resources!(ctx, operation, input);

  it('names the queue ARN from QueueUrl or QueueName', () => {
    const arn = 'arn:aws:sqs:ap-northeast-1:123456789012:handson-cli-sqs-novice-queue';
    expect(
      resources('SendMessage', {
        QueueUrl: 'http://127.0.0.1:4580/123456789012/handson-cli-sqs-novice-queue',
      }),
    ).toEqual([arn]);
    expect(resources('CreateQueue', { QueueName: 'handson-cli-sqs-novice-queue' })).toEqual([arn]);
    expect(resources('GetQueueUrl', { QueueName: 'handson-cli-sqs-novice-queue' })).toEqual([arn]);
    expect(resources('ListQueues', {})).toEqual(['*']);
  });

  it('treats only the listing operations as read-only', () => {
    expect(service.readOnly!('ListQueues')).toBe(true);
    expect(service.readOnly!('GetQueueUrl')).toBe(true);
    // the approximate counters advance on every read, and are persisted
    expect(service.readOnly!('GetQueueAttributes')).toBe(false);
    expect(service.readOnly!('ReceiveMessage')).toBe(false);
  });
});
