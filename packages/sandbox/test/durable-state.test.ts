import { appendFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cloneState } from '../src/core/changes.js';
import { JOURNAL, PREV_SNAPSHOT, SNAPSHOT } from '../src/core/journal.js';
import { readSavedState, StateStore, type StateStoreOptions } from '../src/core/state.js';
import { FaultyFiles } from './support/faulty-files.js';

// The state store on a disk that writes short, fills up and gets damaged: every save it acknowledged is
// there after a restart, nothing it refused is, and memory never shows a change that was not saved.

const base = mkdtempSync(join(tmpdir(), 'sandbox-durable-'));
afterAll(() => rmSync(base, { recursive: true, force: true }));
let dirs = 0;
const freshDir = () => join(base, `d${++dirs}`);

const ACCOUNT = '123456789012';
interface Item {
  name: string;
  tags: string[];
  n: number;
}
interface Scope {
  users: Record<string, Item>;
  list: Item[];
  meta: { writes: number; when?: Date };
}
const init = (): Scope => ({ users: {}, list: [], meta: { writes: 0 } });

function open(dir: string, options: StateStoreOptions = {}): StateStore {
  const store = new StateStore(dir, options);
  store.load();
  return store;
}

const scopeOf = (store: StateStore) => store.get(ACCOUNT, 'test', 'global', init);
const plain = (value: unknown) => JSON.parse(JSON.stringify(value));

/** One request: changes made in a transaction, then saved; false when the save was refused. */
function request(store: StateStore, change: (s: Scope) => void): boolean {
  return store.transaction((tx) => {
    try {
      change(scopeOf(store));
      store.save({ rngState: [1, 2, 3] });
      return true;
    } catch (err) {
      expect((err as Error).message).toMatch(/could not save the sandbox state to .*journal\.log/);
      return false;
    } finally {
      store.end(tx);
    }
  });
}

/** A seeded generator (mulberry32), so a failure replays. */
function rand(seed: number): (n: number) => number {
  let a = seed >>> 0;
  return (n) => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (((t ^ (t >>> 14)) >>> 0) % n) as number;
  };
}

/** A random change of every kind handlers make: set, delete, push, splice, replace, move, Date. */
function randomChange(r: (n: number) => number, i: number): (s: Scope) => void {
  const kind = r(9);
  return (s) => {
    const names = Object.keys(s.users);
    const name = names[r(Math.max(1, names.length))];
    s.meta.writes++;
    if (kind === 0 || !name) s.users[`u${i}`] = { name: `u${i}`, tags: [`t${i}`], n: i };
    else if (kind === 1) delete s.users[name];
    else if (kind === 2) s.users[name]?.tags.push(`x${i}`);
    else if (kind === 3) s.list.push({ name: `l${i}`, tags: [], n: i });
    else if (kind === 4 && s.list.length) {
      // A reference held across a splice: the element moves, then changes.
      const held = s.list[s.list.length - 1] as Item;
      s.list.splice(r(s.list.length), 1);
      held.n = -i;
    } else if (kind === 5) s.list = s.list.filter((x) => x.n % 2 === 0);
    else if (kind === 6 && s.list.length) {
      const moved = s.list.shift() as Item;
      s.users[`m${i}`] = moved;
      moved.tags.push('moved');
    } else if (kind === 7) s.meta.when = new Date(1_700_000_000_000 + i * 1000);
    else if (s.users[name]) s.users[name].n = i;
  };
}

describe('the journal replays exactly what memory holds', () => {
  it('after random sets, deletes, pushes, splices, moves and replacements, with snapshots in between', () => {
    const dir = freshDir();
    const store = open(dir, { compactBytes: 4096 });
    const r = rand(7);
    for (let i = 0; i < 400; i++) {
      expect(request(store, randomChange(r, i))).toBe(true);
      if (i % 25 === 24) {
        const saved = readSavedState(dir).accounts[ACCOUNT]?.test?.global;
        expect(plain(saved)).toEqual(plain(scopeOf(store)));
      }
    }
    expect(readFileSync(join(dir, SNAPSHOT), 'utf8')).toContain('"version":3');
    const again = open(dir);
    expect(plain(scopeOf(again))).toEqual(plain(scopeOf(store)));
    expect(scopeOf(again).meta.when).toBeInstanceOf(Date);
  });

  it('a write appends only what it changed, however much is stored', () => {
    const dir = freshDir();
    const store = open(dir);
    request(store, (s) => {
      for (let i = 0; i < 5000; i++) s.users[`user-${i}`] = { name: `user-${i}`, tags: ['a', 'b'], n: i };
    });
    const before = readFileSync(join(dir, JOURNAL)).length;
    request(store, (s) => {
      s.users['one-more'] = { name: 'one-more', tags: [], n: 1 };
    });
    const line = readFileSync(join(dir, JOURNAL)).length - before;
    expect(line).toBeLessThan(300);
  });
});

