import { describe, expect, it } from 'vitest';
import { SandboxClock } from '../src/index.js';

describe('SandboxClock', () => {
  it('freezes, advances and resumes from where it stands', () => {
    const clock = new SandboxClock();
    clock.freeze(new Date('2021-05-16T09:21:41Z'));
    expect(clock.now().toISOString()).toBe('2021-05-16T09:21:41.000Z');
    clock.advance(30_000);
    expect(clock.now().toISOString()).toBe('2021-05-16T09:22:11.000Z');
    clock.resume();
    expect(clock.now().getTime()).toBeGreaterThanOrEqual(Date.parse('2021-05-16T09:22:11Z'));
    expect(clock.now().getUTCFullYear()).toBe(2021);
    expect(() => clock.advance(-1)).toThrow(/non-negative/);
  });

  it('moves a running clock by an offset', () => {
    const clock = new SandboxClock();
    const before = clock.now().getTime();
    clock.advance(3_600_000);
    expect(clock.now().getTime()).toBeGreaterThanOrEqual(before + 3_600_000);
  });
});
