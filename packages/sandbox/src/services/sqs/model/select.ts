import type { Rng } from '../../../core/types';
import type { SqsModelOptions } from '../options';
import { type Entry, type MessageIndex, visibleIndex } from './message-index';
import { messageState, type QueueState, type StoredMessage } from './types';

function weightedPick<T>(items: T[], weight: (item: T) => number, rng: Rng): T | undefined {
  const total = items.reduce((sum, item) => sum + weight(item), 0);
  let point = rng.next() * total;
  for (const item of items) {
    point -= weight(item);
    if (point < 0) return item;
  }
  return items[items.length - 1];
}

/** The first `max` visible messages in send order, across hosts. */
function oldestVisible(index: MessageIndex, max: number): Entry[] {
  const heads = [...index.ready.values()].flatMap((list) => list.slice(0, max));
  return heads.sort((a, b) => a.seq - b.seq).slice(0, max);
}

/** Every message visible at `nowMs`, in send order. */
export function visibleMessages(queue: QueueState, nowMs: number): StoredMessage[] {
  const index = visibleIndex(queue, nowMs);
  return oldestVisible(index, index.readyIds.size).map(
    (entry) => queue.messages[index.position.get(entry.id) as number] as StoredMessage,
  );
}

/**
 * Which visible messages a ReceiveMessage on a standard queue returns, before they are marked received.
 *
 * Strict mode: the oldest `max`, in send order. Sampled mode: a short poll asks a weighted random subset of
 * the storage hosts and merges what they hold by picking, message by message, a random asked host and taking
 * its oldest visible message; each asked host offers only part of what it stores. So a reply can hold fewer
 * than `max` although more are stored, and send order is lost across hosts. A long poll asks every host for
 * everything.
 *
 * The visible messages come from the queue's index (message-index.ts) rather than a look at every message,
 * and a host's offer is a count from the front of its list rather than a copy: the random draws, their order
 * and so the messages chosen are those of the scan it replaces.
 */
export function selectStandard(
  queue: QueueState,
  max: number,
  longPoll: boolean,
  nowMs: number,
  rng: Rng,
  options: SqsModelOptions,
): StoredMessage[] {
  const index = visibleIndex(queue, nowMs);
  if (index.readyIds.size === 0) return [];
  const message = (entry: Entry) => queue.messages[index.position.get(entry.id) as number] as StoredMessage;
  if (options.mode === 'strict' || queue.hosts.length <= 1) return oldestVisible(index, max).map(message);
  // Hosts holding visible messages, in the order of their oldest one (the order the scan met them in).
  const byHost = new Map(
    [...index.ready]
      .filter(([, list]) => list.length > 0)
      .sort(([, a], [, b]) => (a[0] as Entry).seq - (b[0] as Entry).seq),
  );
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
      // The front end retries another host rather than answer empty while messages are stored.
      const fallback = weightedPick([...byHost.keys()], weightOf, rng);
      asked = fallback === undefined ? [] : [fallback];
    }
  }
  // How many of its oldest visible messages each asked host offers: all of them to a long poll, a random
  // part to a short one (a host answering a short poll scans only part of what it stores).
  const offered = new Map(asked.map((host) => [host, byHost.get(host)?.length ?? 0]));
  if (!longPoll) for (const host of asked) offered.set(host, rng.int(1, offered.get(host) as number));
  const taken: StoredMessage[] = [];
  const next = new Map<number, number>();
  while (taken.length < max) {
    const candidates = asked.filter((host) => (next.get(host) ?? 0) < (offered.get(host) as number));
    const host = weightedPick(candidates, weightOf, rng);
    if (host === undefined) break;
    const at = next.get(host) ?? 0;
    next.set(host, at + 1);
    taken.push(message((byHost.get(host) as Entry[])[at] as Entry));
  }
  return taken;
}

/**
 * FIFO: messages in send order, skipping every message group that has a message in flight (or still
 * delayed), so a group is delivered strictly in order and one batch at a time.
 */
export function selectFifo(queue: QueueState, max: number, nowMs: number): StoredMessage[] {
  const blocked = new Set<string>();
  const taken: StoredMessage[] = [];
  for (const message of [...queue.messages].sort((a, b) => a.seq - b.seq)) {
    const group = message.groupId ?? '';
    const state = messageState(message, nowMs);
    if (state !== 'visible') {
      blocked.add(group);
      continue;
    }
    if (blocked.has(group)) continue;
    taken.push(message);
    if (taken.length >= max) break;
  }
  return taken;
}
