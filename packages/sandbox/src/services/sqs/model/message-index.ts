import { type Derivation, derived, untracked } from '../../../core/derived';
import type { QueueState, StoredMessage } from './types';

/*
 * A queue's messages as a receive needs them, kept beside the state so that a receive or a delete costs what it
 * touches rather than every message waiting in the queue: where each message is in the queue's array, which
 * are visible (per storage host, in send order) and when the hidden ones (delayed or in flight) show again.
 *
 * A message is visible at a time when neither its delay nor its visibility timeout has it hidden then
 * (types.ts, messageState). The index is true as of `asOf`: every message visible then is in `ready`, every
 * other one has an entry in `hidden` under the time it shows, so moving the index forward to a later time pops
 * only what showed in between. Entries made stale by a later change (a delete, a new timeout) are skipped when
 * popped. Visibility is first worked out on the first use with a time, and again if the clock is set back.
 */

/** A visible message in its host's list. */
export interface Entry {
  seq: number;
  id: string;
}

export interface MessageIndex {
  /** The array indexed: a purge or an expiry replaces it, and then the index is built again. */
  source: StoredMessage[];
  position: Map<string, number>;
  /** No message still stored was sent before this (a lower bound): until it expires, retention drops nothing. */
  oldestSentMs: number;
  /** When visibility was last worked out; undefined until the first use with a time. */
  asOf: number | undefined;
  /** The visible messages by storage host, each list in send order. */
  ready: Map<number, Entry[]>;
  readyIds: Set<string>;
  hidden: ShowHeap;
}

/** When a message is visible from: after its delay and its visibility timeout. */
const showsAt = (m: StoredMessage) => Math.max(m.availableMs, m.invisibleUntilMs);

/** A min-heap of (time, message id). */
class ShowHeap {
  times: number[] = [];
  ids: string[] = [];

  get size(): number {
    return this.times.length;
  }

  push(time: number, id: string): void {
    let i = this.times.length;
    this.times.push(time);
    this.ids.push(id);
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if ((this.times[parent] as number) <= time) break;
      this.move(parent, i);
      i = parent;
    }
    this.times[i] = time;
    this.ids[i] = id;
  }

  /** The earliest entry's time, or Infinity when empty. */
  peek(): number {
    return this.times.length > 0 ? (this.times[0] as number) : Number.POSITIVE_INFINITY;
  }

  pop(): string {
    const id = this.ids[0] as string;
    const time = this.times.pop() as number;
    const lastId = this.ids.pop() as string;
    const n = this.times.length;
    if (n === 0) return id;
    let i = 0;
    for (;;) {
      let child = 2 * i + 1;
      if (child >= n) break;
      if (child + 1 < n && (this.times[child + 1] as number) < (this.times[child] as number)) child++;
      if ((this.times[child] as number) >= time) break;
      this.move(child, i);
      i = child;
    }
    this.times[i] = time;
    this.ids[i] = lastId;
    return id;
  }

  private move(from: number, to: number): void {
    this.times[to] = this.times[from] as number;
    this.ids[to] = this.ids[from] as string;
  }
}

/** Where an entry of `seq` is in a list in send order, or where it would go. */
function seek(list: readonly Entry[], seq: number): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((list[mid] as Entry).seq < seq) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function makeReady(index: MessageIndex, m: StoredMessage): void {
  if (index.readyIds.has(m.id)) return;
  let list = index.ready.get(m.host);
  if (!list) {
    list = [];
    index.ready.set(m.host, list);
  }
  const at = seek(list, m.seq);
  list.splice(at, 0, { seq: m.seq, id: m.id });
  index.readyIds.add(m.id);
}

function unready(index: MessageIndex, m: StoredMessage): void {
  if (!index.readyIds.delete(m.id)) return;
  const list = index.ready.get(m.host) as Entry[];
  const at = seek(list, m.seq);
  if (list[at]?.id === m.id) list.splice(at, 1);
}

/** Works out every message's visibility at `nowMs` from scratch. */
function classify(index: MessageIndex, nowMs: number): void {
  index.ready = new Map();
  index.readyIds = new Set();
  index.hidden = new ShowHeap();
  const visible = index.source.filter((m) => showsAt(m) <= nowMs).sort((a, b) => a.seq - b.seq);
  for (const m of visible) {
    let list = index.ready.get(m.host);
    if (!list) {
      list = [];
      index.ready.set(m.host, list);
    }
    list.push({ seq: m.seq, id: m.id });
    index.readyIds.add(m.id);
  }
  for (const m of index.source) if (showsAt(m) > nowMs) index.hidden.push(showsAt(m), m.id);
  index.asOf = nowMs;
}

