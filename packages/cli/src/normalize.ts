import { PyFloat, PyInt, type Value } from './values';

export type TimestampZone = 'utc' | 'local';

function pad(n: number, width = 2): string {
  return String(Math.abs(n)).padStart(width, '0');
}

/**
 * A timestamp as the AWS CLI v2 prints it (cli_timestamp_format=iso8601):
 * botocore's parsed datetime through Python's isoformat(), so
 * `2021-07-02T13:08:20+00:00`, with `.ffffff` only when there are fractions.
 * Services that send ISO 8601 or RFC 822 (EC2, IAM, STS, S3, SQS,
 * CloudFormation) come out in UTC; services that send epoch seconds (JSON
 * protocols) come out in the machine's local time zone.
 */
export function formatTimestamp(date: Date, zone: TimestampZone = 'utc'): string {
  const offsetMinutes = zone === 'utc' ? 0 : -date.getTimezoneOffset();
  const shifted = new Date(date.getTime() + offsetMinutes * 60_000);
  const y = shifted.getUTCFullYear();
  const base =
    `${pad(y, 4)}-${pad(shifted.getUTCMonth() + 1)}-${pad(shifted.getUTCDate())}` +
    `T${pad(shifted.getUTCHours())}:${pad(shifted.getUTCMinutes())}:${pad(shifted.getUTCSeconds())}`;
  const ms = shifted.getUTCMilliseconds();
  const fraction = ms ? `.${pad(ms * 1000, 6)}` : '';
  const sign = offsetMinutes < 0 ? '-' : '+';
  return `${base}${fraction}${sign}${pad(Math.floor(Math.abs(offsetMinutes) / 60))}:${pad(Math.abs(offsetMinutes) % 60)}`;
}

export interface NormalizeOptions {
  timestamps?: TimestampZone;
}

/**
 * Turns JavaScript values (an SDK v3 output, a parsed object) into what the
 * CLI would be holding: Dates as its timestamp strings, binary data base64
 * encoded, bigints as exact ints, and absent (undefined) members dropped.
 */
export function normalize(value: unknown, options: NormalizeOptions = {}): Value {
  if (value === undefined || value === null) return null;
  if (value instanceof Date) return formatTimestamp(value, options.timestamps);
  if (value instanceof PyFloat || value instanceof PyInt) return value;
  if (typeof value === 'bigint')
    return Number.isSafeInteger(Number(value)) ? Number(value) : new PyInt(value);
  if (value instanceof Uint8Array) return Buffer.from(value).toString('base64');
  if (Array.isArray(value)) return value.map((v) => normalize(v, options));
  if (value instanceof Map) return normalize(Object.fromEntries(value), options);
  if (typeof value === 'object') {
    const out: { [key: string]: Value } = {};
    for (const [key, v] of Object.entries(value)) if (v !== undefined) out[key] = normalize(v, options);
    return out;
  }
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  return String(value);
}
