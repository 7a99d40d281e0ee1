import { NormalizedSchema } from '@smithy/core/schema';
import type { AwsError } from '../core/types.js';

/** Scalar conversions shared by the protocols. */

type TimestampFormat = 'date-time' | 'http-date' | 'epoch-seconds';

/** The timestamp format of a member: its own trait, else the protocol's default. */
export function timestampFormat(ns: NormalizedSchema, protocolDefault: TimestampFormat): TimestampFormat {
  const code = ns.getSchema() as unknown;
  if (code === 5) return 'date-time';
  if (code === 6) return 'http-date';
  if (code === 7) return 'epoch-seconds';
  return protocolDefault;
}

export function toDate(value: unknown): Date | undefined {
  if (value instanceof Date) return value;
  if (typeof value === 'number') return new Date(value * 1000);
  if (typeof value === 'string') {
    const d = /^\d+(\.\d+)?$/.test(value) ? new Date(Number(value) * 1000) : new Date(value);
    return Number.isNaN(d.getTime()) ? undefined : d;
  }
  return undefined;
}

/**
 * ISO 8601 as the services print it: whole seconds without a fraction (IAM, STS), or with milliseconds when
 * `millis` is set (EC2, S3) or the value has them.
 */
export function formatIso(d: Date, millis: boolean): string {
  const iso = d.toISOString();
  // Whole seconds: toISOString always ends ".000Z" then, so the fraction is cut by position.
  return millis || d.getUTCMilliseconds() !== 0 ? iso : `${iso.slice(0, -5)}Z`;
}

/** A timestamp member as the protocol writes it: epoch seconds, an HTTP date or ISO 8601 (see formatIso). */
export function wireTimestamp(value: unknown, format: TimestampFormat, millis: boolean): string | number {
  const d = toDate(value);
  if (!d) return String(value);
  if (format === 'epoch-seconds') return d.getTime() / 1000;
  if (format === 'http-date') return d.toUTCString();
  return formatIso(d, millis);
}

export function toBase64(value: unknown): string {
  if (typeof value === 'string') return Buffer.from(value, 'utf8').toString('base64');
  if (value instanceof Uint8Array) return Buffer.from(value).toString('base64');
  return String(value);
}

/** Turns one text value from a query string into the member's type, or raises the service's error. */
export function parseScalar(
  ns: NormalizedSchema,
  raw: string,
  wireName: string,
  invalid: InvalidValue,
): unknown {
  if (ns.isBooleanSchema()) {
    if (raw === 'true') return true;
    if (raw === 'false') return false;
    throw invalid(wireName, raw, 'boolean');
  }
  if (ns.isNumericSchema() || ns.isBigIntegerSchema() || ns.isBigDecimalSchema()) {
    const n = Number(raw);
    if (raw.trim() === '' || Number.isNaN(n)) throw invalid(wireName, raw, 'number');
    return n;
  }
  if (ns.isTimestampSchema()) {
    const d = toDate(raw);
    if (!d) throw invalid(wireName, raw, 'timestamp');
    return d;
  }
  if (ns.isBlobSchema()) return Buffer.from(raw, 'base64');
  return raw;
}

export type InvalidValue = (wireName: string, raw: string, type: string) => AwsError;

/** The members a structure requires: the raw schema lists them first and counts them at index 6. */
export function requiredMembers(ns: NormalizedSchema): string[] {
  const raw = ns.getSchema() as unknown;
  if (!Array.isArray(raw) || typeof raw[6] !== 'number') return [];
  return (raw[4] as string[]).slice(0, raw[6]);
}

export { NormalizedSchema };
