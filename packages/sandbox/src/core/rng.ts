import * as prand from 'pure-rand';
import type { Rng } from './types.js';

/** Turns a numeric or string seed into the 32-bit integer pure-rand wants (FNV-1a for strings). */
export function seedToInt(seed: number | string): number {
  if (typeof seed === 'number' && Number.isInteger(seed)) return seed | 0;
  let hash = 0x811c9dc5;
  for (const ch of String(seed)) {
    hash ^= ch.codePointAt(0) ?? 0;
    hash = Math.imul(hash, 0x01000193);
  }
  return hash | 0;
}

/**
 * The sandbox's single source of randomness. Its state is exported and restored with the persisted data so a
 * restarted sandbox continues the same sequence instead of replaying ids it already handed out.
 */
export class SeededRng implements Rng {
  private gen: prand.RandomGenerator;

  constructor(seed: number | string, state?: readonly number[]) {
    this.gen = state ? prand.xoroshiro128plus.fromState(state) : prand.xoroshiro128plus(seedToInt(seed));
  }

  next(): number {
    // 53 random bits, as Math.random does.
    const hi = prand.unsafeUniformIntDistribution(0, (1 << 26) - 1, this.gen);
    const lo = prand.unsafeUniformIntDistribution(0, (1 << 27) - 1, this.gen);
    return (hi * 2 ** 27 + lo) / 2 ** 53;
  }

  int(min: number, max: number): number {
    if (!Number.isInteger(min) || !Number.isInteger(max) || max < min) {
      throw new RangeError(`rng.int needs integers with min <= max, got ${min}..${max}`);
    }
    return prand.unsafeUniformIntDistribution(min, max, this.gen);
  }

  chars(length: number, alphabet: string): string {
    let out = '';
    for (let i = 0; i < length; i++) out += alphabet[this.int(0, alphabet.length - 1)];
    return out;
  }

  getState(): number[] {
    return [...(this.gen.getState?.() ?? [])];
  }
}
