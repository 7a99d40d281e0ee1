import type { Handler, RequestContext } from '../../core/types';
import { AwsError } from '../../core/types';
import { checkBatch, failedEntry } from './batch';
import { invalidParameter, missingParameter, receiptHandleIsInvalid } from './errors';
import { visibilityChanged } from './model/message-index';
import { findMessage, removeMessage } from './model/queue';
import type { QueueState } from './model/types';
import { nowMs } from './queue-handlers';
import { decodeReceiptHandle } from './receipt';
import type { ModelInput } from './registry';
import { queueFromUrl } from './registry';
import { intParameter } from './validate';

function decode(queue: QueueState, handle: unknown) {
  if (handle === undefined || handle === null || handle === '') throw missingParameter('ReceiptHandle');
  const text = String(handle);
  const data = decodeReceiptHandle(queue.secret, text);
  if (!data) throw receiptHandleIsInvalid(text);
  return { text, ...data };
}

/**
 * DeleteMessage. A handle this queue never issued is ReceiptHandleIsInvalid. On a standard queue any handle
 * the message was received with deletes it, also after its visibility timeout ran out (the blog deletes
 * minutes after receiving) and also when a later receive superseded it (AWS documents that such a delete
 * succeeds and "might" not delete; the sandbox takes the deleting branch). A message already gone is
 * success. FIFO queues refuse a handle whose visibility timeout expired.
 */
export function deleteOne(ctx: RequestContext, queue: QueueState, handle: unknown): void {
  const { text, messageId, serial } = decode(queue, handle);
  const message = findMessage(queue, messageId);
  if (!message) return;
  const now = nowMs(ctx);
  if (queue.fifo && (serial !== message.receiptSerial || message.invisibleUntilMs <= now)) {
    throw invalidParameter('ReceiptHandle', text, 'The receipt handle has expired.');
  }
  removeMessage(queue, messageId, now);
}

/**
 * ChangeMessageVisibility. The handle must be the message's latest one; a message whose visibility timeout
 * already ran out is left alone and the call succeeds, which is what SQS answers today.
 */
export function changeVisibilityOne(
  ctx: RequestContext,
  queue: QueueState,
  handle: unknown,
  timeout: unknown,
): void {
  const { text, messageId, serial } = decode(queue, handle);
  if (timeout === undefined || timeout === null || timeout === '')
    throw missingParameter('VisibilityTimeout');
  const seconds = intParameter(
    'VisibilityTimeout',
    timeout,
    0,
    43200,
    'Must be >= 0 and <= 43200, if provided.',
  )!;
  const message = findMessage(queue, messageId);
  if (!message || message.receiptSerial !== serial) {
    throw invalidParameter(
      'ReceiptHandle',
      text,
      'Message does not exist or is not available for visibility timeout change.',
    );
  }
  const now = nowMs(ctx);
  if (message.invisibleUntilMs <= now) return;
  message.invisibleUntilMs = now + seconds * 1000;
  visibilityChanged(queue, message);
  queue.lastActivityMs = now;
}

const deleteMessage: Handler = (ctx, input) => {
  const queue = queueFromUrl(ctx, input.QueueUrl);
  deleteOne(ctx, queue, input.ReceiptHandle);
  return {};
};

const changeMessageVisibility: Handler = (ctx, input) => {
  const queue = queueFromUrl(ctx, input.QueueUrl);
  changeVisibilityOne(ctx, queue, input.ReceiptHandle, input.VisibilityTimeout);
  return {};
};

function eachEntry(
  entries: ModelInput[],
  action: (entry: ModelInput) => void,
): { Successful: unknown[]; Failed: unknown[] } {
  const Successful: unknown[] = [];
  const Failed: unknown[] = [];
  for (const entry of entries) {
    try {
      action(entry);
      Successful.push({ Id: entry.Id });
    } catch (error) {
      if (!(error instanceof AwsError)) throw error;
      Failed.push(failedEntry(entry.Id, error));
    }
  }
  return { Successful, Failed };
}

const deleteMessageBatch: Handler = (ctx, input) => {
  const queue = queueFromUrl(ctx, input.QueueUrl);
  const entries = checkBatch(input.Entries, 'DeleteMessageBatchRequestEntry');
  return eachEntry(entries, (entry) => deleteOne(ctx, queue, entry.ReceiptHandle));
};

const changeMessageVisibilityBatch: Handler = (ctx, input) => {
  const queue = queueFromUrl(ctx, input.QueueUrl);
  const entries = checkBatch(input.Entries, 'ChangeMessageVisibilityBatchRequestEntry');
  return eachEntry(entries, (entry) =>
    changeVisibilityOne(ctx, queue, entry.ReceiptHandle, entry.VisibilityTimeout ?? 0),
  );
};

export const receiptOperations: Record<string, Handler> = {
  DeleteMessage: deleteMessage,
  DeleteMessageBatch: deleteMessageBatch,
  ChangeMessageVisibility: changeMessageVisibility,
  ChangeMessageVisibilityBatch: changeMessageVisibilityBatch,
};
