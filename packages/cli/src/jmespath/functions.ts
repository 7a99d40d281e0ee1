import { floatRepr, numberStr } from '../python-str';
import { float, isFloat, isNumber, isObject, type PyFloat, PyInt, toNumber, type Value } from '../values';
import { type ExpressionRef, JmesPathRuntimeError } from './ast';
import { pythonCompare, pythonEquals, typeName } from './semantics';

// The built-in functions, following Python jmespath 1.0.1 (what the AWS CLI
// runs) where it differs from the npm library: strings measured and reversed
// by code point, max_by/min_by accepting string keys, to_string escaping
// non-ASCII as json.dumps does, avg/sum/to_number keeping Python's float-ness.

type Arg = unknown;
type Types = readonly string[]; // allowed JMESPath types; empty = any
interface Spec {
  args: readonly Types[];
  variadic?: boolean;
  fn: (args: Arg[]) => unknown;
}

function typeError(name: string, value: unknown, expected: Types): JmesPathRuntimeError {
  return new JmesPathRuntimeError(
    `In function ${name}(), invalid type for value: ${JSON.stringify(value) ?? String(value)}, ` +
      `expected one of: ${expected.join(', ')}, received: "${typeName(value)}"`,
  );
}

function checkArray(name: string, value: unknown, expected: Types): void {
  // 'array-number' and 'array-string': every element has the type of the first allowed match.
  const subtypes = expected.filter((t) => t.startsWith('array-')).map((t) => t.slice(6));
  const list = value as unknown[];
  if (subtypes.length === 0 || list.length === 0) return;
  const first = typeName(list[0]);
  const wanted = subtypes.includes(first) ? first : undefined;
  if (wanted === undefined) throw typeError(name, list[0], expected);
  for (const item of list) if (typeName(item) !== wanted) throw typeError(name, item, expected);
}

function check(name: string, value: unknown, expected: Types): void {
  if (expected.length === 0) return;
  const actual = typeName(value);
  const base = expected.map((t) => (t.startsWith('array-') ? 'array' : t));
  if (!base.includes(actual)) throw typeError(name, value, expected);
  if (actual === 'array') checkArray(name, value, expected);
}

const codePoints = (s: string) => [...s];

