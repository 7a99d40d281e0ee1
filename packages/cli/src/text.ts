import { UnrenderableResultError } from './errors';
import { pyStr } from './python-str';
import { isObject, isScalar, sortedKeys, type Value } from './values';

// `--output text`, after awscli/text.py: dicts become tab-separated rows of
// their scalar values (keys sorted), nested lists and dicts follow on their own
// rows, and a row under a key starts with the key in upper case (the IPRANGES
// rows of describe-security-groups).

type Out = string[];

function allScalarKeys(list: Value[]): string[] {
  const keys = new Set<string>();
  for (const item of list) {
    if (!isObject(item)) {
      throw new UnrenderableResultError(
        `Cannot print a list mixing objects with ${pyStr(item)} as text (the AWS CLI fails on it too); ` +
          'use --output json, or a --query that selects only the objects.',
      );
    }
    for (const [key, value] of Object.entries(item)) if (isScalar(value)) keys.add(key);
  }
  return sortedKeys(keys);
}

function formatScalarList(elements: Value[], identifier: string | undefined, out: Out): void {
  if (identifier !== undefined) {
    for (const item of elements) out.push(`${identifier.toUpperCase()}\t${pyStr(item)}\n`);
  } else {
    out.push(`${elements.map(pyStr).join('\t')}\n`);
  }
}

function formatList(list: Value[], identifier: string | undefined, out: Out): void {
  if (list.length === 0) return;
  if (list.some(isObject)) {
    const keys = allScalarKeys(list);
    for (const element of list) formatValue(element, out, identifier, keys);
  } else if (list.some(Array.isArray)) {
    const scalars = list.filter(isScalar);
    if (scalars.length > 0) formatScalarList(scalars, identifier, out);
    for (const nested of list.filter((v) => !isScalar(v))) formatValue(nested, out, identifier);
  } else {
    formatScalarList(list, identifier, out);
  }
}

function formatDict(
  dict: { [key: string]: Value },
  identifier: string | undefined,
  scalarKeys: string[] | undefined,
  out: Out,
): void {
  const scalars: string[] = [];
  const nested: [string, Value][] = [];
  if (scalarKeys === undefined) {
    for (const key of sortedKeys(Object.keys(dict))) {
      const value = dict[key] as Value;
      if (isScalar(value)) scalars.push(pyStr(value));
      else nested.push([key, value]);
    }
  } else {
    // Keys shared by the whole list, so rows line up; a missing key prints empty.
    for (const key of scalarKeys) scalars.push(Object.hasOwn(dict, key) ? pyStr(dict[key]) : '');
    const known = new Set(scalarKeys);
    for (const key of sortedKeys(Object.keys(dict)))
      if (!known.has(key)) nested.push([key, dict[key] as Value]);
  }
  if (scalars.length > 0) {
    if (identifier !== undefined) scalars.unshift(identifier.toUpperCase());
    out.push(`${scalars.join('\t')}\n`);
  }
  for (const [key, value] of nested) formatValue(value, out, key);
}

function formatValue(value: Value, out: Out, identifier?: string, scalarKeys?: string[]): void {
  if (isObject(value)) formatDict(value, identifier, scalarKeys, out);
  else if (Array.isArray(value)) formatList(value, identifier, out);
  else out.push(`${pyStr(value)}\n`);
}

/** `--output text`: the exact text the AWS CLI prints, newline-terminated rows. */
export function formatText(result: unknown): string {
  const out: Out = [];
  formatValue(result as Value, out);
  return out.join('');
}
