import { describe, expect, it } from 'vitest';
import type { Rng } from '../../../core/types';
import { DEFAULT_SQS_MODEL_OPTIONS, type SqsModelOptions } from '../options';
import { seededRng } from '../testing';
import { positionIndex, visibilityChanged } from './message-index';
import {
  appendMessage,
  dropExpiredMessages,
  findMessage,
  markReceived,
  newQueueState,
  removeMessage,
} from './queue';
import { selectStandard } from './select';
import { messageState, type QueueState, type StoredMessage } from './types';

/*
 * The queue's message index against the scan it replaced: after random sends (some delayed), receives,
 * visibility changes, deletes, expiries and clock moves (also backwards), a receive must choose the same
 * messages with the same random draws as the scan over every message did. `scanSelect` is that scan, as it
 * was before the index (model/select.ts at the commit before it), kept here as the reference.
 */

function weightedPick<T>(items: T[], weight: (item: T) => number, rng: Rng): T | undefined {
  const total = items.reduce((sum, item) => sum + weight(item), 0);
  let point = rng.next() * total;
  for (const item of items) {
    point -= weight(item);
    if (point < 0) return item;
  }
  return items[items.length - 1];
}

function scanSelect(
  queue: QueueState,
  max: number,
  longPoll: boolean,
  nowMs: number,
  rng: Rng,
  options: SqsModelOptions,
): StoredMessage[] {
  const visible = queue.messages.filter((m) => messageState(m, nowMs) === 'visible');
  if (visible.length === 0) return [];
  if (options.mode === 'strict' || queue.hosts.length <= 1) {
    return [...visible].sort((a, b) => a.seq - b.seq).slice(0, max);
  }
  const byHost = new Map<number, StoredMessage[]>();
  for (const message of [...visible].sort((a, b) => a.seq - b.seq)) {
    const list = byHost.get(message.host) ?? [];
    list.push(message);
    byHost.set(message.host, list);
  }
  const weightOf = (host: number): number => queue.hosts[host]?.weight ?? 1;
  let asked: number[];
  if (longPoll) {
    asked = [...byHost.keys()];
  } else {
    asked = queue.hosts
      .map((_, index) => index)
      .filter((index) => rng.next() < Math.min(1, options.sampleShare * weightOf(index)))
      .filter((index) => byHost.has(index));
    if (asked.length === 0) {
      if (rng.next() < options.emptyReceiveChance) return [];
      const fallback = weightedPick([...byHost.keys()], weightOf, rng);
      asked = fallback === undefined ? [] : [fallback];
    }
  }
  if (!longPoll) {
    for (const host of asked) {
      const list = byHost.get(host) ?? [];
      list.length = rng.int(1, list.length);
    }
  }
  const taken: StoredMessage[] = [];
  while (taken.length < max) {
    const candidates = asked.filter((host) => (byHost.get(host)?.length ?? 0) > 0);
    const host = weightedPick(candidates, weightOf, rng);
    if (host === undefined) break;
    const next = byHost.get(host)?.shift();
    if (next) taken.push(next);
  }
  return taken;
}

const START = Date.UTC(2021, 5, 12, 18, 0, 0);

function newQueue(seed: number, hosts: number): QueueState {
  return newQueueState({
    name: 'q',
    arn: 'arn:aws:sqs:ap-northeast-1:123456789012:q',
    fifo: false,
    nowMs: START,
    attributes: { VisibilityTimeout: '30', MessageRetentionPeriod: '345600' },
    tags: {},
    rng: seededRng(seed),
    options: { ...DEFAULT_SQS_MODEL_OPTIONS, hosts },
  });
}

/** One random step on the queue; returns the new time. */
function step(queue: QueueState, r: Rng, now: number, n: number): number {
  const kind = r.int(0, 9);
  const stored = queue.messages;
  const any = () => stored[r.int(0, stored.length - 1)] as StoredMessage;
  if (kind <= 3) {
    const delay = r.next() < 0.2 ? r.int(1, 20) : 0;
    appendMessage(
      queue,
      { id: `m${n}`, body: `${n}`, md5Body: '', senderId: 's', delaySeconds: delay },
      now,
      r,
    );
  } else if (kind === 4 && stored.length > 0) {
    removeMessage(queue, any().id, now);
  } else if (kind === 5 && stored.length > 0) {
    const m = any();
    m.invisibleUntilMs = now + r.int(0, 40) * 1000;
    visibilityChanged(queue, m);
  } else if (kind === 6) {
    return now + r.int(0, 15) * 1000;
  } else if (kind === 7 && r.next() < 0.1) {
    return now - r.int(1, 30) * 1000;
  } else if (kind === 8 && r.next() < 0.1) {
    queue.attributes.MessageRetentionPeriod = String(r.int(60, 600));
    dropExpiredMessages(queue, now);
  }
  return now;
}

