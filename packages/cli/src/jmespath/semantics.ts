import { compareCodePoints, isNumber, isObject, PyInt, toNumber } from '../values';
import { ExpressionRef } from './ast';

/** JMESPath type names, as Python jmespath reports them. */
export function typeName(value: unknown): string {
  if (typeof value === 'string') return 'string';
  if (typeof value === 'boolean') return 'boolean';
  if (Array.isArray(value)) return 'array';
  if (isNumber(value)) return 'number';
  if (value === null || value === undefined) return 'null';
  if (value instanceof ExpressionRef) return 'expref';
  if (isObject(value)) return 'object';
  return 'unknown';
}

/** Python jmespath's falsiness: '', [], {}, None and False (but not 0). */
export function isFalse(value: unknown): boolean {
  if (value === null || value === undefined || value === false || value === '') return true;
  if (Array.isArray(value)) return value.length === 0;
  if (isObject(value)) return Object.keys(value).length === 0;
  return false;
}

function asNumberLike(value: unknown): number | undefined {
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (isNumber(value)) return toNumber(value);
  return undefined;
}

/** Python's == between decoded JSON values (True == 1 and 1 == 1.0 hold). */
export function pythonEquals(x: unknown, y: unknown): boolean {
  const nx = asNumberLike(x);
  const ny = asNumberLike(y);
  if (nx !== undefined || ny !== undefined) {
    if (x instanceof PyInt && y instanceof PyInt) return x.value === y.value;
    return nx !== undefined && ny !== undefined && nx === ny;
  }
  if (Array.isArray(x) || Array.isArray(y)) {
    if (!Array.isArray(x) || !Array.isArray(y) || x.length !== y.length) return false;
    return x.every((item, i) => pythonEquals(item, y[i]));
  }
  if (isObject(x) || isObject(y)) {
    if (!isObject(x) || !isObject(y)) return false;
    const keys = Object.keys(x);
    if (keys.length !== Object.keys(y).length) return false;
    return keys.every((k) => Object.hasOwn(y, k) && pythonEquals(x[k], y[k]));
  }
  return (x ?? null) === (y ?? null);
}

/**
 * jmespath's `==`: Python equality, except that 0 and 1 never equal a boolean
 * at the top level (Python jmespath special-cases that; the npm library uses
 * strict equality everywhere, so `1.0 == 1` and nested `[true] == [1]` differ).
 */
export function jmesEquals(x: unknown, y: unknown): boolean {
  if (isNumber(x) && (toNumber(x) === 0 || toNumber(x) === 1) && typeof y === 'boolean') return false;
  if (isNumber(y) && (toNumber(y) === 0 || toNumber(y) === 1) && typeof x === 'boolean') return false;
  return pythonEquals(x, y);
}

/**
 * Python's ordering of two numbers or two strings. Python raises TypeError when
 * a number meets a string; we raise too rather than invent an answer.
 */
export function pythonCompare(x: unknown, y: unknown, context: string): number {
  if (typeof x === 'string' && typeof y === 'string') return compareCodePoints(x, y);
  if (isNumber(x) && isNumber(y)) {
    if (x instanceof PyInt && y instanceof PyInt) return x.value < y.value ? -1 : x.value > y.value ? 1 : 0;
    const a = toNumber(x);
    const b = toNumber(y);
    return a < b ? -1 : a > b ? 1 : 0;
  }
  throw new TypeError(`${context}: cannot compare ${typeName(x)} with ${typeName(y)}`);
}

export function isComparable(value: unknown): boolean {
  return typeof value === 'string' || isNumber(value);
}
