import { isObject, PyFloat, PyInt, type Value } from './values';

/** Python's repr() of a float: shortest round-trip digits, Python's layout. */
export function floatRepr(x: number): string {
  if (Number.isNaN(x)) return 'nan';
  if (!Number.isFinite(x)) return x > 0 ? 'inf' : '-inf';
  if (x === 0) return Object.is(x, -0) ? '-0.0' : '0.0';
  // toExponential() without digits gives the shortest round-trip digits, as Python's repr does.
  const [mantissa = '', exp = '0'] = x.toExponential().split('e');
  const negative = mantissa.startsWith('-');
  const digits = mantissa.replace('-', '').replace('.', '');
  const exponent = Number(exp);
  const decpt = exponent + 1; // value = 0.<digits> * 10**decpt
  let body: string;
  if (decpt <= -4 || decpt > 16) {
    const rest = digits.slice(1);
    const e = Math.abs(exponent).toString().padStart(2, '0');
    body = `${digits[0]}${rest ? `.${rest}` : ''}e${exponent < 0 ? '-' : '+'}${e}`;
  } else if (decpt <= 0) {
    body = `0.${'0'.repeat(-decpt)}${digits}`;
  } else if (decpt >= digits.length) {
    body = `${digits}${'0'.repeat(decpt - digits.length)}.0`;
  } else {
    body = `${digits.slice(0, decpt)}.${digits.slice(decpt)}`;
  }
  return negative ? `-${body}` : body;
}

/** Python's str() of an int held in a JavaScript number. */
function intStr(x: number): string {
  return Number.isSafeInteger(x) ? String(x) : BigInt(x).toString();
}

/** Python's str() of a number from our value model. */
export function numberStr(value: number | PyFloat | PyInt): string {
  if (value instanceof PyInt) return value.value.toString();
  if (value instanceof PyFloat) return floatRepr(value.value);
  return Number.isInteger(value) ? intStr(value) : floatRepr(value);
}

/** Python's str(): what `six.text_type(value)` gives in text.py and table.py. */
export function pyStr(value: Value | undefined): string {
  if (typeof value === 'string') return value;
  return pyRepr(value);
}

// Python's str.isprintable(): everything but categories Cc, Cf, Cs, Co, Cn, Zl, Zp, Zs (except space).
const NON_PRINTABLE = /[\p{Cc}\p{Cf}\p{Cs}\p{Co}\p{Cn}\p{Zl}\p{Zp}\p{Zs}]/u;

function stringRepr(s: string): string {
  const quote = s.includes("'") && !s.includes('"') ? '"' : "'";
  let out = quote;
  for (const ch of s) {
    const cp = ch.codePointAt(0) ?? 0;
    if (ch === quote || ch === '\\') out += `\\${ch}`;
    else if (ch === '\t') out += '\\t';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch !== ' ' && NON_PRINTABLE.test(ch)) {
      if (cp < 0x100) out += `\\x${cp.toString(16).padStart(2, '0')}`;
      else if (cp < 0x10000) out += `\\u${cp.toString(16).padStart(4, '0')}`;
      else out += `\\U${cp.toString(16).padStart(8, '0')}`;
    } else out += ch;
  }
  return out + quote;
}

/** Python's repr(), for values that end up str()-ed inside lists and dicts. */
export function pyRepr(value: Value | undefined): string {
  if (value === null || value === undefined) return 'None';
  if (value === true) return 'True';
  if (value === false) return 'False';
  if (typeof value === 'string') return stringRepr(value);
  if (typeof value === 'number' || value instanceof PyFloat || value instanceof PyInt) {
    return numberStr(value);
  }
  if (Array.isArray(value)) return `[${value.map(pyRepr).join(', ')}]`;
  if (isObject(value)) {
    const items = Object.entries(value).map(([k, v]) => `${stringRepr(k)}: ${pyRepr(v)}`);
    return `{${items.join(', ')}}`;
  }
  return String(value);
}