function compareRun(seed: number, hosts: number, options: SqsModelOptions) {
  const queue = newQueue(seed, hosts);
  const r = seededRng(seed * 7 + 1);
  let now = START;
  let received = 0;
  for (let n = 0; n < 600; n++) {
    now = step(queue, r, now, n);
    if (n % 3 !== 0) continue;
    const [max, longPoll] = [r.int(1, 10), r.next() < 0.2];
    const mine = seededRng(n + seed);
    const theirs = seededRng(n + seed);
    const chosen = selectStandard(queue, max, longPoll, now, mine, options);
    const expected = scanSelect(queue, max, longPoll, now, theirs, options);
    expect(chosen.map((m) => m.id)).toEqual(expected.map((m) => m.id));
    expect(mine.next()).toBe(theirs.next());
    markReceived(queue, chosen, r.int(0, 30), now, r, options);
    received += chosen.length;
  }
  return received;
}

describe('the SQS message index', () => {
  it('chooses what the scan chose, with the same draws, on sampled queues of 8 hosts', () => {
    for (let seed = 1; seed <= 12; seed++) {
      expect(compareRun(seed, 8, DEFAULT_SQS_MODEL_OPTIONS)).toBeGreaterThan(0);
    }
  });

  it('chooses what the scan chose in strict mode and with one host', () => {
    const strict = { ...DEFAULT_SQS_MODEL_OPTIONS, mode: 'strict' as const };
    for (let seed = 1; seed <= 6; seed++) {
      expect(compareRun(seed, 8, strict)).toBeGreaterThan(0);
      expect(compareRun(seed, 1, DEFAULT_SQS_MODEL_OPTIONS)).toBeGreaterThan(0);
    }
  });

  it('chooses what the scan chose when a short poll may answer empty', () => {
    const empty = { ...DEFAULT_SQS_MODEL_OPTIONS, emptyReceiveChance: 0.5, sampleShare: 0.1 };
    for (let seed = 1; seed <= 6; seed++) compareRun(seed, 8, empty);
  });

  it('finds each message by id after deletes have moved others in the array', () => {
    const queue = newQueue(3, 8);
    const r = seededRng(3);
    for (let n = 0; n < 50; n++) {
      appendMessage(
        queue,
        { id: `m${n}`, body: `${n}`, md5Body: '', senderId: 's', delaySeconds: 0 },
        START,
        r,
      );
    }
    for (const id of ['m0', 'm49', 'm17', 'm3']) expect(removeMessage(queue, id, START)).toBe(true);
    expect(removeMessage(queue, 'm17', START)).toBe(false);
    expect(queue.messages).toHaveLength(46);
    for (const m of queue.messages) expect(findMessage(queue, m.id)).toBe(m);
    expect(findMessage(queue, 'm49')).toBeUndefined();
    expect([...positionIndex(queue).position.keys()].sort()).toEqual(queue.messages.map((m) => m.id).sort());
  });

  it('drops expired messages only once the oldest one has expired', () => {
    const queue = newQueue(4, 8);
    const r = seededRng(4);
    queue.attributes.MessageRetentionPeriod = '60';
    appendMessage(queue, { id: 'old', body: '', md5Body: '', senderId: 's', delaySeconds: 0 }, START, r);
    appendMessage(
      queue,
      { id: 'new', body: '', md5Body: '', senderId: 's', delaySeconds: 0 },
      START + 30_000,
      r,
    );
    const before = queue.messages;
    dropExpiredMessages(queue, START + 59_000);
    expect(queue.messages).toBe(before);
    dropExpiredMessages(queue, START + 60_000);
    expect(queue.messages.map((m) => m.id)).toEqual(['new']);
    dropExpiredMessages(queue, START + 90_000);
    expect(queue.messages).toEqual([]);
  });
});
