import { SeededRng } from '../../../core/rng';
import { AwsError, type RequestContext } from '../../../core/types';
import { service } from '../index';

/** Handler outputs as tests read them: any shape. */
// biome-ignore lint/suspicious/noExplicitAny: outputs are read loosely in tests
type Loose = any;

/**
 * Calls the EC2 handlers in-process with a context like the core's: per-account/region stores, a seeded rng,
 * a movable clock and a new request id per call (so transitions begun by one call complete on the next).
 */
export function ec2Harness(seed = 1) {
  const stores = new Map<string, unknown>();
  const rng = new SeededRng(seed);
  let clock = new Date('2026-11-28T10:00:00.000Z').getTime();
  let requests = 0;
  const accountId = '123456789012';

  const context = (region: string, operation: string): RequestContext => {
    const requestId = `req-${++requests}`;
    const ctx: RequestContext = {
      accountId,
      region,
      service: 'ec2',
      operation,
      requestId,
      principal: {
        type: 'root',
        accountId,
        arn: `arn:aws:iam::${accountId}:root`,
        userId: accountId,
        accessKeyId: 'test',
      },
      endpoint: new URL('http://127.0.0.1:4580'),
      now: () => new Date(clock),
      rng,
      store: <T>(name: string, scope: 'region' | 'global', init: () => T) => {
        const key = `${name}/${scope === 'global' ? 'global' : region}`;
        if (!stores.has(key)) stores.set(key, init());
        return stores.get(key) as T;
      },
      storeIn: <T>(name: string, other: string, init: () => T) => {
        const key = `${name}/${other}`;
        if (!stores.has(key)) stores.set(key, init());
        return stores.get(key) as T;
      },
      call: async (_service, op, input) =>
        (await service.operations[op]!(context(region, op), input)) as Record<string, unknown>,
    };
    return ctx;
  };

  const call = async (
    operation: string,
    input: Record<string, unknown> = {},
    region = 'ap-northeast-1',
  ): Promise<Loose> => {
    const handler = service.operations[operation];
    if (!handler) throw new Error(`no handler ${operation}`);
    const result = await handler(context(region, operation), input);
    // What the protocol layer would serialise: plain JSON.
    return JSON.parse(JSON.stringify(result ?? {}));
  };

  /** The AWS error code a call fails with (and fails the test when it succeeds). */
  const error = async (
    operation: string,
    input: Record<string, unknown> = {},
  ): Promise<{ code: string; message: string }> => {
    try {
      await call(operation, input);
    } catch (err) {
      if (err instanceof AwsError) return { code: err.code, message: err.message };
      throw err;
    }
    throw new Error(`${operation} succeeded but was expected to fail`);
  };

  const advance = (ms: number) => {
    clock += ms;
  };
  return { call, error, advance, stores };
}
