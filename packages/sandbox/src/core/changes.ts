import { AsyncLocalStorage } from 'node:async_hooks';

/*
 * Change tracking for service state, so that a write costs what it changed rather than what is stored, and
 * a change whose save failed can be taken back.
 *
 * Handlers mutate the plain objects `ctx.store()` returns. Those objects are handed out behind proxies
 * that note, per transaction (one request, found through AsyncLocalStorage so concurrent requests keep
 * their own), which paths were set or deleted and what each property held before. Committing reads the
 * current values at those paths (one journal line); a failed commit restores the old values in reverse
 * order. Written by hand: immer and on-change copy or notify per change but give neither per-request undo
 * nor paths that stay right when array elements move, which the journal needs.
 */

/** account, service, scope, then property names down to the changed value. */
export type StatePath = string[];
/** A change as the journal stores it: the value now at `path`, or just the path when it was deleted. */
export type Change = [StatePath] | [StatePath, unknown];

interface Undo {
  target: Record<string, unknown>;
  key: string;
  had: boolean;
  old: unknown;
}

export interface Transaction {
  /** Dirty paths by their joined key. */
  dirty: Map<string, StatePath>;
  /** Index writes per array in this transaction: past a few, the array is written whole. */
  arrays: Map<object, number>;
  undo: Undo[];
  /** Values recorded as they were at the time (new scopes), written before the dirty paths. */
  fixed: Change[];
  ended: boolean;
}

/**
 * What a state proxy answers for these keys: the object behind it, and its tracker. Symbols never reach the
 * saved state (JSON has none), so no handler's data can collide with them. Used by derived.ts only.
 */
export const RAW = Symbol('state object');
export const TRACKER = Symbol('state tracker');

/** Beyond this many element writes in one request (a splice near the front), the array is saved whole. */
const ARRAY_ELEMENT_CHANGES = 32;
const SEP = '\u0000';

const newTransaction = (): Transaction => ({
  dirty: new Map(),
  arrays: new Map(),
  undo: [],
  fixed: [],
  ended: false,
});