/** json.dumps(value, separators=(',', ':')) with Python's default ensure_ascii=True. */
function compactJson(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (value === true) return 'true';
  if (value === false) return 'false';
  if (typeof value === 'string') {
    return JSON.stringify(value).replace(
      /[\u007f-\uffff]/g,
      (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
    );
  }
  if (isNumber(value)) {
    const n = toNumber(value);
    if (isFloat(value) && !Number.isFinite(n))
      return Number.isNaN(n) ? 'NaN' : n > 0 ? 'Infinity' : '-Infinity';
    return isFloat(value) ? floatRepr(n) : numberStr(value);
  }
  if (Array.isArray(value)) return `[${value.map(compactJson).join(',')}]`;
  if (isObject(value)) {
    return `{${Object.entries(value)
      .map(([k, v]) => `${compactJson(k)}:${compactJson(v)}`)
      .join(',')}}`;
  }
  return JSON.stringify(String(value));
}

/** Python's int() then float() on a string, as to_number() tries them. */
function parseNumber(text: string): number | PyFloat | PyInt | null {
  const trimmed = text.trim();
  if (/^[+-]?\d+(_\d+)*$/.test(trimmed)) {
    const digits = trimmed.replaceAll('_', '');
    const n = Number(digits);
    return Number.isSafeInteger(n) ? n : new PyInt(BigInt(digits));
  }
  const special = /^([+-]?)(inf|infinity|nan)$/i.exec(trimmed);
  if (special) {
    const n = special[2]?.toLowerCase() === 'nan' ? Number.NaN : Number.POSITIVE_INFINITY;
    return special[1] === '-' ? -n : n;
  }
  if (/^[+-]?(\d+(_\d+)*)?(\.(\d+(_\d+)*)?)?([eE][+-]?\d+(_\d+)*)?$/.test(trimmed) && /\d/.test(trimmed)) {
    const n = Number(trimmed.replaceAll('_', ''));
    if (!Number.isNaN(n)) return float(n);
  }
  return null;
}

function keyed(name: string, array: unknown[], ref: ExpressionRef, allowed: Types): unknown[] {
  return array.map((item) => {
    const key = ref.call(item);
    if (!allowed.includes(typeName(key))) throw typeError(name, key, allowed);
    return key;
  });
}

function extreme(name: string, array: unknown[], ref: ExpressionRef, sign: 1 | -1): unknown {
  if (array.length === 0) return null;
  const keys = keyed(name, array, ref, ['number', 'string']);
  let best = 0;
  for (let i = 1; i < array.length; i++) {
    // Python's max()/min() keep the first of equal keys.
    if (sign * pythonCompare(keys[i], keys[best], name) > 0) best = i;
  }
  return array[best];
}

function stableSort<T>(items: T[], compare: (a: T, b: T) => number): T[] {
  return items
    .map((item, index) => ({ item, index }))
    .sort((a, b) => compare(a.item, b.item) || a.index - b.index)
    .map((entry) => entry.item);
}

const NUMBER = ['number'];
const ANY: Types = [];

const FUNCTIONS: Record<string, Spec> = {
  abs: {
    args: [NUMBER],
    fn: ([x]) =>
      x instanceof PyInt
        ? new PyInt(x.value < 0n ? -x.value : x.value)
        : isFloat(x as number)
          ? float(Math.abs(toNumber(x as number)))
          : Math.abs(x as number),
  },
  avg: {
    args: [['array-number']],
    fn: ([a]) => {
      const list = a as number[];
      return list.length ? float(list.reduce((s: number, v) => s + toNumber(v), 0) / list.length) : null;
    },
  },
  ceil: { args: [NUMBER], fn: ([x]) => Math.ceil(toNumber(x as number)) },
  floor: { args: [NUMBER], fn: ([x]) => Math.floor(toNumber(x as number)) },
  contains: {
    args: [['array', 'string'], ANY],
    fn: ([subject, search]) => {
      if (typeof subject === 'string') {
        if (typeof search !== 'string') throw typeError('contains', search, ['string']);
        return subject.includes(search);
      }
      return (subject as unknown[]).some((item) => pythonEquals(item, search));
    },
  },
  ends_with: { args: [['string'], ['string']], fn: ([s, x]) => (s as string).endsWith(x as string) },
  starts_with: { args: [['string'], ['string']], fn: ([s, x]) => (s as string).startsWith(x as string) },
  join: { args: [['string'], ['array-string']], fn: ([sep, a]) => (a as string[]).join(sep as string) },
  keys: { args: [['object']], fn: ([o]) => Object.keys(o as object) },
  values: { args: [['object']], fn: ([o]) => Object.values(o as object) },
  length: {
    args: [['string', 'array', 'object']],
    fn: ([x]) =>
      typeof x === 'string'
        ? codePoints(x).length
        : Array.isArray(x)
          ? x.length
          : Object.keys(x as object).length,
  },
  map: {
    args: [['expref'], ['array']],
    fn: ([ref, a]) => (a as unknown[]).map((item) => (ref as ExpressionRef).call(item)),
  },
  max: { args: [['array-number', 'array-string']], fn: ([a]) => extremeOf(a as unknown[], 1) },
  min: { args: [['array-number', 'array-string']], fn: ([a]) => extremeOf(a as unknown[], -1) },
  max_by: {
    args: [['array'], ['expref']],
    fn: ([a, r]) => extreme('max_by', a as unknown[], r as ExpressionRef, 1),
  },
  min_by: {
    args: [['array'], ['expref']],
    fn: ([a, r]) => extreme('min_by', a as unknown[], r as ExpressionRef, -1),
  },
  merge: {
    args: [['object']],
    variadic: true,
    fn: (objects) => Object.assign({}, ...(objects as object[])),
  },
  not_null: {
    args: [ANY],
    variadic: true,
    fn: (args) => args.find((a) => a !== null && a !== undefined) ?? null,
  },
  reverse: {
    args: [['array', 'string']],
    fn: ([x]) => (typeof x === 'string' ? codePoints(x).reverse().join('') : [...(x as unknown[])].reverse()),
  },
  sort: {
    args: [['array-string', 'array-number']],
    fn: ([a]) => stableSort([...(a as unknown[])], (x, y) => pythonCompare(x, y, 'sort')),
  },
  sort_by: {
    args: [['array'], ['expref']],
    fn: ([a, r]) => {
      const list = a as unknown[];
      if (list.length === 0) return list;
      const ref = r as ExpressionRef;
      // Python checks the first key, then requires every key to have its type.
      const firstType = typeName(ref.call(list[0]));
      if (firstType !== 'number' && firstType !== 'string')
        throw typeError('sort_by', list[0], ['string', 'number']);
      const keys = keyed('sort_by', list, ref, [firstType]);
      const order = stableSort(
        list.map((_, i) => i),
        (i, j) => pythonCompare(keys[i], keys[j], 'sort_by'),
      );
      return order.map((i) => list[i]);
    },
  },
  sum: {
    args: [['array-number']],
    fn: ([a]) => {
      const list = a as (number | PyFloat | PyInt)[];
      if (list.every((v) => !isFloat(v)) && list.some((v) => v instanceof PyInt)) {
        return new PyInt(
          list.reduce((s: bigint, v) => s + (v instanceof PyInt ? v.value : BigInt(v as number)), 0n),
        );
      }
      const total = list.reduce((s: number, v) => s + toNumber(v), 0);
      return list.some(isFloat) ? float(total) : total;
    },
  },
  to_array: { args: [ANY], fn: ([x]) => (Array.isArray(x) ? x : [x]) },
  to_number: {
    args: [ANY],
    fn: ([x]) => {
      if (isNumber(x)) return x;
      return typeof x === 'string' ? parseNumber(x) : null;
    },
  },
  to_string: { args: [ANY], fn: ([x]) => (typeof x === 'string' ? x : compactJson(x)) },
  type: { args: [ANY], fn: ([x]) => typeName(x) },
};

function extremeOf(list: unknown[], sign: 1 | -1): unknown {
  if (list.length === 0) return null;
  let best = list[0];
  for (const item of list.slice(1))
    if (sign * pythonCompare(item, best, sign > 0 ? 'max' : 'min') > 0) best = item;
  return best;
}

function plural(n: number): string {
  return n === 1 ? 'argument' : 'arguments';
}

export function callFunction(name: string, args: unknown[]): unknown {
  const spec = FUNCTIONS[name];
  if (!spec) throw new JmesPathRuntimeError(`Unknown function: ${name}()`);
  const expected = spec.args.length;
  if (spec.variadic ? args.length < expected : args.length !== expected) {
    throw new JmesPathRuntimeError(
      `Expected ${spec.variadic ? 'at least ' : ''}${expected} ${plural(expected)} for function ${name}(), received ${args.length}`,
    );
  }
  args.forEach((arg, i) => {
    check(name, arg, spec.args[Math.min(i, expected - 1)] ?? ANY);
  });
  return spec.fn(args as Value[]);
}
