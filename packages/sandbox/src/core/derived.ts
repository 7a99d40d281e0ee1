import { isDeepStrictEqual } from 'node:util';
import { type ChangeTracker, RAW, TRACKER } from './changes.js';

/*
 * Indexes kept beside service state, so that a call does work in proportion to what it answers rather than to
 * what is stored (a page of users, the instances awaiting a transition, a queue's visible messages).
 *
 * They are never saved: each is built from the state the first time it is used (after a start, from the
 * loaded state) and kept up to date by the handlers that change what it indexes. Its maintenance is
 * idempotent (adding what is already there changes nothing), so whether the index was built before or after a
 * change it is told about, it ends up the same. A rollback after a failed save puts old values back without
 * the handlers knowing: it drops every index (changes.ts), and they are rebuilt on next use.
 *
 * With HANDSON_SANDBOX_CHECK_INDEXES=1 (the sandbox's tests) every use compares the kept index with one built
 * afresh and throws when they differ, so a change that forgot its index fails the test that made it.
 */

/** How an index is made from, and checked against, the state object it indexes. Its identity is its key. */
export interface Derivation<T> {
  /** A name for error messages. */
  readonly name: string;
  /** Builds the index from the state object as it stands, read without tracking. */
  build(raw: object): T;
  /** Whether a kept index still indexes `raw` (false when, say, an array it indexes was replaced). */
  current?(kept: T, raw: object): boolean;
  /** Whether a kept index says what a fresh one would (default: the two are deeply equal). */
  agrees?(kept: T, raw: object): boolean;
}

const checkingPlain = () => process.env.HANDSON_SANDBOX_CHECK_INDEXES === '1';

/** Indexes of plain objects (model tests that use no store): nothing rolls those back. */
const plainIndexes = new WeakMap<object, Map<object, unknown>>();

/**
 * The object behind a state proxy, for reads that need no change tracking: a scan through the proxies costs a
 * trap and a bookkeeping node per object reached. Never write through it: such a write would not be saved.
 */
export function untracked<T extends object>(value: T): T {
  return ((value as Record<symbol, unknown>)[RAW] as T | undefined) ?? value;
}

/**
 * The index `derivation` keeps for the state object `value`, built when missing. Pass the object as the
 * handler has it (the store's proxy), never one from `untracked`: the proxy is what ties the index to the
 * store that drops it on a rollback.
 */
export function derived<T>(value: object, derivation: Derivation<T>, use: 'read' | 'update' = 'read'): T {
  const tracker = (value as Record<symbol, unknown>)[TRACKER] as ChangeTracker | undefined;
  const raw = untracked(value);
  const byObject = tracker ? tracker.derived : plainIndexes;
  let indexes = byObject.get(raw);
  if (!indexes) {
    indexes = new Map();
    byObject.set(raw, indexes);
  }
  let index = indexes.get(derivation) as T | undefined;
  if (index === undefined || (derivation.current && !derivation.current(index, raw))) {
    index = derivation.build(raw);
    indexes.set(derivation, index);
  } else if (use === 'read' && (tracker ? tracker.checkIndexes : checkingPlain())) {
    checkIndex(derivation, index, raw);
  }
  return index;
}

function checkIndex<T>(derivation: Derivation<T>, kept: T, raw: object): void {
  const agrees = derivation.agrees
    ? derivation.agrees(kept, raw)
    : isDeepStrictEqual(kept, derivation.build(raw));
  if (!agrees) {
    throw new Error(`the sandbox's ${derivation.name} index disagrees with the state it indexes`);
  }
}