function isPlain(value: object): boolean {
  if (Array.isArray(value)) return true;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** Where a tracked object sits: its parent and key, refreshed each time it is reached through the parent. */
class Node implements ProxyHandler<Record<string, unknown>> {
  proxy: object | undefined;

  constructor(
    readonly tracker: ChangeTracker,
    readonly target: Record<string, unknown>,
    public parent: Node | undefined,
    public key: string,
    readonly root?: StatePath,
  ) {}

  get(target: Record<string, unknown>, key: string | symbol): unknown {
    if (typeof key === 'symbol') {
      if (key === RAW) return target;
      if (key === TRACKER) return this.tracker;
      return (target as Record<symbol, unknown>)[key];
    }
    const value = target[key];
    if (value === null || typeof value !== 'object') return value;
    // The common case, an object reached before: one lookup, its place refreshed.
    const node = this.tracker.nodeOf(value);
    if (node) {
      node.parent = this;
      node.key = key;
      return node.proxy;
    }
    if (!Object.hasOwn(target, key)) return value;
    return this.tracker.child(this, key, value);
  }

  set(target: Record<string, unknown>, key: string | symbol, value: unknown): boolean {
    if (typeof key !== 'symbol') this.tracker.changing(this, key);
    target[key as string] = this.tracker.unwrapDeep(value);
    return true;
  }

  deleteProperty(target: Record<string, unknown>, key: string | symbol): boolean {
    if (typeof key !== 'symbol' && Object.hasOwn(target, key)) this.tracker.changing(this, key);
    return delete target[key as string];
  }

  defineProperty(target: Record<string, unknown>, key: string | symbol, desc: PropertyDescriptor): boolean {
    if (typeof key !== 'symbol') this.tracker.changing(this, key);
    const value = 'value' in desc ? { ...desc, value: this.tracker.unwrapDeep(desc.value) } : desc;
    return Reflect.defineProperty(target, key, value);
  }

  /** The path from the account down to this object, or undefined when it has moved since it was reached. */
  path(): StatePath | undefined {
    const keys: string[] = [];
    let node: Node = this;
    while (node.parent) {
      if (node.parent.target[node.key] !== node.target) return undefined;
      keys.push(node.key);
      node = node.parent;
    }
    return [...(node.root as StatePath), ...keys.reverse()];
  }
}

export class ChangeTracker {
  private readonly context = new AsyncLocalStorage<Transaction>();
  private readonly proxies = new WeakMap<object, object>();
  private readonly nodes = new WeakMap<object, Node>();
  private readonly targets = new WeakMap<object, object>();
  /** Transactions begun and not yet ended (requests in flight). */
  private readonly open = new Set<Transaction>();
  /** Changes made outside any request, or by requests that did not save (read-only ones): saved with the next. */
  readonly background: Transaction = newTransaction();
  /**
   * Indexes kept beside state objects (derived.ts), by the object they index. Replaced, so dropped, when a
   * rollback puts values back behind their maintainers' backs; they are rebuilt from the state on next use.
   */
  derived = new WeakMap<object, Map<object, unknown>>();
  /** Every use of a kept index compares it with a fresh build (the sandbox's own tests turn this on). */
  readonly checkIndexes = process.env.HANDSON_SANDBOX_CHECK_INDEXES === '1';

  /** Runs `fn` as one transaction; what it changes is saved by `commit` or taken back by `rollback`. */
  run<T>(fn: (tx: Transaction) => T): T {
    const tx = newTransaction();
    this.open.add(tx);
    return this.context.run(tx, () => fn(tx));
  }

  current(): Transaction {
    const tx = this.context.getStore();
    return tx && !tx.ended ? tx : this.background;
  }

  /** A scope's value as handlers see it: changes through it are recorded under `path`. */
  root<T>(value: T, path: StatePath): T {
    if (value === null || typeof value !== 'object') return value;
    const existing = this.proxies.get(value);
    if (existing) return existing as T;
    return this.wrap(value as Record<string, unknown>, undefined, '', path) as T;
  }

  /**
   * A scope was created with its initial value. Recorded as that value, outside any request: a request that
   * created it may still be refused while another one saves a change inside it, and the journal must hold
   * the scope as created, not as the refused request left it.
   */
  created(path: StatePath, value: unknown): void {
    this.background.fixed.push([path, cloneState(value)]);
  }

  nodeOf(value: object): Node | undefined {
    return this.nodes.get(value);
  }

  child(parent: Node, key: string, value: object): unknown {
    let raw = value;
    const inner = this.targets.get(value);
    if (inner) {
      // A proxy stored through an untracked reference: keep the plain object in state.
      raw = inner;
      parent.target[key] = raw;
    }
    if (!isPlain(raw)) return raw;
    const node = this.nodes.get(raw);
    if (node) {
      node.parent = parent;
      node.key = key;
      return this.proxies.get(raw);
    }
    return this.wrap(raw as Record<string, unknown>, parent, key);
  }

  private wrap(target: Record<string, unknown>, parent: Node | undefined, key: string, root?: StatePath) {
    const node = new Node(this, target, parent, key, root);
    const proxy = new Proxy(target, node);
    node.proxy = proxy;
    this.proxies.set(target, proxy);
    this.nodes.set(target, node);
    this.targets.set(proxy, target);
    return proxy;
  }

  /** Plain data for storing: proxies (at any depth of a new value) replaced by what they stand for. */
  unwrapDeep(value: unknown): unknown {
    if (value === null || typeof value !== 'object') return value;
    const target = this.targets.get(value);
    if (target) return target;
    if (!isPlain(value) || this.nodes.has(value)) return value;
    const record = value as Record<string, unknown>;
    for (const key of Object.keys(record)) {
      const v = record[key];
      if (v !== null && typeof v === 'object') {
        const u = this.unwrapDeep(v);
        if (u !== v) record[key] = u;
      }
    }
    return value;
  }

  /** Called before `node.target[key]` changes. */
  changing(node: Node, key: string): void {
    const tx = this.current();
    const target = node.target;
    const isArray = Array.isArray(target);
    if (tx !== this.background) {
      if (isArray && !tx.arrays.has(target)) {
        tx.undo.push({ target, key: 'length', had: true, old: target.length });
      }
      tx.undo.push({ target, key, had: Object.hasOwn(target, key), old: target[key] });
    }
    const path = node.path();
    if (!path) {
      this.markMoved(tx, node);
      return;
    }
    if (isArray) {
      const count = (tx.arrays.get(target) ?? 0) + 1;
      tx.arrays.set(target, count);
      if (count > ARRAY_ELEMENT_CHANGES) {
        this.markDirty(tx, path);
        return;
      }
    }
    path.push(key);
    this.markDirty(tx, path);
  }

  /** The object left the place it was reached from: save the nearest container whose place is known whole. */
  private markMoved(tx: Transaction, node: Node): void {
    for (let up = node.parent; up; up = up.parent) {
      const path = up.path();
      if (path) {
        this.markDirty(tx, path);
        return;
      }
    }
  }

  private markDirty(tx: Transaction, path: StatePath): void {
    tx.dirty.set(path.join(SEP), path);
  }

  /**
   * The changes of `tx` (and of the background) as the journal stores them: each dirty path once, none
   * below another dirty path, array lengths after the elements. `read` gives the current value at a path.
   */
  changes(tx: Transaction, read: (path: StatePath) => { found: boolean; value?: unknown }): Change[] {
    const all = new Map([...this.background.dirty, ...tx.dirty]);
    const out: Change[] = [...this.background.fixed];
    for (const key of [...all.keys()].sort()) {
      const path = all.get(key) as StatePath;
      if (coveredByPrefix(path, all)) continue;
      const now = read(path);
      out.push(now.found ? [path, now.value] : [path]);
    }
    return out;
  }

  /** After a successful save: nothing of `tx` or the background is pending any more. */
  committed(tx: Transaction): void {
    forget(tx);
    forget(this.background);
  }

  /**
   * Whether memory holds no unsaved change of a request other than `tx` (an SQS long poll waiting without
   * having changed anything does not count), so a snapshot of it holds nothing that may yet be refused.
   */
  settledBesides(tx: Transaction): boolean {
    for (const other of this.open) if (other !== tx && other.undo.length > 0) return false;
    return true;
  }

  /** A snapshot of everything in memory was written: nothing in the background is pending any more. */
  snapshotted(): void {
    forget(this.background);
  }

  /** After a failed save: everything `tx` changed is put back as it was, newest change first. */
  rollback(tx: Transaction): void {
    if (tx.undo.length > 0) this.derived = new WeakMap();
    for (let i = tx.undo.length - 1; i >= 0; i--) {
      const u = tx.undo[i] as Undo;
      if (u.had) u.target[u.key] = u.old;
      else delete u.target[u.key];
    }
    forget(tx);
  }

  /** The request is over: what it left unsaved (a read-only request's changes) goes with the next save. */
  end(tx: Transaction): void {
    if (tx === this.background || tx.ended) return;
    tx.ended = true;
    this.open.delete(tx);
    for (const [key, path] of tx.dirty) this.background.dirty.set(key, path);
    forget(tx);
  }
}

function forget(tx: Transaction): void {
  tx.dirty.clear();
  tx.arrays.clear();
  tx.undo.length = 0;
  tx.fixed.length = 0;
}

function coveredByPrefix(path: StatePath, all: Map<string, StatePath>): boolean {
  for (let n = path.length - 1; n >= 3; n--) {
    if (all.has(path.slice(0, n).join(SEP))) return true;
  }
  return false;
}

/**
 * A deep copy of state data (plain objects, arrays, Dates) that reads through the tracking proxies, which
 * structuredClone refuses ("could not be cloned").
 */
export function cloneState<T>(value: T): T {
  if (value === null || typeof value !== 'object') return value;
  if (value instanceof Date) return new Date(value.getTime()) as T;
  if (Array.isArray(value)) return value.map((v) => cloneState(v)) as T;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value)) {
    const v = (value as Record<string, unknown>)[key];
    if (key === '__proto__')
      Object.defineProperty(out, key, {
        value: cloneState(v),
        writable: true,
        enumerable: true,
        configurable: true,
      });
    else out[key] = cloneState(v);
  }
  return out as T;
}
