import { setTimeout as sleep } from 'node:timers/promises';
import type { Handler, RequestContext } from '../../core/types';
import type { StoredAttribute } from './md5';
import { md5OfAttributes } from './md5';
import { appendMessage, dropExpiredMessages, markReceived, removeMessage } from './model/queue';
import { selectFifo, selectStandard, visibleMessages } from './model/select';
import type { QueueState, StoredMessage } from './model/types';
import { type SqsModelOptions, sqsModelOptions } from './options';
import { nowMs } from './queue-handlers';
import { encodeReceiptHandle } from './receipt';
import { queueByArn, queueByName, queueFromUrl } from './registry';
import { intParameter } from './validate';

const SYSTEM_ATTRIBUTE_NAMES = [
  'SenderId',
  'SentTimestamp',
  'ApproximateReceiveCount',
  'ApproximateFirstReceiveTimestamp',
  'SequenceNumber',
  'MessageDeduplicationId',
  'MessageGroupId',
  'AWSTraceHeader',
  'DeadLetterQueueSourceArn',
];

function systemAttributes(message: StoredMessage, requested: Set<string>): Record<string, string> {
  const all = requested.has('All');
  const want = (name: string) => all || requested.has(name);
  const values: Record<string, string | undefined> = {
    SenderId: message.senderId,
    SentTimestamp: String(message.sentMs),
    ApproximateReceiveCount: String(message.receiveCount),
    ApproximateFirstReceiveTimestamp: String(message.firstReceiveMs ?? message.sentMs),
    SequenceNumber: message.sequenceNumber,
    MessageDeduplicationId: message.dedupId,
    MessageGroupId: message.groupId,
    AWSTraceHeader: message.systemAttributes?.AWSTraceHeader?.StringValue,
    DeadLetterQueueSourceArn: message.deadLetterSourceArn,
  };
  const out: Record<string, string> = {};
  for (const name of SYSTEM_ATTRIBUTE_NAMES) {
    const value = values[name];
    if (want(name) && value !== undefined) out[name] = value;
  }
  return out;
}

/** MessageAttributeNames: `All` or `.*` for every attribute, `prefix.*` for a family, else exact names. */
function userAttributes(message: StoredMessage, requested: string[]): Record<string, StoredAttribute> {
  const out: Record<string, StoredAttribute> = {};
  const attributes = message.attributes ?? {};
  const matches = (name: string) =>
    requested.some((pattern) => {
      if (pattern === 'All' || pattern === '.*') return true;
      if (pattern.endsWith('.*')) return name.startsWith(pattern.slice(0, -1));
      return pattern === name;
    });
  for (const name of Object.keys(attributes).sort()) if (matches(name)) out[name] = attributes[name]!;
  return out;
}

function wireAttribute(attribute: StoredAttribute): Record<string, unknown> {
  return attribute.BinaryValue !== undefined
    ? { BinaryValue: Buffer.from(attribute.BinaryValue, 'base64'), DataType: attribute.DataType }
    : { StringValue: attribute.StringValue, DataType: attribute.DataType };
}

/**
 * Redrive: a message already received maxReceiveCount times goes to the dead-letter queue instead of being
 * delivered again.
 */
function redrive(ctx: RequestContext, queue: QueueState, now: number): void {
  if (!queue.attributes.RedrivePolicy) return;
  let policy: { deadLetterTargetArn?: string; maxReceiveCount?: number | string };
  try {
    policy = JSON.parse(queue.attributes.RedrivePolicy);
  } catch {
    return;
  }
  const max = Number(policy.maxReceiveCount);
  const target = queueByArn(ctx, policy.deadLetterTargetArn);
  if (!target || !Number.isInteger(max) || target === queue) return;
  // In send order, as the messages were stored before deletes stopped keeping the array in that order.
  for (const message of visibleMessages(queue, now)) {
    if (message.receiveCount < max) continue;
    removeMessage(queue, message.id, now);
    appendMessage(
      target,
      {
        id: message.id,
        body: message.body,
        md5Body: message.md5Body,
        ...(message.attributes ? { attributes: message.attributes } : {}),
        ...(message.systemAttributes ? { systemAttributes: message.systemAttributes } : {}),
        senderId: message.senderId,
        delaySeconds: 0,
        ...(message.groupId !== undefined ? { groupId: message.groupId } : {}),
        deadLetterSourceArn: queue.arn,
      },
      now,
      ctx.rng,
    );
  }
}