describe('a disk that writes short or fills up', () => {
  it('short writes: every save is written in full', () => {
    const dir = freshDir();
    const files = new FaultyFiles();
    files.maxPerWrite = 7;
    const store = open(dir, { files, compactBytes: 2048 });
    const r = rand(11);
    for (let i = 0; i < 120; i++) expect(request(store, randomChange(r, i))).toBe(true);
    expect(files.shortWrites).toBeGreaterThan(100);
    expect(plain(scopeOf(open(dir)))).toEqual(plain(scopeOf(store)));
  });

  it('the disk fills mid-run: refused saves change nothing, acknowledged ones survive a restart', () => {
    for (const capacity of [1500, 5000, 20_000, 41_234]) {
      const dir = freshDir();
      const files = new FaultyFiles();
      files.maxPerWrite = 500;
      const store = open(dir, { files, compactBytes: 3000 });
      files.capacity = capacity;
      const acked: string[] = [];
      let refused = 0;
      for (let i = 0; i < 300 && refused < 20; i++) {
        const before = plain(scopeOf(store));
        const ok = request(store, (s) => {
          s.users[`user-${i}`] = { name: `user-${i}`, tags: ['t'], n: i };
          s.list.push({ name: `l${i}`, tags: [], n: i });
          s.meta.writes++;
        });
        if (ok) acked.push(`user-${i}`);
        else {
          refused++;
          // Memory shows nothing of a refused request.
          expect(plain(scopeOf(store))).toEqual(before);
        }
      }
      expect(refused).toBeGreaterThan(0);
      // The restart reads from a disk with room again.
      const again = open(dir);
      expect(Object.keys(scopeOf(again).users).sort()).toEqual([...acked].sort());
      expect(scopeOf(again).meta.writes).toBe(acked.length);
      expect(plain(scopeOf(again))).toEqual(plain(scopeOf(store)));
      // And it writes on.
      expect(
        request(again, (s) => {
          s.users.after = { name: 'after', tags: [], n: 0 };
        }),
      ).toBe(true);
      expect(Object.keys(scopeOf(open(dir)).users)).toContain('after');
    }
  });

  it('a failing fsync refuses the save and takes the change back; the next save goes through', () => {
    const dir = freshDir();
    const files = new FaultyFiles();
    const store = open(dir, { files });
    expect(
      request(store, (s) => {
        s.users.a = { name: 'a', tags: [], n: 1 };
      }),
    ).toBe(true);
    files.failFsync = true;
    expect(
      request(store, (s) => {
        s.users.b = { name: 'b', tags: [], n: 2 };
      }),
    ).toBe(false);
    expect(Object.keys(scopeOf(store).users)).toEqual(['a']);
    files.failFsync = false;
    expect(
      request(store, (s) => {
        s.users.c = { name: 'c', tags: [], n: 3 };
      }),
    ).toBe(true);
    expect(Object.keys(scopeOf(open(dir)).users).sort()).toEqual(['a', 'c']);
  });

  it('a scope created by a refused request stays as created, empty', () => {
    const dir = freshDir();
    const files = new FaultyFiles();
    const store = open(dir, { files });
    files.capacity = 0;
    expect(
      request(store, (s) => {
        s.users.a = { name: 'a', tags: [], n: 1 };
      }),
    ).toBe(false);
    expect(store.accounts()).toEqual([ACCOUNT]);
    files.capacity = Number.POSITIVE_INFINITY;
    expect(
      request(store, (s) => {
        s.meta.writes = 5;
      }),
    ).toBe(true);
    expect(plain(scopeOf(open(dir)))).toEqual({ users: {}, list: [], meta: { writes: 5 } });
  });
});

describe('snapshots and requests in flight', () => {
  it('no snapshot while another request is part way through: a change later refused is never in one', () => {
    const dir = freshDir();
    const files = new FaultyFiles();
    const store = open(dir, { files, compactBytes: 1 });
    store.transaction((slow) => {
      scopeOf(store).users.pending = { name: 'pending', tags: [], n: 0 };
      // Another request saves meanwhile: its journal line is written, the snapshot waits.
      expect(request(store, (s) => void s.meta.writes++)).toBe(true);
      expect(existsSync(join(dir, SNAPSHOT))).toBe(false);
      files.capacity = 0;
      expect(() => store.save()).toThrow(/ENOSPC/);
      store.end(slow);
    });
    files.capacity = Number.POSITIVE_INFINITY;
    expect(request(store, (s) => void s.meta.writes++)).toBe(true);
    expect(readFileSync(join(dir, SNAPSHOT), 'utf8')).not.toContain('pending');
    expect(plain(scopeOf(open(dir)))).toEqual({ users: {}, list: [], meta: { writes: 2 } });
  });
});

