import type { Rng } from '../../../core/types';
import type { StoredAttribute } from '../md5';
import type { SqsModelOptions } from '../options';
import { messageAppended, positionIndex, removeFromArray, visibilityChanged } from './message-index';
import { messageState, type QueueState, type StoredMessage } from './types';

export interface NewMessage {
  id: string;
  body: string;
  md5Body: string;
  attributes?: Record<string, StoredAttribute>;
  systemAttributes?: Record<string, StoredAttribute>;
  md5SystemAttributes?: string;
  senderId: string;
  delaySeconds: number;
  groupId?: string;
  dedupId?: string;
  deadLetterSourceArn?: string;
}

/** New queue state; standard queues get their storage hosts, each with a fixed sampling weight. */
export function newQueueState(init: {
  name: string;
  arn: string;
  fifo: boolean;
  nowMs: number;
  attributes: Record<string, string>;
  tags: Record<string, string>;
  rng: Rng;
  options: SqsModelOptions;
}): QueueState {
  const hostCount = init.fifo ? 1 : Math.max(1, Math.floor(init.options.hosts));
  return {
    name: init.name,
    arn: init.arn,
    fifo: init.fifo,
    createdMs: init.nowMs,
    lastModifiedMs: init.nowMs,
    attributes: init.attributes,
    tags: init.tags,
    secret: init.rng.chars(32, 'abcdefghijklmnopqrstuvwxyz0123456789'),
    messages: [],
    nextSeq: 1,
    nextReceiptSerial: 1,
    lastSequenceNumber: '0',
    hosts: Array.from({ length: hostCount }, () => ({
      weight: 0.5 + init.rng.next(),
      cached: { visible: 0, notVisible: 0, delayed: 0 },
    })),
    lastActivityMs: init.nowMs,
    dedup: {},
  };
}

/** FIFO sequence numbers: 20 digits, strictly increasing within the queue, derived from the clock like AWS's. */
function nextSequenceNumber(queue: QueueState, nowMs: number): string {
  const fromClock = BigInt(nowMs) * 10_000_000n;
  const previous = BigInt(queue.lastSequenceNumber);
  const next = fromClock > previous ? fromClock : previous + 1n;
  queue.lastSequenceNumber = next.toString();
  return queue.lastSequenceNumber.padStart(20, '0');
}

export const DEDUP_WINDOW_MS = 5 * 60 * 1000;

function dedupKey(queue: QueueState, message: NewMessage): string | undefined {
  if (!queue.fifo || message.dedupId === undefined) return undefined;
  return queue.attributes.DeduplicationScope === 'messageGroup'
    ? `${message.groupId}\u0000${message.dedupId}`
    : message.dedupId;
}

/**
 * Stores a message. For a FIFO queue, a deduplication id seen in the last five minutes admits nothing and
 * answers with the message it admitted first (`duplicateOf`), as SQS does.
 */
export function appendMessage(
  queue: QueueState,
  input: NewMessage,
  nowMs: number,
  rng: Rng,
): { message?: StoredMessage; duplicateOf?: { messageId: string; sequenceNumber?: string } } {
  dropExpiredDedup(queue, nowMs);
  const key = dedupKey(queue, input);
  if (key !== undefined) {
    const seen = queue.dedup[key];
    if (seen)
      return {
        duplicateOf: {
          messageId: seen.messageId,
          ...(seen.sequenceNumber ? { sequenceNumber: seen.sequenceNumber } : {}),
        },
      };
  }
  const message: StoredMessage = {
    id: input.id,
    seq: queue.nextSeq++,
    body: input.body,
    md5Body: input.md5Body,
    sentMs: nowMs,
    senderId: input.senderId,
    host: queue.hosts.length > 1 ? rng.int(0, queue.hosts.length - 1) : 0,
    availableMs: nowMs + input.delaySeconds * 1000,
    invisibleUntilMs: 0,
    receiveCount: 0,
    receiptSerial: 0,
  };
  if (input.attributes && Object.keys(input.attributes).length > 0) message.attributes = input.attributes;
  if (input.systemAttributes && Object.keys(input.systemAttributes).length > 0) {
    message.systemAttributes = input.systemAttributes;
    if (input.md5SystemAttributes) message.md5SystemAttributes = input.md5SystemAttributes;
  }
  if (input.groupId !== undefined) message.groupId = input.groupId;
  if (input.dedupId !== undefined) message.dedupId = input.dedupId;
  if (input.deadLetterSourceArn !== undefined) message.deadLetterSourceArn = input.deadLetterSourceArn;
  if (queue.fifo) message.sequenceNumber = nextSequenceNumber(queue, nowMs);
  queue.messages.push(message);
  messageAppended(queue, message);
  if (key !== undefined) {
    queue.dedup[key] = {
      messageId: message.id,
      expiresMs: nowMs + DEDUP_WINDOW_MS,
      ...(message.sequenceNumber ? { sequenceNumber: message.sequenceNumber } : {}),
    };
  }
  queue.lastActivityMs = nowMs;
  return { message };
}

function dropExpiredDedup(queue: QueueState, nowMs: number): void {
  for (const [key, entry] of Object.entries(queue.dedup))
    if (entry.expiresMs <= nowMs) delete queue.dedup[key];
}

/**
 * Drops messages older than MessageRetentionPeriod. Looks at them only once the oldest may have expired, and
 * then learns when the oldest left was sent.
 */
export function dropExpiredMessages(queue: QueueState, nowMs: number): void {
  const retentionMs = Number(queue.attributes.MessageRetentionPeriod ?? 345600) * 1000;
  const index = positionIndex(queue);
  if (index.oldestSentMs + retentionMs > nowMs) return;
  const stored = index.source;
  const kept = stored.filter((m) => m.sentMs + retentionMs > nowMs);
  if (kept.length !== stored.length) {
    queue.messages = kept;
    return;
  }
  let oldest = Number.POSITIVE_INFINITY;
  for (const m of stored) oldest = Math.min(oldest, m.sentMs);
  index.oldestSentMs = oldest;
}

export function findMessage(queue: QueueState, id: string): StoredMessage | undefined {
  const at = positionIndex(queue).position.get(id);
  return at === undefined ? undefined : queue.messages[at];
}

export function removeMessage(queue: QueueState, id: string, nowMs: number): boolean {
  if (!removeFromArray(queue, id)) return false;
  queue.lastActivityMs = nowMs;
  return true;
}

/**
 * Marks selected messages received: each gets a new receipt serial (so earlier handles are superseded),
 * a higher receive count and its visibility timeout. With `duplicateChance`, a copy on another host misses
 * the update and the message stays visible — SQS's at-least-once delivery.
 */
export function markReceived(
  queue: QueueState,
  messages: StoredMessage[],
  visibilityTimeoutSeconds: number,
  nowMs: number,
  rng: Rng,
  options: SqsModelOptions,
): void {
  const duplicates = options.mode === 'sampled' && !queue.fifo && options.duplicateChance > 0;
  for (const message of messages) {
    message.receiptSerial = queue.nextReceiptSerial++;
    message.receiveCount++;
    message.firstReceiveMs ??= nowMs;
    const stays = duplicates && rng.next() < options.duplicateChance;
    message.invisibleUntilMs = stays ? nowMs : nowMs + visibilityTimeoutSeconds * 1000;
    visibilityChanged(queue, message);
  }
  if (messages.length > 0) queue.lastActivityMs = nowMs;
}

export function isVisible(message: StoredMessage, nowMs: number): boolean {
  return messageState(message, nowMs) === 'visible';
}
