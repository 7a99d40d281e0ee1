import { parse } from 'lossless-json';
import { InvalidJsonError } from './errors';
import { PyFloat, PyInt, type Value } from './values';

/** Maps a JSON number's text to the number Python's json.loads would make. */
function parseNumber(text: string): number | PyFloat | PyInt {
  if (/[.eE]/.test(text)) {
    const n = Number(text);
    // 1.0 stays a float (Python prints it as 1.0); 0.5 needs no marker.
    return Number.isInteger(n) ? new PyFloat(n) : n;
  }
  const n = Number(text);
  return Number.isSafeInteger(n) ? n : new PyInt(BigInt(text));
}

/**
 * Parses JSON text as Python's json.loads would: floats and ints stay
 * distinct and big ints stay exact. Throws InvalidJsonError for anything else.
 * (Object keys that look like array indices are reordered by JavaScript;
 * AWS responses do not use such keys.)
 */
export function parseJsonText(text: string): Value {
  if (typeof text !== 'string') throw new InvalidJsonError(`expected a string, got ${typeof text}`);
  try {
    return parse(text, null, parseNumber) as Value;
  } catch (error) {
    throw new InvalidJsonError((error as Error).message);
  }
}
