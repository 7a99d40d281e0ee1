import { join } from 'node:path';
import { ChangeTracker, type StatePath, type Transaction } from './changes.js';
import { type FileLayer, nodeFiles, writeFully } from './files.js';
import { type AccountsDoc, JOURNAL, StateFiles } from './journal.js';
import type { StateAccess } from './types.js';

type Scopes = Map<string, unknown>;
type Services = Map<string, Scopes>;

export interface PersistedExtras {
  rngState?: number[];
}

export interface StateStoreOptions {
  /** The file operations to use (tests inject a failing disk). */
  files?: FileLayer;
  /** Journal size in bytes past which a new snapshot is written (default 8 MiB, or the snapshot's size). */
  compactBytes?: number;
}

/** A save that could not be made durable: the request's changes were taken back. */
export class SaveFailedError extends Error {
  readonly code: string | undefined;
  constructor(file: string, cause: unknown) {
    const e = cause as NodeJS.ErrnoException;
    super(
      `could not save the sandbox state to ${file} (${e?.code ?? e?.message ?? String(cause)}); the request changed nothing and the saved state is intact: free some space or make the data dir writable`,
    );
    this.name = 'SaveFailedError';
    this.code = e?.code;
  }
}

/**
 * All service state, keyed account → service → scope (`global` or a region). Values are plain JSON data;
 * Date objects survive a save/load round trip (tagged as {"$date": ISO}).
 *
 * With a data dir, every mutating request appends what it changed to a journal (see journal.ts and
 * changes.ts), so a write costs what it changed, not what is stored.
 */
export class StateStore implements StateAccess {
  private readonly accountsMap = new Map<string, Services>();
  readonly tracker = new ChangeTracker();
  private readonly files: FileLayer;
  private disk: StateFiles | undefined;
  /** The extras (the generator's state) as last written: a save writes them when they moved. */
  private savedExtras = '{}';

  constructor(
    private readonly dataDir?: string,
    private readonly options: StateStoreOptions = {},
  ) {
    this.files = options.files ?? nodeFiles;
  }

  get<T>(accountId: string, service: string, scope: string, init: () => T): T {
    let services = this.accountsMap.get(accountId);
    if (!services) {
      services = new Map();
      this.accountsMap.set(accountId, services);
    }
    let scopes = services.get(service);
    if (!scopes) {
      scopes = new Map();
      services.set(service, scopes);
    }
    if (!scopes.has(scope)) {
      const value = init();
      scopes.set(scope, value);
      this.tracker.created([accountId, service, scope], value);
    }
    return this.tracker.root(scopes.get(scope) as T, [accountId, service, scope]);
  }

  accounts(): string[] {
    return [...this.accountsMap.keys()];
  }

  get persistent(): boolean {
    return this.dataDir !== undefined;
  }

  /** Runs one request's work as a transaction (see `save` and `rollback`). */
  transaction<T>(fn: (tx: Transaction) => T): T {
    return this.tracker.run(fn);
  }

  /** Loads state saved by a previous run; returns the extras saved with it (e.g. the rng state). */
  load(): PersistedExtras {
    if (!this.dataDir) return {};
    this.checkDataDir(this.dataDir);
    this.disk = new StateFiles(this.dataDir, this.files, this.options.compactBytes);
    const loaded = this.disk.load();
    this.fill(loaded.accounts);
    this.savedExtras = JSON.stringify(loaded.extras);
    return loaded.extras as PersistedExtras;
  }

  /**
   * `--recover`: rebuilds a damaged data dir from its kept copies and writes a fresh snapshot. Returns what
   * it used and what it could not.
   */
  recover(): string[] {
    if (!this.dataDir) return [];
    this.disk = new StateFiles(this.dataDir, this.files, this.options.compactBytes);
    const loaded = this.disk.recover();
    this.fill(loaded.accounts);
    return loaded.notes;
  }

  private fill(accounts: AccountsDoc): void {
    this.accountsMap.clear();
    for (const [account, services] of Object.entries(accounts)) {
      const s: Services = new Map();
      for (const [service, scopes] of Object.entries(services))
        s.set(service, new Map(Object.entries(scopes)));
      this.accountsMap.set(account, s);
    }
  }