interface ReceiveRequest {
  name: string;
  max: number;
  visibilityTimeout: number | undefined;
  longPoll: boolean;
  systemNames: Set<string>;
  attributeNames: string[];
}

function receiveOnce(
  ctx: RequestContext,
  request: ReceiveRequest,
  options: SqsModelOptions,
): unknown[] | undefined {
  const queue = queueByName(ctx, request.name);
  if (!queue) return undefined;
  const now = nowMs(ctx);
  dropExpiredMessages(queue, now);
  redrive(ctx, queue, now);
  const selected = queue.fifo
    ? selectFifo(queue, request.max, now)
    : selectStandard(queue, request.max, request.longPoll, now, ctx.rng, options);
  const timeout = request.visibilityTimeout ?? Number(queue.attributes.VisibilityTimeout);
  markReceived(queue, selected, timeout, now, ctx.rng, options);
  return selected.map((message) => {
    const attributes = systemAttributes(message, request.systemNames);
    const user = userAttributes(message, request.attributeNames);
    const md5User = md5OfAttributes(user);
    return {
      MessageId: message.id,
      ReceiptHandle: encodeReceiptHandle(
        queue.secret,
        { messageId: message.id, serial: message.receiptSerial },
        ctx.rng,
      ),
      MD5OfBody: message.md5Body,
      Body: message.body,
      ...(Object.keys(attributes).length > 0 ? { Attributes: attributes } : {}),
      ...(md5User ? { MD5OfMessageAttributes: md5User } : {}),
      ...(md5User
        ? {
            MessageAttributes: Object.fromEntries(
              Object.entries(user).map(([k, v]) => [k, wireAttribute(v)]),
            ),
          }
        : {}),
    };
  });
}

/** How often a waiting long poll looks again (real time). */
const POLL_INTERVAL_MS = 50;

const receiveMessage: Handler = async (ctx, input) => {
  const queue = queueFromUrl(ctx, input.QueueUrl);
  const max =
    intParameter(
      'MaxNumberOfMessages',
      input.MaxNumberOfMessages,
      1,
      10,
      'Must be between 1 and 10, if provided.',
    ) ?? 1;
  const visibilityTimeout = intParameter(
    'VisibilityTimeout',
    input.VisibilityTimeout,
    0,
    43200,
    'Must be >= 0 and <= 43200, if provided.',
  );
  const wait =
    intParameter('WaitTimeSeconds', input.WaitTimeSeconds, 0, 20, 'Must be >= 0 and <= 20, if provided.') ??
    Number(queue.attributes.ReceiveMessageWaitTimeSeconds ?? 0);
  const request: ReceiveRequest = {
    name: queue.name,
    max,
    visibilityTimeout,
    longPoll: wait > 0,
    systemNames: new Set(
      [
        ...((input.AttributeNames ?? []) as unknown[]),
        ...((input.MessageSystemAttributeNames ?? []) as unknown[]),
      ].map(String),
    ),
    attributeNames: ((input.MessageAttributeNames ?? []) as unknown[]).map(String),
  };
  const options = sqsModelOptions();
  let messages = receiveOnce(ctx, request, options) ?? [];
  // Long polling: wait (only while nothing is available) until a message arrives or the wait time passes,
  // on whichever runs out first of the sandbox clock and real time, so a frozen test clock cannot hang it.
  const realDeadline = Date.now() + wait * 1000;
  const clockDeadline = nowMs(ctx) + wait * 1000;
  while (messages.length === 0 && Date.now() < realDeadline && nowMs(ctx) < clockDeadline) {
    await sleep(Math.min(POLL_INTERVAL_MS, Math.max(1, realDeadline - Date.now())));
    const next = receiveOnce(ctx, request, options);
    if (next === undefined) break;
    messages = next;
  }
  return messages.length > 0 ? { Messages: messages } : {};
};

export const receiveOperations: Record<string, Handler> = { ReceiveMessage: receiveMessage };
