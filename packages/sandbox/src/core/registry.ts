import type { Authorizer, CredentialResolver, RequestObserver, ServiceDefinition } from './types.js';

/*
 * Process-wide registries that service folders fill in when they are loaded. They are global on purpose:
 * IAM and STS register how their keys resolve and how policies are evaluated, and every sandbox instance
 * in the process uses the same rules.
 */

const resolvers: CredentialResolver[] = [];
let authorizer: Authorizer | undefined;

/** Adds a lookup for access keys the sandbox issued (IAM user keys, STS session credentials). */
export function registerCredentialResolver(resolver: CredentialResolver): void {
  if (!resolvers.includes(resolver)) resolvers.push(resolver);
}

export function credentialResolvers(): readonly CredentialResolver[] {
  return resolvers;
}

/** Sets the policy evaluator that decides requests from non-root principals; the last one registered wins. */
export function registerAuthorizer(fn: Authorizer): void {
  authorizer = fn;
}

export function currentAuthorizer(): Authorizer | undefined {
  return authorizer;
}

const observers: RequestObserver[] = [];

/** Adds a function that sees every request the core answers (the CloudTrail recorder). */
export function registerRequestObserver(fn: RequestObserver): void {
  if (!observers.includes(fn)) observers.push(fn);
}

export function unregisterRequestObserver(fn: RequestObserver): void {
  const at = observers.indexOf(fn);
  if (at >= 0) observers.splice(at, 1);
}

export function requestObservers(): readonly RequestObserver[] {
  return observers;
}

/** Services registered in code (tests, or packages outside src/services), in addition to the discovered ones. */
const extraServices = new Map<string, ServiceDefinition>();

export function registerService(def: ServiceDefinition): void {
  extraServices.set(def.name, def);
}

export function unregisterService(name: string): void {
  extraServices.delete(name);
}

export function registeredServices(): ServiceDefinition[] {
  return [...extraServices.values()];
}
