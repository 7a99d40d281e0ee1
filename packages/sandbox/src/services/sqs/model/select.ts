import type { Rng } from '../../../core/types';
import type { SqsModelOptions } from '../options';
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

/**
 * Which visible messages a ReceiveMessage on a standard queue returns, before they are marked received.
 *
 * Strict mode: the oldest `max`, in send order. Sampled mode: a short poll asks a weighted random subset of
 * the storage hosts and merges what they hold by picking, message by message, a random asked host and taking
 * its oldest visible message; each asked host offers only part of what it stores. So a reply can hold fewer
 * than `max` although more are stored, and send order is lost across hosts. A long poll asks every host for
 * everything.
 */
export function selectStandard(
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
      // The front end retries another host rather than answer empty while messages are stored.
      const fallback = weightedPick([...byHost.keys()], weightOf, rng);
      asked = fallback === undefined ? [] : [fallback];
    }
  }
  if (!longPoll) {
    // A host answering a short poll scans only part of what it stores.
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
