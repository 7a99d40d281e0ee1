/**
 * The value model shared by the query engine and the formatters.
 *
 * Values are plain JSON-like JavaScript values, with two additions that let us
 * print numbers exactly as Python does: JavaScript cannot tell the float `1.0`
 * from the int `1`, nor hold ints beyond 2**53, and Python prints them
 * differently (`1.0` vs `1`).
 */
export class PyFloat {
  /** A Python float whose value happens to be integral, such as 1.0 or 1e16. */
  constructor(readonly value: number) {}
}

export class PyInt {
  /** A Python int too large for a JavaScript number to hold exactly. */
  constructor(readonly value: bigint) {}
}

export type Scalar = string | number | boolean | null | PyFloat | PyInt;
export type Value = Scalar | Value[] | { [key: string]: Value };
export type JsonObject = { [key: string]: Value };

export function isObject(value: unknown): value is JsonObject {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    !(value instanceof PyFloat) &&
    !(value instanceof PyInt)
  );
}

/** Python's notion used by the formatters: anything that is not a list or dict. */
export function isScalar(value: unknown): boolean {
  return !Array.isArray(value) && !isObject(value);
}

/** A number for JMESPath purposes (Python bools are not numbers there). */
export function isNumber(value: unknown): value is number | PyFloat | PyInt {
  return typeof value === 'number' || value instanceof PyFloat || value instanceof PyInt;
}

export function toNumber(value: number | PyFloat | PyInt): number {
  return typeof value === 'number' ? value : Number(value.value);
}

/** True when Python would hold this number as a float. */
export function isFloat(value: number | PyFloat | PyInt): boolean {
  return value instanceof PyFloat || (typeof value === 'number' && !Number.isInteger(value));
}

/** Wraps the result of float arithmetic so that integral results still print as floats. */
export function float(value: number): number | PyFloat {
  return Number.isInteger(value) ? new PyFloat(value) : value;
}

/** Compares strings the way Python does: by code point, not by UTF-16 unit. */
export function compareCodePoints(a: string, b: string): number {
  const ia = a[Symbol.iterator]();
  const ib = b[Symbol.iterator]();
  for (;;) {
    const ca = ia.next();
    const cb = ib.next();
    if (ca.done || cb.done) return ca.done ? (cb.done ? 0 : -1) : 1;
    const diff = (ca.value.codePointAt(0) ?? 0) - (cb.value.codePointAt(0) ?? 0);
    if (diff !== 0) return diff;
  }
}

/** Python's sorted() order for dict keys. */
export function sortedKeys(keys: Iterable<string>): string[] {
  return [...keys].sort(compareCodePoints);
}
