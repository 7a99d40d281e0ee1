import type { StoredAttribute } from '../md5';

/** One message as persisted (JSON): times are epoch milliseconds of the sandbox clock. */
export interface StoredMessage {
  id: string;
  /** Send order within the queue. */
  seq: number;
  body: string;
  md5Body: string;
  attributes?: Record<string, StoredAttribute>;
  systemAttributes?: Record<string, StoredAttribute>;
  md5SystemAttributes?: string;
  sentMs: number;
  senderId: string;
  /** The simulated storage host holding it (standard queues). */
  host: number;
  /** Delayed until then. */
  availableMs: number;
  /** In flight until then; 0 when never received. */
  invisibleUntilMs: number;
  receiveCount: number;
  firstReceiveMs?: number;
  /** Serial of the latest receive; receipt handles carry it. 0 when never received. */
  receiptSerial: number;
  groupId?: string;
  dedupId?: string;
  sequenceNumber?: string;
  deadLetterSourceArn?: string;
}

export interface Counts {
  visible: number;
  notVisible: number;
  delayed: number;
}

export interface HostState {
  /** How readily a short poll asks this host (0.5–1.5), fixed when the queue is created. */
  weight: number;
  /** The counters this host last reported; the approximate counts are built from these. */
  cached: Counts;
}

export interface QueueState {
  name: string;
  arn: string;
  fifo: boolean;
  createdMs: number;
  lastModifiedMs: number;
  /** The settable attributes with their current values (defaults filled in). */
  attributes: Record<string, string>;
  tags: Record<string, string>;
  /** Key that signs this queue's receipt handles. */
  secret: string;
  messages: StoredMessage[];
  nextSeq: number;
  nextReceiptSerial: number;
  lastSequenceNumber: string;
  hosts: HostState[];
  /** Last send, receive, delete or visibility change: counts settle after a quiet period. */
  lastActivityMs: number;
  /** FIFO deduplication window: key → the message it admitted. */
  dedup: Record<string, { messageId: string; sequenceNumber?: string; expiresMs: number }>;
  lastPurgeMs?: number;
}

export interface SqsRegionState {
  queues: Record<string, QueueState>;
  /** Queue name → when it was deleted (for QueueDeletedRecently). */
  deleted: Record<string, number>;
}

export type MessageState = 'delayed' | 'inflight' | 'visible';

export function messageState(message: StoredMessage, nowMs: number): MessageState {
  if (message.availableMs > nowMs) return 'delayed';
  if (message.invisibleUntilMs > nowMs) return 'inflight';
  return 'visible';
}
