import { describe, expect, it } from 'vitest';
import { formatDuration, waitFor } from './wait';

function collect() {
  let text = '';
  return { write: (t: string) => (text += t), text: () => text };
}

describe('waitFor', () => {
  it('says what it waits for and for how long first, then how long it took', async () => {
    const out = collect();
    const { done } = await waitFor({
      what: 'a short thing',
      ms: 2100,
      pollMs: 50,
      write: out.write,
      clock: 'real',
    });
    expect(done).toBe(true);
    expect(out.text()).toMatch(/^Waiting 2 s for a short thing …\n[\s\S]*Done after 2 s\.\n$/);
  });

  it('on a virtual clock moves the clock instead of sleeping, poll by poll for an until-wait', async () => {
    const moves: number[] = [];
    const clock = { advance: async (ms: number) => void moves.push(ms) };
    const out = collect();
    const started = Date.now();
    await waitFor({ what: 'a timeout', ms: 120_000, write: out.write, clock });
    expect(moves).toEqual([120_000]);
    let polls = 0;
    const result = await waitFor({
      what: 'an instance',
      ms: 60_000,
      pollMs: 15_000,
      until: async () => ++polls > 2,
      write: out.write,
      clock,
    });
    expect(result).toEqual({ done: true, waitedMs: 30_000 });
    expect(moves).toEqual([120_000, 15_000, 15_000]);
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(out.text()).toMatch(/on the local sandbox's clock/);
    expect(out.text()).toMatch(/Done after 2 min of sandbox time\./);
  });

  it('gives up when until never says yes', async () => {
    const clock = { advance: async () => undefined };
    const out = collect();
    const result = await waitFor({
      what: 'never',
      ms: 5000,
      pollMs: 1000,
      until: async () => false,
      write: out.write,
      clock,
    });
    expect(result.done).toBe(false);
    expect(out.text()).toMatch(/Gave up after 5 s of sandbox time/);
  });

  it('formats durations as people read them', () => {
    expect([500, 12_000, 120_000, 125_000].map(formatDuration)).toEqual([
      '1 s',
      '12 s',
      '2 min',
      '2 min 5 s',
    ]);
  });
});
