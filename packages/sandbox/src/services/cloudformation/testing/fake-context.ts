/** A RequestContext without the HTTP server, for unit tests of the engine with fake providers. */
import { AwsError, type Principal, type RequestContext, type Rng } from '../../../core/types';
import type { ProviderRegistry } from '../providers/types';

export class CountingRng implements Rng {
  private n = 0;
  next(): number {
    this.n = (this.n * 9301 + 49297) % 233280;
    return this.n / 233280;
  }
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }
  chars(length: number, alphabet: string): string {
    let s = '';
    for (let i = 0; i < length; i++) s += alphabet[this.int(0, alphabet.length - 1)];
    return s;
  }
}

export type FakeCall = (
  service: string,
  operation: string,
  input: Record<string, unknown>,
) => Promise<Record<string, unknown>>;

export interface FakeWorld {
  ctx: RequestContext;
  /** Moves the clock forward. */
  advance(ms: number): void;
  /** Moves the clock past everything scheduled so far. */
  settle(): void;
  states: Map<string, unknown>;
}

export function fakeWorld(call?: FakeCall): FakeWorld {
  let offset = 0;
  const start = Date.parse('2026-01-01T00:00:00Z');
  const states = new Map<string, unknown>();
  const principal: Principal = {
    type: 'root',
    accountId: '123456789012',
    arn: 'arn:aws:iam::123456789012:root',
    userId: '123456789012',
    accessKeyId: 'test',
  };
  const store = <T>(service: string, scope: string, init: () => T): T => {
    const key = `${service}/${scope}`;
    if (!states.has(key)) states.set(key, init());
    return states.get(key) as T;
  };
  const ctx: RequestContext = {
    accountId: '123456789012',
    region: 'ap-northeast-1',
    service: 'cloudformation',
    operation: 'CreateStack',
    requestId: 'req',
    principal,
    endpoint: new URL('http://127.0.0.1:4580'),
    now: () => new Date(start + offset),
    rng: new CountingRng(),
    store: (service, scope, init) => store(service, scope === 'global' ? 'global' : 'ap-northeast-1', init),
    storeIn: (service, region, init) => store(service, region, init),
    call: async (service, operation, input) => {
      if (call) return call(service, operation, input);
      throw new AwsError('InvalidAction', `${service}:${operation} is not available in this test`);
    },
  };
  return {
    ctx,
    states,
    advance: (ms) => {
      offset += ms;
    },
    settle: () => {
      offset += 60 * 60 * 1000;
    },
  };
}

export interface FakeLog {
  calls: string[];
  alive: Set<string>;
}

/**
 * Providers for `Test::*`-like behaviour over real type names: each create makes `<type-short>-<n>`, records
 * `create:<logicalId>`, and fails when the properties say `Fail: true`.
 */
export function fakeProviders(types: string[], log: FakeLog): ProviderRegistry {
  let n = 0;
  const registry: ProviderRegistry = {};
  for (const type of types) {
    const short = type.split('::').at(-1)!.toLowerCase();
    registry[type] = {
      async create(p, props) {
        log.calls.push(`create:${p.logicalId}`);
        if (props.Fail === true || props.Fail === 'true') {
          throw new AwsError(
            'InvalidParameterValue',
            `Value (${p.logicalId}) for parameter Fail is invalid.`,
          );
        }
        const id = `${short}-${++n}`;
        log.alive.add(id);
        return { physicalId: id, attributes: { Id: id, Echo: props.Echo ?? '', Tags: p.tags } };
      },
      async update(p, _id, props, _prev, attributes) {
        log.calls.push(`update:${p.logicalId}`);
        return { ...attributes, Echo: props.Echo ?? '' };
      },
      async delete(p, id) {
        log.calls.push(`delete:${p.logicalId}`);
        if (!log.alive.delete(id))
          throw new AwsError('InvalidVpcID.NotFound', `The vpc ID '${id}' does not exist`);
      },
    };
  }
  return registry;
}
