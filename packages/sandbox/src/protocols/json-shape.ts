import type { AwsError } from '../core/types.js';
import {
  NormalizedSchema,
  requiredMembers,
  timestampFormat,
  toBase64,
  toDate,
  wireTimestamp,
} from './values.js';

/*
 * AWS JSON 1.0 bodies in both directions: member names as in the model, timestamps as epoch seconds, blobs
 * as base64. Parsing checks types and required members so bad input gets the service's validation error.
 */

export interface JsonParseOptions {
  missing: (memberName: string, path: string) => AwsError;
  invalid: (path: string, type: string) => AwsError;
}

export function parseJsonInput(
  schema: unknown,
  body: unknown,
  opts: JsonParseOptions,
): Record<string, unknown> {
  const ns = NormalizedSchema.of(schema as never);
  if (!ns.isStructSchema()) return {};
  if (body === undefined || body === null) body = {};
  return readValue(ns, body, '', opts) as Record<string, unknown>;
}

function readValue(ns: NormalizedSchema, value: unknown, path: string, opts: JsonParseOptions): unknown {
  if (value === null || value === undefined) return undefined;
  if (ns.isStructSchema() || ns.isUnionSchema()) {
    if (typeof value !== 'object' || Array.isArray(value)) throw opts.invalid(path, 'structure');
    const out: Record<string, unknown> = {};
    for (const [name, member] of ns.structIterator()) {
      const v = readValue(
        member,
        (value as Record<string, unknown>)[name],
        path ? `${path}.${name}` : name,
        opts,
      );
      if (v !== undefined) out[name] = v;
    }
    for (const name of requiredMembers(ns)) {
      if (out[name] === undefined) throw opts.missing(name, path ? `${path}.${name}` : name);
    }
    return out;
  }
  if (ns.isListSchema()) {
    if (!Array.isArray(value)) throw opts.invalid(path, 'list');
    const member = ns.getValueSchema();
    return value.map((item, i) => readValue(member, item, `${path}.${i + 1}`, opts));
  }
  if (ns.isMapSchema()) {
    if (typeof value !== 'object' || Array.isArray(value)) throw opts.invalid(path, 'map');
    const member = ns.getValueSchema();
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value as Record<string, unknown>))
      out[k] = readValue(member, v, `${path}.${k}`, opts);
    return out;
  }
  if (ns.isTimestampSchema()) {
    const d = toDate(value);
    if (!d) throw opts.invalid(path, 'timestamp');
    return d;
  }
  if (ns.isBlobSchema()) {
    if (typeof value !== 'string') throw opts.invalid(path, 'blob');
    return Buffer.from(value, 'base64');
  }
  if (ns.isBooleanSchema()) {
    if (typeof value !== 'boolean') throw opts.invalid(path, 'boolean');
    return value;
  }
  if (ns.isNumericSchema() || ns.isBigIntegerSchema() || ns.isBigDecimalSchema()) {
    if (typeof value !== 'number') throw opts.invalid(path, 'number');
    return value;
  }
  if (ns.isDocumentSchema()) return value;
  if (typeof value !== 'string') throw opts.invalid(path, 'string');
  return value;
}

/** A handler's result as the JSON value the model describes (unknown members are dropped). */
export function toJsonOutput(schema: unknown, value: unknown): unknown {
  return writeValue(NormalizedSchema.of(schema as never), value);
}

function writeValue(ns: NormalizedSchema, value: unknown): unknown {
  if (value === null || value === undefined) return undefined;
  if (ns.isStructSchema() || ns.isUnionSchema()) {
    const out: Record<string, unknown> = {};
    for (const [name, member] of ns.structIterator()) {
      const v = writeValue(member, (value as Record<string, unknown>)[name]);
      if (v !== undefined) out[name] = v;
    }
    return out;
  }
  if (ns.isListSchema()) {
    const member = ns.getValueSchema();
    return Array.isArray(value) ? value.map((item) => writeValue(member, item)) : undefined;
  }
  if (ns.isMapSchema()) {
    const member = ns.getValueSchema();
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) out[k] = writeValue(member, v);
    return out;
  }
  if (ns.isTimestampSchema()) return wireTimestamp(value, timestampFormat(ns, 'epoch-seconds'), true);
  if (ns.isBlobSchema()) return toBase64(value);
  return value;
}
