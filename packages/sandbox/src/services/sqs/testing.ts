/*
 * A RequestContext for exercising the handlers without HTTP: seeded randomness, a clock the test moves, and
 * an in-memory store. Used by this folder's tests only.
 */
import type { Principal, RequestContext, Rng } from '../../core/types';
import { service } from './index';

export function seededRng(seed: number): Rng {
  let state = seed >>> 0;
  const next = () => {
    // mulberry32
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    chars: (length, alphabet) =>
      Array.from({ length }, () => alphabet[Math.floor(next() * alphabet.length)]).join(''),
  };
}

export interface TestContext {
  ctx(operation?: string): RequestContext;
  advance(ms: number): void;
  nowMs(): number;
  stores: Map<string, unknown>;
}

export function testContext(seed = 1, startMs = Date.UTC(2021, 5, 12, 18, 0, 0)): TestContext {
  const rng = seededRng(seed);
  let now = startMs;
  const stores = new Map<string, unknown>();
  const principal: Principal = {
    type: 'root',
    accountId: '123456789012',
    arn: 'arn:aws:iam::123456789012:root',
    userId: '123456789012',
    accessKeyId: 'test',
  };
  const store = <T>(service: string, scope: string, init: () => T): T => {
    const key = `${service}/${scope}`;
    if (!stores.has(key)) stores.set(key, init());
    return stores.get(key) as T;
  };
  return {
    stores,
    advance: (ms) => {
      now += ms;
    },
    nowMs: () => now,
    ctx: (operation = 'Test') => ({
      accountId: '123456789012',
      region: 'ap-northeast-1',
      service: 'sqs',
      operation,
      requestId: 'req',
      principal,
      endpoint: new URL('http://127.0.0.1:4580'),
      now: () => new Date(now),
      rng,
      store: (service, scope, init) => store(service, scope === 'global' ? 'global' : 'ap-northeast-1', init),
      storeIn: (service, region, init) => store(service, region, init),
      call: async () => {
        throw new Error('not used');
      },
    }),
  };
}

/** Calls the service's handlers with a test context: `op('SendMessage', {...})`. */
export function harness(seed = 1) {
  const t = testContext(seed);
  // biome-ignore lint/suspicious/noExplicitAny: tests read the model-shaped answers loosely
  const op = async (name: string, input: Record<string, unknown> = {}): Promise<any> => {
    const handler = service.operations[name];
    if (!handler) throw new Error(`no handler ${name}`);
    return handler(t.ctx(name), input);
  };
  return { ...t, op };
}

/**
 * Kendall's tau (tau-a) between receive position and send number: 1 when the order is kept, -1 when reversed,
 * near 0 when unrelated. The same definition as @handson/labkit's kendallTau, which Lab 04 prints. A copy: the
 * emulator imports no lab package (labkit's own tests run on the sandbox, so it would be a cycle too), and no
 * package under both has a place for statistics.
 */
export function kendallTau(order: number[]): number {
  const n = order.length;
  if (n < 2) throw new RangeError('Kendall tau needs at least two values');
  let concordant = 0;
  let discordant = 0;
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const d = order[j]! - order[i]!;
      if (d > 0) concordant++;
      else if (d < 0) discordant++;
    }
  }
  return (concordant - discordant) / ((n * (n - 1)) / 2);
}
