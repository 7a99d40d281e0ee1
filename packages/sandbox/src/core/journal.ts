import { join } from 'node:path';
import type { Change } from './changes.js';
import { type FileLayer, fsyncDir, replaceFile, writeFully } from './files.js';

/*
 * The state on disk: a snapshot (state.json) and a journal (journal.log) of the changes acknowledged since,
 * one line each, appended and fsynced before the request is answered. When the journal outgrows the
 * snapshot, a new snapshot is written (temp file, fsync, rename, fsync of the directory) and the journal
 * starts again; the previous snapshot and journal are kept beside them (state.prev.json, journal.prev.log),
 * so a damaged state.json can be rebuilt from them (`--recover`).
 *
 * Every line and snapshot carries a sequence number: lines at or below the snapshot's are already in it
 * (a crash between writing a snapshot and starting the new journal leaves such lines), and lines must
 * follow each other without a gap. A last line without its newline was never acknowledged and is dropped.
 */

export const SNAPSHOT = 'state.json';
export const PREV_SNAPSHOT = 'state.prev.json';
export const JOURNAL = 'journal.log';
export const PREV_JOURNAL = 'journal.prev.log';
const FORMAT_VERSION = 3;
/** Snapshots without the table of long strings (format 3's), still read. */
const PLAIN_VERSION = 2;
/** state.json files written before the journal (a whole-state file after every write) are read as seq 0. */
const LEGACY_VERSION = 1;
/**
 * Strings at least this long are written once in a snapshot's `strings` table and referred to by their place
 * in it: every instance of the sandbox carries the same stock files of its simulated operating system (about
 * 5 KB), which were two thirds of a snapshot of 100,000 resources, and each was read back as a copy of its own.
 */
const SHARED_STRING_LENGTH = 64;
/** Starts a string that stands for an entry of the table (`\u0000#3`), or for itself less this character. */
const MARK = '\u0000';
/** The journal is compacted when it is larger than this and larger than the snapshot. */
export const COMPACT_MIN_BYTES = 8 * 1024 * 1024;

export type AccountsDoc = Record<string, Record<string, Record<string, unknown>>>;

export interface LoadedState {
  accounts: AccountsDoc;
  extras: Record<string, unknown>;
  seq: number;
  /** What --recover used and dropped, for its report. */
  notes: string[];
}

export class CorruptStateError extends Error {
  constructor(dir: string, file: string, reason: string) {
    super(
      `the sandbox state in ${join(dir, file)} is corrupt (${reason}); the last good copy is kept beside it: start with --recover to rebuild the state from ${PREV_SNAPSHOT} and the journals, or move ${dir} away to start empty`,
    );
    this.name = 'CorruptStateError';
  }
}

interface Line {
  n: number;
  c: Change[];
  x?: Record<string, unknown>;
}

export class StateFiles {
  private fd: number | undefined;
  private journalBytes = 0;
  private snapshotBytes = 0;
  /** Set when a failed append could not be cut back off the journal: the next append cuts it first. */
  private cutTo: number | undefined;
  private seq = 0;
  private nextCompactAt: number;

  constructor(
    readonly dir: string,
    private readonly files: FileLayer,
    private readonly compactBytes = COMPACT_MIN_BYTES,
  ) {
    this.nextCompactAt = compactBytes;
  }

