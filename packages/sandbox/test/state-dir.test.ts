import { existsSync, mkdtempSync, rmSync, symlinkSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readSavedState, StateStore } from '../src/core/state.js';
import { startSandbox } from '../src/index.js';

const base = mkdtempSync(join(tmpdir(), 'sandbox-state-dir-'));
afterAll(() => rmSync(base, { recursive: true, force: true }));

describe('a data dir that cannot hold state', () => {
  it('a file where the data dir should be: the sandbox does not start, and says why', async () => {
    const file = join(base, 'not-a-dir');
    writeFileSync(file, 'x');
    await expect(startSandbox({ port: 0, dataDir: file, discover: false })).rejects.toThrow(
      `the data dir ${file} is a file, not a directory`,
    );
  });

  it.skipIf(process.getuid?.() === 0)(
    'a read-only data dir: the sandbox does not start, and says why',
    async () => {
      const dir = join(base, 'read-only');
      const { mkdirSync, chmodSync } = await import('node:fs');
      mkdirSync(dir);
      chmodSync(dir, 0o555);
      await expect(startSandbox({ port: 0, dataDir: dir, discover: false })).rejects.toThrow(
        /cannot hold the sandbox state \(EACCES\)/,
      );
    },
  );

  it.skipIf(!existsSync('/dev/full'))(
    'a full disk: the save fails clearly, changes nothing, and the saved state is kept',
    () => {
      const dir = join(base, 'full');
      const store = new StateStore(dir);
      store.load();
      const users = () =>
        store.get<{ users: string[] }>('123456789012', 'iam', 'global', () => ({ users: [] }));
      // The journal is where the bytes go: make it the device that is always full.
      symlinkSync('/dev/full', join(dir, 'journal.log'));
      store.transaction((tx) => {
        users().users.push('lost');
        expect(() => store.save()).toThrow(/could not save the sandbox state to .*journal\.log \(ENOSPC\)/);
        store.end(tx);
      });
      expect(users().users).toEqual([]);
      unlinkSync(join(dir, 'journal.log'));
      store.transaction((tx) => {
        users().users.push('kept');
        store.save();
        store.end(tx);
      });
      expect(readSavedState(dir).accounts['123456789012']?.iam?.global).toEqual({ users: ['kept'] });
    },
  );
});
