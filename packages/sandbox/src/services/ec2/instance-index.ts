import { type Derivation, derived } from '../../core/derived';
import type { InstanceRecord, InstanceStateName } from './state';

/*
 * What DescribeInstances and every instance operation need of a region's instances without reading them all:
 * their order (the order the state holds them, which is the launch order and the order they were always
 * listed in), the few awaiting a transition a later request completes, and the terminated ones, which stay
 * visible for an hour. Instances are never removed from the state, so the order only grows.
 */

export interface InstanceIndex {
  /** Instance ids in the state's order. */
  ids: string[];
  position: Map<string, number>;
  /** pending, stopping and shutting-down: what settleInstances completes. */
  transitional: Set<string>;
  /** Terminated ones: when (ms since the epoch, as parsed from TerminatedAt), to hide them an hour later. */
  terminated: Map<string, number>;
}

const TRANSITIONAL = new Set<InstanceStateName>(['pending', 'stopping', 'shutting-down']);
/** Terminated instances stay visible for about an hour, as on EC2. */
export const TERMINATED_VISIBLE_MS = 3600_000;

function classify(index: InstanceIndex, id: string, instance: InstanceRecord): void {
  if (TRANSITIONAL.has(instance.State)) index.transitional.add(id);
  else index.transitional.delete(id);
  if (instance.TerminatedAt) index.terminated.set(id, new Date(instance.TerminatedAt).getTime());
  else index.terminated.delete(id);
}

const instanceOrder: Derivation<InstanceIndex> = {
  name: 'EC2 instances',
  build(raw) {
    const instances = raw as Record<string, InstanceRecord>;
    const ids = Object.keys(instances);
    const index: InstanceIndex = {
      ids,
      position: new Map(ids.map((id, i) => [id, i])),
      transitional: new Set(),
      terminated: new Map(),
    };
    for (const id of ids) classify(index, id, instances[id] as InstanceRecord);
    return index;
  },
};

/** The index of `instances` (as the handler has it, from ec2State). */
export function instanceIndex(instances: Record<string, InstanceRecord>): InstanceIndex {
  return derived(instances, instanceOrder);
}

/** Instances were stored under their ids, in this order (ids the index has already are left where they are). */
export function instancesAdded(instances: Record<string, InstanceRecord>, added: InstanceRecord[]): void {
  const index = derived(instances, instanceOrder, 'update');
  for (const instance of added) {
    const id = instance.InstanceId;
    if (!index.position.has(id)) {
      index.position.set(id, index.ids.length);
      index.ids.push(id);
    }
    classify(index, id, instance);
  }
}

/** An instance's State or TerminatedAt changed. */
export function instanceChanged(instances: Record<string, InstanceRecord>, instance: InstanceRecord): void {
  classify(derived(instances, instanceOrder, 'update'), instance.InstanceId, instance);
}

/** Whether an instance terminated at `terminatedMs` (undefined: not terminated) is still listed at `nowMs`. */
export function stillListed(terminatedMs: number | undefined, nowMs: number): boolean {
  return terminatedMs === undefined || nowMs - terminatedMs < TERMINATED_VISIBLE_MS;
}

/**
 * The instances listed at `nowMs` (all but those terminated over an hour ago), as positions into the order:
 * how many there are, and the ids of the listed ones from the `start`th to before the `end`th. Costs the
 * terminated instances plus the page, not every instance.
 */
export function listedInstances(index: InstanceIndex, nowMs: number) {
  const hidden: number[] = [];
  for (const [id, when] of index.terminated) {
    if (!stillListed(when, nowMs)) hidden.push(index.position.get(id) as number);
  }
  hidden.sort((a, b) => a - b);
  return {
    count: index.ids.length - hidden.length,
    slice(start: number, end: number): string[] {
      // The position of the `start`th listed instance: past every hidden one at or before it.
      let at = start;
      let h = 0;
      while (h < hidden.length && (hidden[h] as number) <= at) {
        at++;
        h++;
      }
      const out: string[] = [];
      for (; at < index.ids.length && out.length < end - start; at++) {
        if (h < hidden.length && hidden[h] === at) h++;
        else out.push(index.ids[at] as string);
      }
      return out;
    },
  };
}
