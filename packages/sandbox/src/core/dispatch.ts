import * as crypto from 'node:crypto';
import type { SandboxClock } from './clock.js';
import { accessDenied, notImplemented } from './refusals.js';
import { invalidRegion, isKnownRegion, saveFailed } from './regions.js';
import type { SeededRng } from './rng.js';
import { SaveFailedError, type StateStore } from './state.js';
import {
  type Authorizer,
  AwsError,
  type CredentialResolver,
  type IssuedCredential,
  type Principal,
  type RequestContext,
  type RequestObserver,
  type ServiceDefinition,
} from './types.js';

export interface Invocation {
  service: string;
  operation: string;
  input: Record<string, unknown>;
  principal: Principal;
  region: string;
  endpoint: URL;
  requestId: string;
  /** Set for requests that came over HTTP; those are handed to the request observers when they complete. */
  origin?: { sourceIpAddress: string; userAgent: string };
}

const READ_ONLY = /^(Describe|List|Get|Head|Validate|Estimate)/;

/**
 * One-shot SHA-256 (crypto.hash, Node 20.12 and later) where there is one: a hash object per request id
 * was a measurable share of a request. The same digest either way.
 */
const sha256Hex: (text: string) => string =
  typeof crypto.hash === 'function'
    ? (text) => crypto.hash('sha256', text, 'hex')
    : (text) => crypto.createHash('sha256').update(text).digest('hex');

/** Global services keep their state under the `global` scope whatever region signed the request. */
function scopeFor(scope: 'region' | 'global', region: string): string {
  return scope === 'global' ? 'global' : region;
}

/**
 * Runs operations: builds the handler's context, asks the registered authorizer about non-root principals,
 * calls the handler and persists state after anything that may have changed it.
 */
export class Dispatcher {
  private requestCounter = 0;
  /** The services' hooks, gathered once: who issued a key, who decides, who watches. */
  private readonly resolvers: readonly CredentialResolver[];
  private readonly authorizer: Authorizer | undefined;
  private readonly observers: readonly RequestObserver[];

  constructor(
    readonly services: Map<string, ServiceDefinition>,
    readonly state: StateStore,
    readonly clock: SandboxClock,
    readonly rng: SeededRng,
    private readonly seed: string,
    /** This instance's own observers (a test counting requests), after the services' ones. */
    localObservers: readonly RequestObserver[] = [],
    /** See RequestContext.pageSize. */
    private readonly pageSize?: number,
  ) {
    const defs = [...services.values()];
    this.resolvers = defs.flatMap((d) => (d.credentials ? [d.credentials] : []));
    this.authorizer = defs.findLast((d) => d.authorizer)?.authorizer;
    this.observers = [...defs.flatMap((d) => (d.observer ? [d.observer] : [])), ...localObservers];
  }

  /** The credential a service issued for this access key, if any did. */
  issuedCredential(accessKeyId: string): IssuedCredential | undefined {
    for (const resolve of this.resolvers) {
      const found = resolve(this.state, accessKeyId);
      if (found) return found;
    }
    return undefined;
  }

  /** A request id in AWS's UUID format, deterministic under the seed and independent of `rng`. */
  nextRequestId(): string {
    const h = sha256Hex(`${this.seed}/request/${++this.requestCounter}`);
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
  }

  has(service: string, operation: string): boolean {
    return typeof this.services.get(service)?.operations[operation] === 'function';
  }

  context(call: Invocation): RequestContext {
    const { principal, region } = call;
    const accountId = principal.accountId;
    const ctx: RequestContext = {
      accountId,
      region,
      service: call.service,
      operation: call.operation,
      requestId: call.requestId,
      principal,
      endpoint: call.endpoint,
      now: () => this.clock.now(),
      rng: this.rng,
      ...(this.pageSize === undefined ? {} : { pageSize: this.pageSize }),
      ...(this.authorizer ? { authorizer: this.authorizer } : {}),
      store: <T>(service: string, scope: 'region' | 'global', init: () => T) =>
        this.state.get(accountId, service, scopeFor(scope, region), init),
      storeIn: <T>(service: string, otherRegion: string, init: () => T) =>
        this.state.get(accountId, service, otherRegion, init),
      // Each nested call is its own request, as CloudFormation's calls to EC2 are on AWS: time-driven
      // transitions keyed on "a later request" (instance pending → running) progress between them.
      call: (service, operation, input) =>
        this.invoke({
          ...call,
          service,
          operation,
          input,
          requestId: this.nextRequestId(),
          origin: undefined,
        }) as Promise<Record<string, unknown>>,
    };
    return ctx;
  }

  async invoke(call: Invocation): Promise<unknown> {
    const def = this.services.get(call.service);
    const handler = def?.operations[call.operation];
    if (!def || typeof handler !== 'function') throw notImplemented(call.service, call.operation);
    // A region name is refused before it can become a new region of state (SigV4 checks the scope first).
    if (!isKnownRegion(call.region)) throw invalidRegion(call.service, call.region);
    const readOnly = def.readOnly ? def.readOnly(call.operation) : READ_ONLY.test(call.operation);
    return this.state.transaction(async (tx) => {
      const ctx = this.context(call);
      let output: unknown;
      let failure: unknown;
      try {
        if (call.principal.type !== 'root') await this.authorize(def, ctx, call);
        output = await handler(ctx, call.input);
      } catch (err) {
        failure = err;
      }
      try {
        if (call.origin) this.observe(call, ctx.now(), readOnly, output, failure);
        // Saved even after a failure: a handler may have changed state before it threw. A failed save takes
        // the request's changes back and answers 500, so nothing unsaved is ever seen. What read-only
        // requests changed (observers' records, time-driven transitions) goes with the next save.
        if (!readOnly) this.persist();
      } catch (err) {
        this.state.rollback(tx);
        throw err instanceof SaveFailedError ? saveFailed(call.service, err.message) : err;
      } finally {
        this.state.end(tx);
      }
      if (failure !== undefined) throw failure;
      return output;
    });
  }

  /** Hands a completed request to the observers; an observer's failure never changes the answer. */
  private observe(call: Invocation, time: Date, readOnly: boolean, output: unknown, failure: unknown): void {
    const { service, operation, input, principal, region, requestId } = call;
    const error =
      failure === undefined
        ? undefined
        : failure instanceof AwsError
          ? { code: failure.code, message: failure.message }
          : { code: 'InternalFailure', message: 'The sandbox failed to process the request.' };
    const done = {
      ...{ service, operation, input, principal, region, requestId, time, readOnly },
      ...(call.origin as NonNullable<Invocation['origin']>),
      ...(error ? { error } : { output }),
    };
    for (const fn of this.observers) {
      try {
        fn(this.state, done);
      } catch (err) {
        process.stderr.write(`sandbox: request observer failed: ${(err as Error)?.stack ?? err}\n`);
      }
    }
  }

  private async authorize(def: ServiceDefinition, ctx: RequestContext, call: Invocation): Promise<void> {
    const action = def.actions?.[call.operation] ?? `${def.name}:${call.operation}`;
    const resources = def.resources?.(ctx, call.operation, call.input) ?? ['*'];
    // Without a policy evaluator nothing grants a non-root principal anything, as in IAM.
    const decision = this.authorizer
      ? await this.authorizer(ctx, action, resources, call.input)
      : 'implicit-deny';
    if (decision !== 'allow') {
      throw accessDenied(def.name, call.principal, action, resources, decision === 'explicit-deny');
    }
  }

  persist(): void {
    this.state.save({ rngState: this.rng.getState() });
  }
}

export { AwsError };