/** Moves the index forward to `nowMs`: the messages that showed since become visible. */
function advance(index: MessageIndex, nowMs: number): void {
  if (index.asOf === undefined || nowMs < index.asOf) {
    classify(index, nowMs);
    return;
  }
  while (index.hidden.peek() <= nowMs) {
    const id = index.hidden.pop();
    const at = index.position.get(id);
    const m = at === undefined ? undefined : index.source[at];
    if (m && showsAt(m) <= nowMs) makeReady(index, m);
  }
  index.asOf = nowMs;
  // Stale entries pile up when messages are deleted in flight and the clock stands still: start afresh.
  if (index.hidden.size > 2 * index.source.length + 1024) classify(index, nowMs);
}

function build(raw: object): MessageIndex {
  const source = (raw as QueueState).messages;
  let oldestSentMs = Number.POSITIVE_INFINITY;
  for (const m of source) oldestSentMs = Math.min(oldestSentMs, m.sentMs);
  return {
    source,
    position: new Map(source.map((m, i) => [m.id, i])),
    oldestSentMs,
    asOf: undefined,
    ready: new Map(),
    readyIds: new Set(),
    hidden: new ShowHeap(),
  };
}

const messageIndex: Derivation<MessageIndex> = {
  name: 'SQS messages',
  build,
  current: (kept, raw) => kept.source === (raw as QueueState).messages,
  agrees(kept, raw) {
    const fresh = build(raw);
    if (!sameMap(kept.position, fresh.position) || kept.oldestSentMs > fresh.oldestSentMs) return false;
    if (kept.asOf === undefined) return true;
    classify(fresh, kept.asOf);
    const lists = (index: MessageIndex) =>
      [...index.ready].filter(([, list]) => list.length > 0).sort(([a], [b]) => a - b);
    const waiting = new Set(kept.hidden.times.map((time, i) => `${time}/${kept.hidden.ids[i]}`));
    return (
      JSON.stringify(lists(kept)) === JSON.stringify(lists(fresh)) &&
      sameSet(kept.readyIds, fresh.readyIds) &&
      fresh.source.every((m) => showsAt(m) <= (kept.asOf as number) || waiting.has(`${showsAt(m)}/${m.id}`))
    );
  },
};

function sameMap<K, V>(a: Map<K, V>, b: Map<K, V>): boolean {
  return a.size === b.size && [...a].every(([k, v]) => b.get(k) === v);
}

function sameSet<T>(a: Set<T>, b: Set<T>): boolean {
  return a.size === b.size && [...a].every((v) => b.has(v));
}

/** The index of a queue (as the handler has it), its visibility brought to `nowMs`. */
export function visibleIndex(queue: QueueState, nowMs: number): MessageIndex {
  const index = derived(queue, messageIndex);
  advance(index, nowMs);
  return index;
}

/** The index of a queue for looking messages up by id, whatever their visibility. */
export function positionIndex(queue: QueueState): MessageIndex {
  return derived(queue, messageIndex);
}

/** A message was pushed onto the queue's array (nothing changes if the index has it already). */
export function messageAppended(queue: QueueState, message: StoredMessage): void {
  const index = derived(queue, messageIndex, 'update');
  if (index.position.has(message.id)) return;
  index.position.set(message.id, index.source.length - 1);
  index.oldestSentMs = Math.min(index.oldestSentMs, message.sentMs);
  if (index.asOf === undefined) return;
  const raw = untracked(message);
  if (showsAt(raw) <= index.asOf) makeReady(index, raw);
  else index.hidden.push(showsAt(raw), raw.id);
}

/** A message's delay or visibility timeout changed. */
export function visibilityChanged(queue: QueueState, message: StoredMessage): void {
  const index = derived(queue, messageIndex, 'update');
  if (index.asOf === undefined) return;
  const raw = untracked(message);
  if (showsAt(raw) <= index.asOf) makeReady(index, raw);
  else {
    unready(index, raw);
    index.hidden.push(showsAt(raw), raw.id);
  }
}

/**
 * Removes a message from the queue's array by moving the last message into its place, so the change saved is
 * that one message and the shorter length, not every message after it (a splice shifts them all, and the
 * journal then writes the whole array). The array's order means nothing: send order is `seq`.
 */
export function removeFromArray(queue: QueueState, id: string): boolean {
  const index = derived(queue, messageIndex, 'update');
  const at = index.position.get(id);
  if (at === undefined) return false;
  const removed = index.source[at] as StoredMessage;
  // Through the tracked array: pop records the last slot's removal (so a rollback restores it), then the
  // last message fills the hole.
  const messages = queue.messages;
  const last = messages.pop() as StoredMessage;
  if (at < messages.length) {
    messages[at] = last;
    index.position.set(untracked(last).id, at);
  }
  index.position.delete(id);
  unready(index, removed);
  return true;
}
