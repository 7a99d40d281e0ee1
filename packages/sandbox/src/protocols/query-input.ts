import type { AwsError } from '../core/types.js';
import { type InvalidValue, NormalizedSchema, parseScalar, requiredMembers } from './values.js';

/*
 * awsQuery and EC2 query request parsing: `Name.member.1=...`, `Attribute.1.Name=...`, `Filter.1.Value.1=...`
 * turned into the plain input object the model describes. Written here because the SDK only has the
 * client-side direction (object → query string).
 */

export type QueryFlavor = 'awsQuery' | 'ec2Query';

export interface QueryParseOptions {
  flavor: QueryFlavor;
  /** Error for a required member that is absent; `path` is the member path (`Tags.member.1.Key`). */
  missing: (memberName: string, wirePath: string) => AwsError;
  invalid: InvalidValue;
}

export function parseQueryInput(
  schema: unknown,
  params: Map<string, string>,
  opts: QueryParseOptions,
): Record<string, unknown> {
  const ns = NormalizedSchema.of(schema as never);
  if (!ns.isStructSchema()) return {};
  return parseStruct(ns, '', params, opts) ?? {};
}

function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

function wireName(member: NormalizedSchema, memberName: string, flavor: QueryFlavor): string {
  const traits = member.getMergedTraits() as { xmlName?: string; ec2QueryName?: string };
  if (flavor === 'ec2Query') {
    if (traits.ec2QueryName) return traits.ec2QueryName;
    return capitalize(traits.xmlName ?? memberName);
  }
  return traits.xmlName ?? memberName;
}

function join(prefix: string, name: string): string {
  return prefix ? `${prefix}.${name}` : name;
}

function hasPrefix(params: Map<string, string>, path: string): boolean {
  if (params.has(path)) return true;
  const p = `${path}.`;
  for (const key of params.keys()) if (key.startsWith(p)) return true;
  return false;
}

/** The indices N present under `path.N`, ascending. */
function indices(params: Map<string, string>, path: string): number[] {
  const p = `${path}.`;
  const found = new Set<number>();
  for (const key of params.keys()) {
    if (!key.startsWith(p)) continue;
    const head = key.slice(p.length).split('.', 1)[0] ?? '';
    if (/^[1-9]\d*$/.test(head)) found.add(Number(head));
  }
  return [...found].sort((a, b) => a - b);
}

function parseStruct(
  ns: NormalizedSchema,
  path: string,
  params: Map<string, string>,
  opts: QueryParseOptions,
): Record<string, unknown> | undefined {
  if (path && !hasPrefix(params, path)) return undefined;
  const out: Record<string, unknown> = {};
  for (const [memberName, member] of ns.structIterator()) {
    const value = parseValue(member, join(path, wireName(member, memberName, opts.flavor)), params, opts);
    if (value !== undefined) out[memberName] = value;
  }
  for (const name of requiredMembers(ns)) {
    if (out[name] === undefined) {
      throw opts.missing(name, join(path, wireName(ns.getMemberSchema(name), name, opts.flavor)));
    }
  }
  return out;
}

function parseValue(
  ns: NormalizedSchema,
  path: string,
  params: Map<string, string>,
  opts: QueryParseOptions,
): unknown {
  if (ns.isStructSchema() || ns.isUnionSchema()) return parseStruct(ns, path, params, opts);
  if (ns.isListSchema()) return parseList(ns, path, params, opts);
  if (ns.isMapSchema()) return parseMap(ns, path, params, opts);
  const raw = params.get(path);
  if (raw === undefined) return undefined;
  return parseScalar(ns, raw, path, opts.invalid);
}

function parseList(ns: NormalizedSchema, path: string, params: Map<string, string>, opts: QueryParseOptions) {
  if (!hasPrefix(params, path)) return undefined;
  // `Name=` with nothing after it is how query clients send an empty list.
  if (params.get(path) === '' && indices(params, path).length === 0) return [];
  const member = ns.getValueSchema();
  const flattened = opts.flavor === 'ec2Query' || Boolean(ns.getMergedTraits().xmlFlattened);
  const memberTag = (member.getMergedTraits() as { xmlName?: string }).xmlName ?? 'member';
  const base = flattened ? path : `${path}.${memberTag}`;
  return indices(params, base).map((i) => parseValue(member, `${base}.${i}`, params, opts));
}

function parseMap(ns: NormalizedSchema, path: string, params: Map<string, string>, opts: QueryParseOptions) {
  if (!hasPrefix(params, path)) return undefined;
  const keySchema = ns.getKeySchema();
  const valueSchema = ns.getValueSchema();
  const keyTag = (keySchema.getMergedTraits() as { xmlName?: string }).xmlName ?? 'key';
  const valueTag = (valueSchema.getMergedTraits() as { xmlName?: string }).xmlName ?? 'value';
  const flattened = Boolean(ns.getMergedTraits().xmlFlattened);
  const base = flattened ? path : `${path}.entry`;
  const out: Record<string, unknown> = {};
  for (const i of indices(params, base)) {
    const key = params.get(`${base}.${i}.${keyTag}`);
    if (key === undefined) continue;
    out[key] = parseValue(valueSchema, `${base}.${i}.${valueTag}`, params, opts);
  }
  return out;
}
