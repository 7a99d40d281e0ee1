import { describe, expect, it } from 'vitest';
import { formatTally, runLoad } from './load';

/** A clock that only counts how far it was moved. */
function fakeClock() {
  const moves: number[] = [];
  return { moves, clock: { advance: async (ms: number) => void moves.push(ms) } };
}

describe('runLoad on a virtual clock', () => {
  it('sends every worker its requests for each second, then moves the clock one second', async () => {
    const { moves, clock } = fakeClock();
    const seen: string[] = [];
    const lines: string[] = [];
    const result = await runLoad({
      workers: 3,
      ratePerSecond: 2,
      durationMs: 5000,
      clock,
      tty: false,
      write: (t) => lines.push(t),
      request: async (worker, n) => {
        seen.push(`${worker}:${n}:${moves.length}`);
        return n % 2 === 0 ? 'ok' : 'throttled';
      },
    });
    expect(moves).toEqual([1000, 1000, 1000, 1000, 1000]);
    expect(seen).toHaveLength(30);
    // In the first second each worker sent its requests 0 and 1, before the clock moved.
    expect(seen.filter((s) => s.endsWith(':0')).sort()).toEqual([
      '0:0:0',
      '0:1:0',
      '1:0:0',
      '1:1:0',
      '2:0:0',
      '2:1:0',
    ]);
    expect(result).toEqual({ total: { ok: 15, throttled: 15 }, elapsedMs: 5000, stoppedEarly: false });
    expect(lines.at(-1)).toBe('Load done after 5 s: 15 ok, 15 throttled.\n');
  });

  it('reports each interval and stops when the callback says so', async () => {
    const { moves, clock } = fakeClock();
    const intervals: Array<[number, Record<string, number>]> = [];
    const result = await runLoad({
      workers: 2,
      ratePerSecond: 1,
      durationMs: 600_000,
      clock,
      write: () => {},
      request: async () => 'ok',
      every: {
        ms: 60_000,
        report: (t) => {
          intervals.push([t.elapsedMs, t.interval]);
          return t.elapsedMs >= 120_000;
        },
      },
    });
    expect(intervals).toEqual([
      [60_000, { ok: 120 }],
      [120_000, { ok: 120 }],
    ]);
    expect(moves).toHaveLength(120);
    expect(result.stoppedEarly).toBe(true);
    expect(result.total).toEqual({ ok: 240 });
  });

  it('moves the clock a tick at a time, each worker sending its requests for the tick', async () => {
    const { moves, clock } = fakeClock();
    const result = await runLoad({
      workers: 2,
      ratePerSecond: 1,
      durationMs: 60_000,
      tickMs: 5000,
      clock,
      write: () => {},
      request: async () => 'ok',
    });
    expect(moves).toEqual(new Array(12).fill(5000));
    expect(result.total).toEqual({ ok: 120 });
    await expect(
      runLoad({
        workers: 1,
        ratePerSecond: 1,
        durationMs: 1000,
        tickMs: 1500,
        clock,
        request: async () => 'ok',
      }),
    ).rejects.toThrow(/tickMs must be whole seconds/);
  });

  it('ends with the error a request throws', async () => {
    const { clock } = fakeClock();
    await expect(
      runLoad({
        workers: 2,
        ratePerSecond: 1,
        durationMs: 10_000,
        clock,
        write: () => {},
        request: async () => {
          throw new Error('AccessDenied');
        },
      }),
    ).rejects.toThrow('AccessDenied');
  });

  it('refuses options that make no load', async () => {
    const base = {
      workers: 1,
      ratePerSecond: 1,
      durationMs: 1000,
      request: async () => 'ok',
      clock: fakeClock().clock,
    };
    await expect(runLoad({ ...base, workers: 0 })).rejects.toThrow(/workers must be 1-64/);
    await expect(runLoad({ ...base, ratePerSecond: 0.5 })).rejects.toThrow(/ratePerSecond/);
    await expect(runLoad({ ...base, durationMs: Number.NaN })).rejects.toThrow(/durationMs/);
  });
});

describe('runLoad in real time', () => {
  it('stops early when an interval callback says so', async () => {
    const result = await runLoad({
      workers: 2,
      ratePerSecond: 5,
      durationMs: 60_000,
      clock: 'real',
      tty: false,
      write: () => {},
      request: async () => 'ok',
      every: { ms: 1000, report: () => true },
    });
    expect(result.stoppedEarly).toBe(true);
    expect(result.elapsedMs).toBeLessThan(60_000);
    expect(result.total.ok).toBeGreaterThan(0);
  });
});

describe('formatTally', () => {
  it('counts with thousands separators, in the order outcomes first came', () => {
    expect(formatTally({ ok: 812, throttled: 2310 })).toBe('812 ok, 2,310 throttled');
    expect(formatTally({})).toBe('nothing yet');
  });
});
