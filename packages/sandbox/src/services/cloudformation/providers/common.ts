/** Helpers shared by the providers: service calls, tag specifications, dropping unset properties. */
import type { Tag } from '../state';
import type { ProvisionContext } from './types';

export function call(
  p: ProvisionContext,
  service: string,
  operation: string,
  input: Record<string, unknown>,
) {
  return p.ctx.call(service, operation, compact(input));
}

/** The input without undefined members (the model has no "null"). */
export function compact<T extends Record<string, unknown>>(input: T): T {
  return Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined)) as T;
}

/** The resource's template tags plus the aws:cloudformation:* and stack tags, the template's winning on clashes. */
export function allTags(p: ProvisionContext, templateTags: unknown): Tag[] {
  const own = ((templateTags as Tag[] | undefined) ?? []).map((t) => ({
    Key: String(t.Key),
    Value: String(t.Value ?? ''),
  }));
  const keys = new Set(own.map((t) => t.Key));
  return [...p.tags.filter((t) => !keys.has(t.Key)), ...own];
}

export function tagSpecifications(p: ProvisionContext, resourceType: string, templateTags: unknown) {
  return [{ ResourceType: resourceType, Tags: allTags(p, templateTags) }];
}

export function num(v: unknown): number | undefined {
  return v === undefined || v === null || v === '' ? undefined : Number(v);
}

export function bool(v: unknown): boolean | undefined {
  if (v === undefined || v === null) return undefined;
  return v === true || String(v).toLowerCase() === 'true';
}

export function changed(a: Record<string, unknown>, b: Record<string, unknown>): string[] {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  return [...keys].filter((k) => JSON.stringify(a[k]) !== JSON.stringify(b[k]));
}
