import { describe, expect, it } from 'vitest';
import { schedule } from './schedule';

describe('schedule', () => {
  const deps: Record<string, string[]> = { a: [], b: ['a'], c: ['a'], d: ['b', 'c'] };
  const durations: Record<string, number> = { a: 10, b: 30, c: 5, d: 10 };

  it('starts each item when its dependencies finish and overlaps independent ones', async () => {
    const log: string[] = [];
    const result = await schedule({
      ids: Object.keys(deps),
      start: 0,
      haltOnFailure: true,
      waitFor: (id) => deps[id]!,
      duration: (id) => durations[id]!,
      begin: async (id, at) => {
        log.push(`${at} start ${id}`);
        return { ok: true };
      },
      finish: (id, at) => log.push(`${at} end ${id}`),
    });
    expect(log).toEqual([
      '0 start a',
      '10 end a',
      '10 start b',
      '10 start c',
      '15 end c',
      '40 end b',
      '40 start d',
      '50 end d',
    ]);
    expect(result).toEqual({
      end: 50,
      succeeded: ['a', 'c', 'b', 'd'],
      failed: [],
      cancelled: [],
      notStarted: [],
    });
  });

  it('on failure cancels what is running and starts nothing new', async () => {
    const log: string[] = [];
    const result = await schedule({
      ids: Object.keys(deps),
      start: 0,
      haltOnFailure: true,
      waitFor: (id) => deps[id]!,
      duration: (id) => durations[id]!,
      begin: async (id) => (id === 'c' ? { ok: false, reason: 'boom' } : { ok: true }),
      finish: (id, at, o) => log.push(`${at} ${id} ${o.ok ? 'ok' : o.reason}`),
      cancel: (id, at) => log.push(`${at} ${id} cancelled`),
    });
    expect(log).toEqual(['10 a ok', '15 c boom', '15 b cancelled']);
    expect(result).toMatchObject({ failed: ['c'], cancelled: ['b'], notStarted: ['d'] });
  });

  it('without halting, a failure only blocks what waits for it', async () => {
    const result = await schedule({
      ids: Object.keys(deps),
      start: 0,
      haltOnFailure: false,
      waitFor: (id) => deps[id]!,
      duration: (id) => durations[id]!,
      begin: async (id) => (id === 'b' ? { ok: false, reason: 'boom' } : { ok: true }),
      finish: () => undefined,
    });
    expect(result).toMatchObject({ succeeded: ['a', 'c'], failed: ['b'], notStarted: ['d'] });
  });
});
