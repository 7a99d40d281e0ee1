import { AwsError } from '../../core/types';

/*
 * DynamoDB attribute values: the wire form (the SDK's AttributeValue, binaries as bytes), the stored form
 * (binaries as base64 text, so the sandbox's JSON state keeps them), sizes and key ordering.
 */

export interface AttributeValue {
  S?: string;
  N?: string;
  B?: Uint8Array | string;
  SS?: string[];
  NS?: string[];
  BS?: (Uint8Array | string)[];
  M?: Record<string, AttributeValue>;
  L?: AttributeValue[];
  NULL?: boolean;
  BOOL?: boolean;
}

export type Item = Record<string, AttributeValue>;

const TYPES = ['S', 'N', 'B', 'SS', 'NS', 'BS', 'M', 'L', 'NULL', 'BOOL'] as const;
/** "The maximum item size in DynamoDB is 400 KB" (Service, account, and table quotas in Amazon DynamoDB). */
export const MAX_ITEM_BYTES = 400 * 1024;
/** Nesting depth DynamoDB accepts for lists and maps. */
const MAX_DEPTH = 32;

export function validationError(message: string): AwsError {
  return new AwsError('ValidationException', message);
}

function typeOf(v: AttributeValue): (typeof TYPES)[number] {
  const present = TYPES.filter((t) => v[t] !== undefined);
  if (present.length !== 1) {
    throw validationError(
      'Supplied AttributeValue is empty, must contain exactly one of the supported datatypes',
    );
  }
  return present[0] as (typeof TYPES)[number];
}

function b64(v: Uint8Array | string): string {
  return typeof v === 'string' ? v : Buffer.from(v).toString('base64');
}

/** Checks a value and turns it into the stored form. */
export function toStored(v: AttributeValue, depth = 0): AttributeValue {
  if (depth > MAX_DEPTH) throw validationError('Nesting Levels have exceeded supported limits');
  const t = typeOf(v);
  switch (t) {
    case 'N':
      return { N: canonicalNumber(v.N as string) };
    case 'NS':
      return { NS: uniqueSet((v.NS as string[]).map(canonicalNumber), 'NS') };
    case 'SS':
      return { SS: uniqueSet(v.SS as string[], 'SS') };
    case 'B':
      return { B: b64(v.B as Uint8Array) };
    case 'BS':
      return { BS: uniqueSet((v.BS as Uint8Array[]).map(b64), 'BS') };
    case 'M':
      return {
        M: Object.fromEntries(Object.entries(v.M as Item).map(([k, x]) => [k, toStored(x, depth + 1)])),
      };
    case 'L':
      return { L: (v.L as AttributeValue[]).map((x) => toStored(x, depth + 1)) };
    default:
      return { [t]: v[t] } as AttributeValue;
  }
}

function uniqueSet(values: string[], type: string): string[] {
  if (values.length === 0) {
    const kind = type === 'SS' ? 'string' : type === 'NS' ? 'number' : 'binary';
    throw validationError(`One or more parameter values were invalid: An ${kind} set  may not be empty`);
  }
  if (new Set(values).size !== values.length)
    throw validationError('One or more parameter values were invalid: Input collection contains duplicates');
  return values;
}

/** The stored form back as the wire form (binaries as bytes for the protocol layer's base64). */
export function toWire(v: AttributeValue): AttributeValue {
  if (v.B !== undefined) return { B: Buffer.from(v.B as string, 'base64') };
  if (v.BS !== undefined) return { BS: (v.BS as string[]).map((x) => Buffer.from(x, 'base64')) };
  if (v.M !== undefined) return { M: itemToWire(v.M) };
  if (v.L !== undefined) return { L: v.L.map(toWire) };
  return v;
}

export function itemToWire(item: Item): Item {
  return Object.fromEntries(Object.entries(item).map(([k, v]) => [k, toWire(v)]));
}

export function itemToStored(item: Item): Item {
  return Object.fromEntries(Object.entries(item).map(([k, v]) => [k, toStored(v)]));
}

/** DynamoDB numbers: up to 38 significant digits, magnitude 1E-130 to 9.9999999999999999999999999999999999999E+125. */
function canonicalNumber(raw: string): string {
  const text = String(raw).trim();
  if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(text)) {
    throw validationError(
      'The parameter cannot be converted to a numeric value: ' +
        (text.length > 40 ? `${text.slice(0, 40)}...` : text),
    );
  }
  if (significantDigits(text) > 38) {
    throw validationError('Attempting to store more than 38 significant digits in a Number');
  }
  const n = Number(text);
  if (n !== 0 && (Math.abs(n) >= 1e126 || Math.abs(n) < 1e-130)) {
    throw validationError(
      'Number overflow. Attempting to store a number with magnitude larger than supported range',
    );
  }
  return text;
}

function significantDigits(text: string): number {
  const mantissa = text
    .replace(/^[+-]/, '')
    .replace(/[eE].*$/, '')
    .replace('.', '');
  const trimmed = mantissa.replace(/^0+/, '').replace(/0+$/, '');
  return trimmed.length;
}

function utf8(s: string): number {
  return Buffer.byteLength(s, 'utf8');
}

/**
 * Size of a value in bytes, by "DynamoDB item sizes and formats"
 * (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/CapacityUnitCalculations.html):
 * strings and binaries by their bytes, numbers 1 byte per two significant digits plus 1, null and Boolean
 * 1 byte, lists and maps 3 bytes plus their elements plus 1 byte per element.
 */
export function valueSize(v: AttributeValue): number {
  if (v.S !== undefined) return utf8(v.S);
  if (v.N !== undefined) return numberSize(v.N);
  if (v.B !== undefined) return Buffer.from(v.B as string, 'base64').length;
  if (v.SS !== undefined) return v.SS.reduce((n, s) => n + utf8(s), 0);
  if (v.NS !== undefined) return v.NS.reduce((n, s) => n + numberSize(s), 0);
  if (v.BS !== undefined) return v.BS.reduce((n, s) => n + Buffer.from(s as string, 'base64').length, 0);
  if (v.M !== undefined)
    return 3 + Object.entries(v.M).reduce((n, [k, x]) => n + utf8(k) + valueSize(x) + 1, 0);
  if (v.L !== undefined) return 3 + v.L.reduce((n, x) => n + valueSize(x) + 1, 0);
  return 1;
}

function numberSize(n: string): number {
  return Math.ceil(significantDigits(n) / 2) + 1;
}

/** Item size in bytes: attribute names plus values. */
export function itemSize(item: Item): number {
  return Object.entries(item).reduce((n, [k, v]) => n + utf8(k) + valueSize(v), 0);
}

/** Orders key values as DynamoDB does: numbers numerically, strings and binaries by their bytes. */
export function compareKeys(a: AttributeValue, b: AttributeValue): number {
  if (a.N !== undefined && b.N !== undefined) return Math.sign(Number(a.N) - Number(b.N));
  const bytes = (v: AttributeValue) =>
    v.S !== undefined ? Buffer.from(v.S, 'utf8') : Buffer.from((v.B as string) ?? '', 'base64');
  return Buffer.compare(bytes(a), bytes(b));
}

export function sameValue(a: AttributeValue | undefined, b: AttributeValue | undefined): boolean {
  return a !== undefined && b !== undefined && JSON.stringify(a) === JSON.stringify(b);
}