  /** Reads the snapshot and replays the journals. `recover`: fall back to the kept copies, stop at damage. */
  load(recover = false): LoadedState {
    const notes: string[] = [];
    const snapshot = this.readSnapshot(recover, notes);
    let { seq } = snapshot;
    const { accounts } = snapshot;
    let extras = snapshot.extras;
    let damaged = false;
    for (const file of [PREV_JOURNAL, JOURNAL]) {
      if (damaged) break;
      const { lines, goodBytes, torn } = this.readJournal(file, recover, notes);
      if (file === JOURNAL) this.journalBytes = goodBytes;
      if (torn && file === JOURNAL) this.cutTo = goodBytes;
      for (const line of lines) {
        if (line.n <= seq) continue;
        if (line.n !== seq + 1) {
          const reason = `line ${line.n} follows ${seq}: changes ${seq + 1}-${line.n - 1} are missing`;
          if (!recover) throw new CorruptStateError(this.dir, file, reason);
          notes.push(`${file}: ${reason}; stopped there`);
          damaged = true;
          break;
        }
        applyChanges(accounts, line.c);
        if (line.x) extras = line.x;
        seq = line.n;
      }
    }
    this.seq = seq;
    this.snapshotBytes = this.files.size(join(this.dir, SNAPSHOT)) ?? 0;
    this.nextCompactAt = Math.max(this.compactBytes, this.snapshotBytes);
    return { accounts, extras, seq, notes };
  }

  /**
   * Rebuilds the state from what can still be read (state.json, else state.prev.json, then the journals up
   * to the first damage), sets the files it came from aside (`*.before-recover`) and writes a new snapshot.
   */
  recover(): LoadedState {
    const loaded = this.load(true);
    for (const file of [SNAPSHOT, JOURNAL, PREV_JOURNAL]) {
      const path = join(this.dir, file);
      if (this.files.size(path) !== undefined) this.files.rename(path, `${path}.before-recover`);
    }
    this.journalBytes = 0;
    this.cutTo = undefined;
    this.compact(loaded.accounts, loaded.extras);
    loaded.notes.push(
      `wrote ${SNAPSHOT} (change ${loaded.seq}); the files it replaced end in .before-recover`,
    );
    return loaded;
  }

  private readSnapshot(recover: boolean, notes: string[]): LoadedState {
    const candidates = recover ? [SNAPSHOT, PREV_SNAPSHOT] : [SNAPSHOT];
    for (const file of candidates) {
      const raw = this.files.read(join(this.dir, file));
      if (raw === undefined) continue;
      try {
        const doc = parseSnapshot(raw.toString('utf8'));
        if (recover) notes.push(`started from ${file} (change ${doc.seq})`);
        return doc;
      } catch (err) {
        const reason = (err as Error).message;
        if (!recover) throw new CorruptStateError(this.dir, file, reason);
        notes.push(`${file} is damaged (${reason}): not used`);
      }
    }
    return { accounts: {}, extras: {}, seq: 0, notes: [] };
  }

  private readJournal(file: string, recover: boolean, notes: string[]) {
    const raw = this.files.read(join(this.dir, file));
    const lines: Line[] = [];
    if (raw === undefined) return { lines, goodBytes: 0, torn: false };
    let start = 0;
    let lineNo = 0;
    while (start < raw.length) {
      const end = raw.indexOf(10, start);
      if (end < 0) return { lines, goodBytes: start, torn: true };
      lineNo++;
      try {
        lines.push(parseLine(raw.subarray(start, end).toString('utf8')));
      } catch (err) {
        const reason = `line ${lineNo}: ${(err as Error).message}`;
        if (!recover) throw new CorruptStateError(this.dir, file, reason);
        notes.push(`${file} is damaged at ${reason}: the changes from there on are lost`);
        return { lines, goodBytes: start, torn: true };
      }
      start = end + 1;
    }
    return { lines, goodBytes: start, torn: false };
  }

  /** Appends one acknowledged change set; throws (leaving the journal as it was) when it cannot be made durable. */
  append(changes: Change[], extras: Record<string, unknown>): void {
    const n = this.seq + 1;
    const data = Buffer.from(`${JSON.stringify({ n, c: changes, x: extras }, tagDates)}\n`, 'utf8');
    const fd = this.journal();
    const before = this.journalBytes;
    try {
      writeFully(this.files, fd, data);
      this.files.fsync(fd);
    } catch (err) {
      this.cutBack(fd, before);
      throw err;
    }
    this.journalBytes += data.length;
    this.seq = n;
  }

