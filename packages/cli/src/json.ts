import { floatRepr, numberStr } from './python-str';
import { isFloat, isNumber, isObject, toNumber } from './values';

function encodeNumber(value: Parameters<typeof toNumber>[0]): string {
  const n = toNumber(value);
  // json.dumps writes non-finite floats as JavaScript literals.
  if (!Number.isFinite(n)) return Number.isNaN(n) ? 'NaN' : n > 0 ? 'Infinity' : '-Infinity';
  return isFloat(value) ? floatRepr(n) : numberStr(value);
}

function encode(value: unknown, indent: string): string {
  if (value === null || value === undefined) return 'null';
  if (value === true) return 'true';
  if (value === false) return 'false';
  // JSON.stringify escapes strings exactly as json.dumps(ensure_ascii=False) does.
  if (typeof value === 'string') return JSON.stringify(value);
  if (isNumber(value)) return encodeNumber(value);
  const inner = `${indent}    `;
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    return `[\n${value.map((v) => inner + encode(v, inner)).join(',\n')}\n${indent}]`;
  }
  if (isObject(value)) {
    const entries = Object.entries(value);
    if (entries.length === 0) return '{}';
    return `{\n${entries.map(([k, v]) => `${inner}${JSON.stringify(k)}: ${encode(v, inner)}`).join(',\n')}\n${indent}}`;
  }
  return JSON.stringify(String(value));
}

/**
 * `--output json`: json.dump(indent=4, ensure_ascii=False) plus a newline.
 * An empty object prints nothing at all: that is how the CLI stays silent for
 * operations without a response body (other empty values still print).
 */
export function formatJson(result: unknown): string {
  if (isObject(result) && Object.keys(result).length === 0) return '';
  return `${encode(result, '')}\n`;
}