  /**
   * Refuses at start a data dir that cannot hold state (a file, read-only, full), rather than accepting
   * writes and failing on each one: a probe file is written and removed.
   */
  private checkDataDir(dir: string): void {
    const hint = 'make it writable, free some space, or start with another --data-dir';
    const files = this.files;
    let fd: number | undefined;
    const probe = join(dir, `.write-check.${process.pid}`);
    try {
      files.mkdir(dir);
      fd = files.open(probe, 'w', 0o600);
      writeFully(files, fd, Buffer.from('{}'));
      files.fsync(fd);
      files.close(fd);
      fd = undefined;
      files.unlink(probe);
    } catch (err) {
      if (fd !== undefined) files.close(fd);
      const e = err as NodeJS.ErrnoException;
      if (e.code === 'EEXIST' || e.code === 'ENOTDIR') {
        throw new Error(
          `the data dir ${dir} is a file, not a directory: remove it or pass another --data-dir`,
        );
      }
      throw new Error(`the data dir ${dir} cannot hold the sandbox state (${e.code ?? e.message}): ${hint}`);
    }
  }

  /**
   * Makes the current transaction's changes (and those left by read-only requests) durable: one journal
   * line, fsynced. On failure the transaction's changes are taken back and SaveFailedError is thrown, so
   * memory never shows a change the disk does not have.
   */
  save(extras: PersistedExtras = {}): void {
    const tx = this.tracker.current();
    if (!this.disk) {
      this.tracker.committed(tx);
      return;
    }
    const changes = this.tracker.changes(tx, (path) => this.read(path));
    // A read-only request may draw from the generator and change nothing else: the generator still moved,
    // and a restart must go on from where it is, not repeat its ids.
    const extrasText = JSON.stringify(extras);
    if (changes.length === 0 && extrasText === this.savedExtras) return;
    try {
      this.disk.append(changes, extras as Record<string, unknown>);
      this.savedExtras = extrasText;
    } catch (err) {
      // Background changes (no request to refuse) stay pending for the next save.
      if (tx !== this.tracker.background) this.tracker.rollback(tx);
      throw new SaveFailedError(join(this.disk.dir, JOURNAL), err);
    }
    this.tracker.committed(tx);
    // A snapshot holds all of memory: only when no other request has unsaved changes, so it never holds
    // one that may still be refused. Otherwise it waits for a later save.
    if (this.disk.wantsCompaction() && this.tracker.settledBesides(tx)) this.compact(extras);
  }

  /** Writes a new snapshot now (also done by `save` when the journal has grown past the snapshot). */
  compact(extras: PersistedExtras = {}): void {
    if (!this.disk) return;
    try {
      this.disk.compact(this.toDoc(), extras as Record<string, unknown>);
      this.tracker.snapshotted();
    } catch (err) {
      // The journal still holds every change: a failed snapshot loses nothing, it is tried again later.
      const e = err as NodeJS.ErrnoException;
      process.stderr.write(
        `sandbox: could not write a new snapshot of the state (${e.code ?? e.message}); the journal keeps every change\n`,
      );
    }
  }

  /** The transaction failed before saving: take its changes back. */
  rollback(tx: Transaction): void {
    this.tracker.rollback(tx);
  }

  /** The request is over; what it did not save is saved with the next write. */
  end(tx: Transaction): void {
    this.tracker.end(tx);
  }

  private read(path: StatePath): { found: boolean; value?: unknown } {
    const [account, service, scope, ...keys] = path as [string, string, string, ...string[]];
    const scopes = this.accountsMap.get(account)?.get(service);
    if (!scopes?.has(scope)) return { found: false };
    let value: unknown = scopes.get(scope);
    for (const key of keys) {
      if (value === null || typeof value !== 'object' || !Object.hasOwn(value, key)) return { found: false };
      value = (value as Record<string, unknown>)[key];
    }
    return value === undefined ? { found: false } : { found: true, value };
  }

  private toDoc(): AccountsDoc {
    const accounts: AccountsDoc = {};
    for (const [account, services] of this.accountsMap) {
      const out: Record<string, Record<string, unknown>> = {};
      for (const [service, scopes] of services) out[service] = Object.fromEntries(scopes);
      accounts[account] = out;
    }
    return accounts;
  }
}

/**
 * The state a data dir holds, as one document (snapshot plus journal), for tests and tools that look at
 * what was saved without starting a sandbox.
 */
export function readSavedState(dataDir: string): {
  accounts: AccountsDoc;
  extras: PersistedExtras;
} {
  const loaded = new StateFiles(dataDir, nodeFiles).load();
  return { accounts: loaded.accounts, extras: loaded.extras as PersistedExtras };
}