  /** Whether the journal has grown enough that rewriting the snapshot costs less than replaying it. */
  wantsCompaction(): boolean {
    return this.journalBytes > this.nextCompactAt;
  }

  /**
   * Writes a new snapshot holding everything up to the last appended change and starts a new journal; the
   * old ones become the kept copies. On failure (a full disk) the journal goes on and nothing is lost.
   */
  compact(accounts: AccountsDoc, extras: Record<string, unknown>): void {
    const dir = this.dir;
    const data = Buffer.from(snapshotText(this.seq, accounts, extras), 'utf8');
    try {
      this.journal();
      if (this.files.size(join(dir, SNAPSHOT)) !== undefined) this.keepPrevious();
      replaceFile(this.files, dir, join(dir, SNAPSHOT), data);
    } catch (err) {
      // Try again once the journal has grown as much again, not on every write of a full disk.
      this.nextCompactAt = this.journalBytes * 2;
      throw err;
    }
    this.snapshotBytes = data.length;
    this.nextCompactAt = Math.max(this.compactBytes, data.length);
    this.closeJournal();
    if (this.files.size(join(dir, JOURNAL)) !== undefined)
      this.files.rename(join(dir, JOURNAL), join(dir, PREV_JOURNAL));
    this.journalBytes = 0;
    this.journal();
    fsyncDir(this.files, dir);
  }

  /** state.json becomes state.prev.json: a hard link, or a copy on filesystems without them. */
  private keepPrevious(): void {
    const dir = this.dir;
    removeIfThere(this.files, join(dir, PREV_SNAPSHOT));
    try {
      this.files.link(join(dir, SNAPSHOT), join(dir, PREV_SNAPSHOT));
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EOPNOTSUPP' && code !== 'ENOSYS') throw err;
      const previous = this.files.read(join(dir, SNAPSHOT));
      if (previous) replaceFile(this.files, dir, join(dir, PREV_SNAPSHOT), previous);
    }
  }

  private journal(): number {
    if (this.fd === undefined) {
      this.files.mkdir(this.dir);
      const fd = this.files.open(join(this.dir, JOURNAL), 'a', 0o600);
      this.fd = fd;
      if (this.journalBytes === 0) fsyncDir(this.files, this.dir);
    }
    if (this.cutTo !== undefined) {
      this.files.ftruncate(this.fd, this.cutTo);
      this.files.fsync(this.fd);
      this.journalBytes = this.cutTo;
      this.cutTo = undefined;
    }
    return this.fd;
  }

  /** Takes a failed append back off the journal, and reopens it for the next one. */
  private cutBack(fd: number, length: number): void {
    try {
      this.files.ftruncate(fd, length);
      this.files.fsync(fd);
    } catch {
      this.cutTo = length;
    }
    try {
      this.closeJournal();
    } catch {
      // Closing a descriptor of a failing disk may fail too; the next append opens a new one.
    }
  }

  private closeJournal(): void {
    if (this.fd === undefined) return;
    const fd = this.fd;
    this.fd = undefined;
    this.files.close(fd);
  }

  close(): void {
    this.closeJournal();
  }
}

