import type { Rng } from '../../../core/types';
import type { SqsModelOptions } from '../options';
import { type Counts, messageState, type QueueState } from './types';

const zero = (): Counts => ({ visible: 0, notVisible: 0, delayed: 0 });

function add(into: Counts, state: ReturnType<typeof messageState>): void {
  if (state === 'visible') into.visible++;
  else if (state === 'inflight') into.notVisible++;
  else into.delayed++;
}

/** The true counts, overall. */
export function exactCounts(queue: QueueState, nowMs: number): Counts {
  const counts = zero();
  for (const message of queue.messages) add(counts, messageState(message, nowMs));
  return counts;
}

/** The true counts of each simulated host. */
export function exactCountsByHost(queue: QueueState, nowMs: number): Counts[] {
  const byHost = queue.hosts.map(zero);
  for (const message of queue.messages) {
    const counts = byHost[message.host] ?? byHost[0];
    if (counts) add(counts, messageState(message, nowMs));
  }
  return byHost;
}

/**
 * ApproximateNumberOfMessages and friends as a distributed queue reports them: the sum of counters the
 * storage hosts last published. Each query, a host refreshes its counters with some chance (so the sum lags
 * behind sends and receives), some hosts do not answer at all, and now and then only about half of them
 * answer — which makes the numbers rise and fall unevenly while the queue is busy. Once the queue has been
 * quiet for `settleMs`, every host has published and the answer is exact.
 */
export function approximateCounts(
  queue: QueueState,
  nowMs: number,
  rng: Rng,
  options: SqsModelOptions,
): Counts {
  if (options.mode === 'strict' || queue.fifo || queue.hosts.length === 0) return exactCounts(queue, nowMs);
  const truth = exactCountsByHost(queue, nowMs);
  const settled = nowMs - queue.lastActivityMs >= options.settleMs;
  const total = zero();
  const dip = !settled && rng.next() < options.dipChance;
  queue.hosts.forEach((host, index) => {
    const current = truth[index] ?? zero();
    if (settled || rng.next() < options.refreshChance) host.cached = { ...current };
    if (!settled) {
      if (dip && rng.next() < 0.5) return;
      if (rng.next() < options.missChance) return;
    }
    total.visible += host.cached.visible;
    total.notVisible += host.cached.notVisible;
    total.delayed += host.cached.delayed;
  });
  return total;
}
