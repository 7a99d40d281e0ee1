import {
  closeSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  statSync,
  unlinkSync,
  writeSync,
} from 'node:fs';
import { join } from 'node:path';
import type { StateAccess } from './types.js';

const FILE_NAME = 'state.json';
const FORMAT_VERSION = 1;

type Scopes = Map<string, unknown>;
type Services = Map<string, Scopes>;

export interface PersistedExtras {
  rngState?: number[];
}

/**
 * All service state, keyed account → service → scope (`global` or a region). Values are plain JSON data;
 * Date objects survive a save/load round trip (tagged as {"$date": ISO}).
 */
export class StateStore implements StateAccess {
  private readonly accountsMap = new Map<string, Services>();

  constructor(private readonly dataDir?: string) {}

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
    if (!scopes.has(scope)) scopes.set(scope, init());
    return scopes.get(scope) as T;
  }

  accounts(): string[] {
    return [...this.accountsMap.keys()];
  }

  get persistent(): boolean {
    return this.dataDir !== undefined;
  }

  /** Loads state saved by a previous run; returns the extras saved with it (e.g. the rng state). */
  load(): PersistedExtras {
    if (!this.dataDir) return {};
    this.checkDataDir(this.dataDir);
    let text: string;
    try {
      text = readFileSync(join(this.dataDir, FILE_NAME), 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return {};
      throw err;
    }
    const doc = JSON.parse(text, reviveDates) as {
      version: number;
      accounts: Record<string, Record<string, Record<string, unknown>>>;
      extras?: PersistedExtras;
    };
    if (doc.version !== FORMAT_VERSION) {
      throw new Error(
        `${join(this.dataDir, FILE_NAME)} has state format ${doc.version}, this sandbox reads ${FORMAT_VERSION}; move the data dir away to start fresh`,
      );
    }
    this.accountsMap.clear();
    for (const [account, services] of Object.entries(doc.accounts)) {
      const s: Services = new Map();
      for (const [service, scopes] of Object.entries(services))
        s.set(service, new Map(Object.entries(scopes)));
      this.accountsMap.set(account, s);
    }
    return doc.extras ?? {};
  }

  /**
   * Refuses at start a data dir that cannot hold state (a file, read-only, full), rather than accepting
   * writes and failing on each one: a probe file is written and removed.
   */
  private checkDataDir(dir: string): void {
    const hint = 'make it writable, free some space, or start with another --data-dir';
    try {
      if (!statSync(dir).isDirectory()) {
        throw new Error(
          `the data dir ${dir} is a file, not a directory: remove it or pass another --data-dir`,
        );
      }
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    }
    const probe = join(dir, `.write-check.${process.pid}`);
    try {
      mkdirSync(dir, { recursive: true });
      const fd = openSync(probe, 'w', 0o600);
      try {
        writeSync(fd, '{}');
        fsyncSync(fd);
      } finally {
        closeSync(fd);
      }
      unlinkSync(probe);
    } catch (err) {
      const e = err as NodeJS.ErrnoException;
      throw new Error(`the data dir ${dir} cannot hold the sandbox state (${e.code ?? e.message}): ${hint}`);
    }
  }

  /** Writes everything atomically: a temp file, fsync, then rename over the old one. */
  save(extras: PersistedExtras = {}): void {
    if (!this.dataDir) return;
    mkdirSync(this.dataDir, { recursive: true });
    const accounts: Record<string, Record<string, Record<string, unknown>>> = {};
    for (const [account, services] of this.accountsMap) {
      const out: Record<string, Record<string, unknown>> = {};
      for (const [service, scopes] of services) out[service] = Object.fromEntries(scopes);
      accounts[account] = out;
    }
    const text = JSON.stringify({ version: FORMAT_VERSION, accounts, extras }, tagDates);
    const target = join(this.dataDir, FILE_NAME);
    const temp = `${target}.${process.pid}.tmp`;
    try {
      const fd = openSync(temp, 'w', 0o600);
      try {
        writeSync(fd, text);
        fsyncSync(fd);
      } finally {
        closeSync(fd);
      }
      renameSync(temp, target);
    } catch (err) {
      const e = err as NodeJS.ErrnoException;
      try {
        unlinkSync(temp);
      } catch {
        // Nothing was created, or it is already gone: the previous state.json is untouched either way.
      }
      throw new Error(
        `could not save the sandbox state to ${target} (${e.code ?? e.message}); the previous state is kept: free some space or make the data dir writable`,
      );
    }
  }
}

function tagDates(this: Record<string, unknown>, key: string, value: unknown): unknown {
  const raw = this[key];
  return raw instanceof Date ? { $date: raw.toISOString() } : value;
}

function reviveDates(_key: string, value: unknown): unknown {
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    const keys = Object.keys(value);
    const date = (value as { $date?: unknown }).$date;
    if (keys.length === 1 && typeof date === 'string') return new Date(date);
  }
  return value;
}