describe('a request in flight that changed nothing yet (an SQS long poll)', () => {
  it('does not hold snapshots back', () => {
    const dir = freshDir();
    const store = open(dir, { compactBytes: 1 });
    store.transaction((waiting) => {
      scopeOf(store);
      expect(request(store, (s) => void s.meta.writes++)).toBe(true);
      expect(existsSync(join(dir, SNAPSHOT))).toBe(true);
      store.end(waiting);
    });
  });
});

describe('a filesystem without hard links', () => {
  it('keeps the previous snapshot as a copy', () => {
    const dir = freshDir();
    const files = new FaultyFiles();
    files.noLinks = true;
    const store = open(dir, { files, compactBytes: 1 });
    for (let i = 0; i < 40; i++) {
      expect(
        request(store, (s) => {
          s.meta.writes = i + 1;
        }),
      ).toBe(true);
    }
    const prev = JSON.parse(readFileSync(join(dir, PREV_SNAPSHOT), 'utf8'));
    const now = JSON.parse(readFileSync(join(dir, SNAPSHOT), 'utf8'));
    expect(prev.seq).toBeGreaterThan(0);
    expect(prev.seq).toBeLessThan(now.seq);
    expect(scopeOf(open(dir)).meta.writes).toBe(40);
  });
});

describe('damaged state at start', () => {
  function damagedDir(): { dir: string; expected: unknown } {
    const dir = freshDir();
    const store = open(dir, { compactBytes: 1024 });
    const r = rand(3);
    for (let i = 0; i < 80; i++) request(store, randomChange(r, i));
    return { dir, expected: plain(scopeOf(store)) };
  }

  it('a torn last journal line (a crash mid-append) is dropped: it was never acknowledged', () => {
    const { dir, expected } = damagedDir();
    appendFileSync(join(dir, JOURNAL), '{"n":99999,"c":[[["1234');
    const store = open(dir);
    expect(plain(scopeOf(store))).toEqual(expected);
    expect(
      request(store, (s) => {
        s.meta.writes = -1;
      }),
    ).toBe(true);
    expect(scopeOf(open(dir)).meta.writes).toBe(-1);
  });

  it('a damaged state.json: the message names the file and --recover; recovery uses the kept copy', () => {
    const { dir, expected } = damagedDir();
    writeFileSync(join(dir, SNAPSHOT), '{"version":2,"seq":12,"acc');
    expect(() => open(dir)).toThrow(
      `the sandbox state in ${join(dir, SNAPSHOT)} is corrupt (Unterminated string in JSON at position 26)`,
    );
    expect(() => open(dir)).toThrow(/start with --recover to rebuild the state from state\.prev\.json/);
    const recovering = new StateStore(dir);
    const notes = recovering.recover();
    expect(notes.join('\n')).toContain(`started from ${PREV_SNAPSHOT}`);
    expect(plain(scopeOf(recovering))).toEqual(expected);
    expect(plain(scopeOf(open(dir)))).toEqual(expected);
  });

  it('a damaged line inside the journal: named with its line; --recover keeps the changes before it', () => {
    const dir = freshDir();
    const store = open(dir);
    for (let i = 0; i < 5; i++)
      request(store, (s) => {
        s.users[`u${i}`] = { name: `u${i}`, tags: [], n: i };
      });
    const lines = readFileSync(join(dir, JOURNAL), 'utf8').split('\n');
    lines[3] = '{"n":4,"c":[[["oops"]]]}';
    writeFileSync(join(dir, JOURNAL), lines.join('\n'));
    expect(() => open(dir)).toThrow(/journal\.log is corrupt \(line 4: a change without a state path\)/);
    const recovering = new StateStore(dir);
    expect(recovering.recover().join('\n')).toContain('journal.log is damaged at line 4');
    expect(Object.keys(scopeOf(recovering).users)).toEqual(['u0', 'u1', 'u2']);
    expect(Object.keys(scopeOf(open(dir)).users)).toEqual(['u0', 'u1', 'u2']);
  });

  it('a snapshot writes a long string once however often the state holds it, and reads back every string', () => {
    const dir = freshDir();
    const store = open(dir);
    const file = `# a stock configuration file\n${'#Option value\n'.repeat(300)}`;
    const odd = ['\u0000', '\u0000#0', '\u0000\u0000x', `\u0000${'z'.repeat(80)}`, '#0', '$date', ''];
    request(store, (s) => {
      for (let i = 0; i < 200; i++) s.users[`u${i}`] = { name: file, tags: [...odd, file], n: i };
      s.list.push({ name: `\u0000#${'9'.repeat(70)}`, tags: odd, n: -1 });
      s.meta.when = new Date('2026-02-03T04:05:06.007Z');
    });
    store.compact();
    const text = readFileSync(join(dir, SNAPSHOT), 'utf8');
    expect(text).toContain('"version":3');
    // The file's 300 lines once, not 400 times.
    expect(text.split('#Option value').length - 1).toBe(300);
    const again = open(dir);
    expect(plain(scopeOf(again))).toEqual(plain(scopeOf(store)));
    expect(scopeOf(again).users.u7?.tags).toEqual([...odd, file]);
    expect(scopeOf(again).meta.when).toEqual(new Date('2026-02-03T04:05:06.007Z'));
    // And the journal goes on from it.
    request(again, (s) => {
      s.meta.writes++;
    });
    expect(plain(readSavedState(dir).accounts[ACCOUNT]?.test?.global)).toEqual(plain(scopeOf(again)));
  });

  it('a snapshot of format 2 (before the table of long strings) is read', () => {
    const dir = freshDir();
    open(dir);
    const users = { a: { name: `\u0000#0${'a'.repeat(70)}`, tags: [], n: 1 } };
    const doc = {
      version: 2,
      seq: 0,
      accounts: { [ACCOUNT]: { test: { global: { users, list: [], meta: { writes: 1 } } } } },
    };
    writeFileSync(join(dir, SNAPSHOT), JSON.stringify({ ...doc, extras: {} }));
    expect(plain(scopeOf(open(dir)).users)).toEqual(users);
  });

  it('a reference to a string the table lacks is damage, named as such', () => {
    const dir = freshDir();
    open(dir);
    const doc = {
      version: 3,
      seq: 0,
      strings: ['x'],
      revive: [[ACCOUNT, 'test', 'global']],
      accounts: { [ACCOUNT]: { test: { global: { list: ['\u0000#4'] } } } },
    };
    writeFileSync(join(dir, SNAPSHOT), JSON.stringify(doc));
    expect(() => open(dir)).toThrow(/is corrupt \(a reference to string 4, which the table lacks\)/);
    writeFileSync(join(dir, SNAPSHOT), JSON.stringify({ ...doc, revive: [[ACCOUNT, 'test', 'nowhere']] }));
    expect(() => open(dir)).toThrow(/is corrupt \(a revived scope that is not there\)/);
  });

  it('only the scopes holding a Date or a long string are walked at start; the others are read as written', () => {
    const dir = freshDir();
    const store = open(dir);
    const other = () => store.get(ACCOUNT, 'other', 'us-east-1', () => ({ names: ['a', 'b'], n: 1 }));
    request(store, (s) => {
      s.users.a = { name: 'a'.repeat(70), tags: [], n: 1 };
      other().n = 2;
    });
    store.compact();
    const head = JSON.parse(readFileSync(join(dir, SNAPSHOT), 'utf8'));
    expect(head.revive).toEqual([[ACCOUNT, 'test', 'global']]);
    const again = open(dir);
    expect(plain(scopeOf(again))).toEqual(plain(scopeOf(store)));
    expect(again.get(ACCOUNT, 'other', 'us-east-1', () => ({}))).toEqual({ names: ['a', 'b'], n: 2 });
  });

  it('a state.json from before the journal (format 1) is read, and writes continue in the journal', () => {
    const dir = freshDir();
    open(dir);
    const legacy = {
      version: 1,
      accounts: {
        [ACCOUNT]: {
          test: {
            global: {
              users: { old: { name: 'old', tags: [], n: 0 } },
              list: [],
              meta: { writes: 1, when: { $date: '2026-01-01T00:00:00.000Z' } },
            },
          },
        },
      },
      extras: { rngState: [9] },
    };
    writeFileSync(join(dir, SNAPSHOT), JSON.stringify(legacy));
    const store = new StateStore(dir);
    expect(store.load()).toEqual({ rngState: [9] });
    expect(scopeOf(store).meta.when).toEqual(new Date('2026-01-01T00:00:00.000Z'));
    request(store, (s) => {
      s.users.new = { name: 'new', tags: [], n: 1 };
    });
    expect(Object.keys(scopeOf(open(dir)).users).sort()).toEqual(['new', 'old']);
  });
});

describe('state handed to handlers', () => {
  it('copies with cloneState, which reads through the tracking (structuredClone cannot)', () => {
    const store = new StateStore();
    const s = scopeOf(store);
    s.meta.when = new Date(5);
    s.users.a = { name: 'a', tags: ['x'], n: 1 };
    expect(() => structuredClone(s.users)).toThrow();
    const copy = cloneState(s);
    expect(copy).toEqual({
      users: { a: { name: 'a', tags: ['x'], n: 1 } },
      list: [],
      meta: { writes: 0, when: new Date(5) },
    });
    copy.users.a!.n = 2;
    expect(s.users.a?.n).toBe(1);
  });
});
