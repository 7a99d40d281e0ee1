import { createHash } from 'node:crypto';
import type { Handler, RequestContext } from '../../core/types';
import { AwsError } from '../../core/types';
import { checkBatch, failedEntry } from './batch';
import { batchRequestTooLong, invalidParameter, invalidParameterValue, missingParameter } from './errors';
import { md5Hex, md5OfAttributes, type StoredAttribute } from './md5';
import { appendMessage } from './model/queue';
import type { QueueState } from './model/types';
import { nowMs } from './queue-handlers';
import type { ModelInput } from './registry';
import { queueFromUrl, uuid } from './registry';
import { checkBody, checkFifoId, checkMessageAttributes, intParameter, messageSize } from './validate';

/** Total payload a SendMessageBatch may carry, whatever the queue's MaximumMessageSize. */
const BATCH_LIMIT = 1048576;

function checkSystemAttributes(input: unknown): Record<string, StoredAttribute> {
  const out: Record<string, StoredAttribute> = {};
  for (const [name, value] of Object.entries((input ?? {}) as Record<string, Record<string, unknown>>)) {
    if (name !== 'AWSTraceHeader') {
      throw invalidParameterValue(`Message system attribute name '${name}' is invalid.`);
    }
    if (value?.DataType !== 'String' || typeof value.StringValue !== 'string' || value.StringValue === '') {
      throw invalidParameterValue(
        `Message system attribute '${name}' must contain a non-empty value of type 'String'.`,
      );
    }
    out[name] = { DataType: 'String', StringValue: value.StringValue };
  }
  return out;
}

interface SendResult {
  MD5OfMessageBody: string;
  MD5OfMessageAttributes?: string;
  MD5OfMessageSystemAttributes?: string;
  MessageId: string;
  SequenceNumber?: string;
}

/** Validates and stores one message (SendMessage or one batch entry); throws the AWS error for bad input. */
export function sendOne(ctx: RequestContext, queue: QueueState, entry: ModelInput): SendResult {
  const body = checkBody(entry.MessageBody);
  const attributes = checkMessageAttributes(entry.MessageAttributes);
  const systemAttributes = checkSystemAttributes(entry.MessageSystemAttributes);
  const limit = Number(queue.attributes.MaximumMessageSize);
  if (messageSize(body, attributes) > limit) {
    throw invalidParameterValue(
      `One or more parameters are invalid. Reason: Message must be shorter than ${limit} bytes.`,
    );
  }
  const delay = intParameter(
    'DelaySeconds',
    entry.DelaySeconds,
    0,
    900,
    'DelaySeconds must be >= 0 and <= 900.',
  );
  const groupId = checkFifoId('MessageGroupId', entry.MessageGroupId);
  let dedupId = checkFifoId('MessageDeduplicationId', entry.MessageDeduplicationId);
  if (queue.fifo) {
    if (groupId === undefined) throw missingParameter('MessageGroupId');
    if (delay !== undefined) {
      throw invalidParameter(
        'DelaySeconds',
        delay,
        'The request include parameter that is not valid for this queue type.',
      );
    }
    if (dedupId === undefined) {
      if (queue.attributes.ContentBasedDeduplication !== 'true') {
        throw invalidParameterValue(
          'The queue should either have ContentBasedDeduplication enabled or MessageDeduplicationId provided explicitly',
        );
      }
      dedupId = createHash('sha256').update(body, 'utf8').digest('hex');
    }
  } else if (dedupId !== undefined) {
    throw invalidParameter(
      'MessageDeduplicationId',
      dedupId,
      'The request includes a parameter that is not valid for this queue type.',
    );
  }
  const md5Body = md5Hex(Buffer.from(body, 'utf8'));
  const md5Attributes = md5OfAttributes(attributes);
  const md5System = md5OfAttributes(systemAttributes);
  const now = nowMs(ctx);
  const { message, duplicateOf } = appendMessage(
    queue,
    {
      id: uuid(ctx),
      body,
      md5Body,
      attributes,
      systemAttributes,
      ...(md5System ? { md5SystemAttributes: md5System } : {}),
      senderId: ctx.principal.userId,
      delaySeconds: delay ?? Number(queue.attributes.DelaySeconds ?? 0),
      ...(groupId !== undefined ? { groupId } : {}),
      ...(dedupId !== undefined ? { dedupId } : {}),
    },
    now,
    ctx.rng,
  );
  const messageId = message?.id ?? duplicateOf?.messageId ?? '';
  const sequenceNumber = message?.sequenceNumber ?? duplicateOf?.sequenceNumber;
  // Key order follows the model (MD5s, then MessageId), as the CLI prints what it gets.
  return {
    MD5OfMessageBody: md5Body,
    ...(md5Attributes ? { MD5OfMessageAttributes: md5Attributes } : {}),
    ...(md5System ? { MD5OfMessageSystemAttributes: md5System } : {}),
    MessageId: messageId,
    ...(sequenceNumber ? { SequenceNumber: sequenceNumber } : {}),
  };
}

const sendMessage: Handler = (ctx, input) => {
  const queue = queueFromUrl(ctx, input.QueueUrl);
  return sendOne(ctx, queue, input);
};

const sendMessageBatch: Handler = (ctx, input) => {
  const queue = queueFromUrl(ctx, input.QueueUrl);
  const entries = checkBatch(input.Entries, 'SendMessageBatchRequestEntry');
  let total = 0;
  for (const entry of entries) {
    const body = typeof entry.MessageBody === 'string' ? entry.MessageBody : '';
    let attributesSize = 0;
    try {
      attributesSize = messageSize('', checkMessageAttributes(entry.MessageAttributes));
    } catch {
      // reported per entry below
    }
    total += Buffer.byteLength(body, 'utf8') + attributesSize;
  }
  if (total > BATCH_LIMIT) throw batchRequestTooLong(BATCH_LIMIT, total);
  const Successful: Record<string, unknown>[] = [];
  const Failed: Record<string, unknown>[] = [];
  for (const entry of entries) {
    try {
      Successful.push({ Id: entry.Id, ...sendOne(ctx, queue, entry) });
    } catch (error) {
      if (!(error instanceof AwsError)) throw error;
      Failed.push(failedEntry(entry.Id, error));
    }
  }
  return { Successful, Failed };
};

export const sendOperations: Record<string, Handler> = {
  SendMessage: sendMessage,
  SendMessageBatch: sendMessageBatch,
};
