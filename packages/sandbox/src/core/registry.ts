import type { Authorizer, CredentialResolver, ServiceDefinition } from './types.js';

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