function removeIfThere(files: FileLayer, path: string): void {
  try {
    files.unlink(path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
}

/**
 * Writes state values for a snapshot: Dates tagged, strings of SHARED_STRING_LENGTH or more as references to
 * the `strings` table, a string that starts with MARK with one more (so none is mistaken for a reference).
 * `touched` says whether anything was tagged since it was last reset: a scope without, its reader skips.
 */
class SnapshotWriter {
  readonly strings: string[] = [];
  private readonly places = new Map<string, number>();
  touched = false;

  readonly replacer = (holder: Record<string, unknown>, key: string, value: unknown): unknown => {
    if (holder[key] instanceof Date) {
      this.touched = true;
      return tagDates.call(holder, key, value);
    }
    if (typeof value !== 'string') return value;
    if (value.length >= SHARED_STRING_LENGTH) {
      this.touched = true;
      let place = this.places.get(value);
      if (place === undefined) {
        place = this.strings.length;
        this.strings.push(value);
        this.places.set(value, place);
      }
      return `${MARK}#${place}`;
    }
    if (!value.startsWith(MARK)) return value;
    this.touched = true;
    return MARK + value;
  };

  /** A scope's value as JSON (undefined for a value JSON leaves out). */
  value(value: unknown): string | undefined {
    const replacer = this.replacer;
    return JSON.stringify(value, function (this: Record<string, unknown>, key: string, v: unknown) {
      return replacer(this, key, v);
    });
  }
}

/**
 * A snapshot's text: `{ version, seq, strings, revive, accounts, extras }`, where `revive` lists the scopes
 * (account, service, scope) holding a Date, a reference or an escaped string: only those are walked at start.
 */
function snapshotText(seq: number, accounts: AccountsDoc, extras: Record<string, unknown>): string {
  const writer = new SnapshotWriter();
  const revive: string[][] = [];
  const object = (entries: string[]) => `{${entries.join(',')}}`;
  const body = object(
    Object.entries(accounts).map(([account, services]) => {
      const serviceParts = Object.entries(services).map(([service, scopes]) => {
        const scopeParts: string[] = [];
        for (const [scope, value] of Object.entries(scopes)) {
          writer.touched = false;
          const text = writer.value(value);
          if (text === undefined) continue;
          if (writer.touched) revive.push([account, service, scope]);
          scopeParts.push(`${JSON.stringify(scope)}:${text}`);
        }
        return `${JSON.stringify(service)}:${object(scopeParts)}`;
      });
      return `${JSON.stringify(account)}:${object(serviceParts)}`;
    }),
  );
  const head = JSON.stringify({ version: FORMAT_VERSION, seq, strings: writer.strings, revive });
  return `${head.slice(0, -1)},"accounts":${body},"extras":${JSON.stringify(extras, tagDates)}}`;
}

/** Revives the scopes a snapshot of format 3 lists in `revive`, and only those. */
function reviveScopes(doc: { strings?: unknown; revive?: unknown; accounts?: unknown }): void {
  const { strings, revive, accounts } = doc;
  if (!Array.isArray(strings)) throw new Error('no strings table');
  if (!Array.isArray(revive)) throw new Error('no list of the scopes to revive');
  for (const path of revive) {
    const [account, service, scope] = Array.isArray(path) ? (path as unknown[]) : [];
    const scopes = (accounts as AccountsDoc | undefined)?.[String(account)]?.[String(service)];
    if (!scopes || !Object.hasOwn(scopes, String(scope)))
      throw new Error('a revived scope that is not there');
    const value = scopes[String(scope)];
    scopes[String(scope)] =
      typeof value === 'string' && value.charCodeAt(0) === 0
        ? sharedString(value, strings)
        : reviveAll(value, strings);
  }
}

function parseSnapshot(text: string): LoadedState {
  const doc = JSON.parse(text) as {
    version?: unknown;
    seq?: unknown;
    strings?: unknown;
    accounts?: unknown;
    extras?: unknown;
  };
  if (!doc || typeof doc !== 'object') throw new Error('not a JSON object');
  if (doc.version === FORMAT_VERSION) {
    // Only the listed scopes refer to the table or hold Dates; the table itself and the extras are as written.
    reviveScopes(doc as { strings?: unknown; revive?: unknown; accounts?: unknown });
    doc.extras = reviveAll(doc.extras);
  } else reviveAll(doc);
  if (doc.version !== FORMAT_VERSION && doc.version !== PLAIN_VERSION && doc.version !== LEGACY_VERSION) {
    throw new Error(`state format ${String(doc.version)}, this sandbox reads ${FORMAT_VERSION}`);
  }
  if (!isRecord(doc.accounts)) throw new Error('no accounts object');
  const seq = doc.version === LEGACY_VERSION ? 0 : doc.seq;
  if (typeof seq !== 'number' || !Number.isInteger(seq) || seq < 0) throw new Error('no sequence number');
  const extras = isRecord(doc.extras) ? doc.extras : {};
  return { accounts: doc.accounts as AccountsDoc, extras, seq, notes: [] };
}

function parseLine(text: string): Line {
  const line = reviveAll(JSON.parse(text)) as Partial<Line>;
  if (!line || typeof line.n !== 'number' || !Array.isArray(line.c)) throw new Error('not a journal entry');
  for (const change of line.c) {
    if (!Array.isArray(change) || !Array.isArray(change[0]) || change[0].length < 3)
      throw new Error('a change without a state path');
  }
  return line as Line;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** An own data property even for `__proto__`, which plain assignment would take as the prototype. */
export function assignOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') {
    Object.defineProperty(target, key, { value, writable: true, enumerable: true, configurable: true });
  } else target[key] = value;
}

function ownChild(parent: Record<string, unknown>, key: string): Record<string, unknown> {
  const existing = Object.hasOwn(parent, key) ? parent[key] : undefined;
  if (existing !== null && typeof existing === 'object') return existing as Record<string, unknown>;
  const created = {};
  assignOwn(parent, key, created);
  return created;
}

/** Replays journal changes on loaded state: each sets (or deletes) the value at its path. */
export function applyChanges(accounts: AccountsDoc, changes: Change[]): void {
  for (const change of changes) {
    const path = change[0];
    let holder = accounts as Record<string, unknown>;
    for (const key of path.slice(0, -1)) holder = ownChild(holder, key);
    const last = path[path.length - 1] as string;
    if (change.length === 1) delete holder[last];
    else if (Array.isArray(holder) && last === 'length') holder.length = change[1] as number;
    else assignOwn(holder, last, change[1]);
  }
}

export function tagDates(this: Record<string, unknown>, key: string, value: unknown): unknown {
  const raw = this[key];
  return raw instanceof Date ? { $date: raw.toISOString() } : value;
}

/**
 * Turns every {"$date": ISO} in parsed JSON back into a Date, in place, and with a snapshot's `strings`
 * table every reference to it into its string. A walk after a plain JSON.parse: a reviver callback per value
 * made a 146 MB snapshot's start 0.8 s slower.
 */
export function reviveAll(value: unknown, strings?: readonly string[]): unknown {
  if (value === null || typeof value !== 'object') return value;
  const asDate = dateOf(value);
  if (asDate) return asDate;
  revivePlaces(value as Record<string, unknown>, strings);
  return value;
}

/** The string a snapshot's string stands for: a table entry (MARK#n), or itself less an escaping MARK. */
function sharedString(text: string, strings: readonly string[]): string {
  if (text[1] !== '#') return text.slice(1);
  const found = strings[Number(text.slice(2))];
  if (typeof found !== 'string')
    throw new Error(`a reference to string ${text.slice(2)}, which the table lacks`);
  return found;
}

function dateOf(value: object): Date | undefined {
  const date = (value as { $date?: unknown }).$date;
  if (typeof date !== 'string' || Array.isArray(value) || Object.keys(value).length !== 1) return undefined;
  return new Date(date);
}

function revivePlaces(holder: Record<string, unknown>, strings: readonly string[] | undefined): void {
  for (const key in holder) {
    const child = holder[key];
    if (child === null || typeof child !== 'object') {
      if (strings && typeof child === 'string' && child.charCodeAt(0) === 0)
        holder[key] = sharedString(child, strings);
      continue;
    }
    const asDate = dateOf(child);
    if (asDate) holder[key] = asDate;
    else revivePlaces(child as Record<string, unknown>, strings);
  }
}
