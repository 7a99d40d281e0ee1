import { type AttributeValue, type Item, toStored, validationError } from './attributes';
import type { Placeholders } from './expressions';

/*
 * UpdateItem's UpdateExpression, the subset the sandbox applies: SET (value, path, path ± value,
 * if_not_exists(path, value), list_append(a, b)), REMOVE, ADD (number or set) and DELETE (set) on top-level
 * attributes, each clause at most once. Anything else answers a ValidationException that says so.
 */

type Operand =
  | { kind: 'value'; value: AttributeValue }
  | { kind: 'path'; name: string }
  | { kind: 'if_not_exists'; name: string; value: Operand }
  | { kind: 'list_append'; a: Operand; b: Operand };

type SetAction = { name: string; left: Operand; op?: '+' | '-'; right?: Operand };

export interface UpdatePlan {
  set: SetAction[];
  remove: string[];
  add: { name: string; value: AttributeValue }[];
  delete: { name: string; value: AttributeValue }[];
}

const TOKEN = /\s*(#[A-Za-z0-9_]+|:[A-Za-z0-9_]+|[A-Za-z_][A-Za-z0-9_]*|[=+\-(),]|\S)/y;

function unsupported(token: string): never {
  throw validationError(
    `Invalid UpdateExpression: the sandbox applies SET, REMOVE, ADD and DELETE on top-level attributes only; near "${token}"`,
  );
}

/** The expression's tokens, after the checks DynamoDB makes before it parses: size, then emptiness. */
function updateTokens(text: string): string[] {
  if (Buffer.byteLength(text, 'utf8') > 4096)
    throw validationError('Invalid UpdateExpression: Expression size has exceeded the maximum allowed size;');
  const tokens: string[] = [];
  TOKEN.lastIndex = 0;
  for (let m = TOKEN.exec(text); m; m = TOKEN.exec(text)) tokens.push(m[1] as string);
  if (tokens.length === 0)
    throw validationError('Invalid UpdateExpression: The expression can not be empty;');
  return tokens;
}

/** A top-level attribute name, written plainly or as a `#placeholder` (then marked used). */
function attributeName(t: string, p: Placeholders, used: Set<string>): string {
  if (t.startsWith('#')) {
    const n = p.names?.[t];
    if (n === undefined)
      throw validationError(
        `Invalid UpdateExpression: An expression attribute name used in the document path is not defined; attribute name: ${t}`,
      );
    used.add(t);
    return n;
  }
  if (!/^[A-Za-z_]/.test(t)) unsupported(t);
  return t;
}

/** The value behind a `:placeholder` (then marked used). */
function attributeValue(t: string, p: Placeholders, used: Set<string>): AttributeValue {
  const v = p.values?.[t];
  if (!t.startsWith(':') || v === undefined)
    throw validationError(
      `Invalid UpdateExpression: An expression attribute value used in expression is not defined; attribute value: ${t}`,
    );
  used.add(t);
  return toStored(v);
}

export function parseUpdate(text: string, p: Placeholders, used: Set<string>): UpdatePlan {
  const tokens = updateTokens(text);
  let i = 0;
  const peek = () => tokens[i];
  const next = (want?: string) => {
    const t = tokens[i++];
    if (t === undefined || (want !== undefined && t !== want)) unsupported(t ?? '<EOF>');
    return t;
  };
  const name = (t: string) => attributeName(t, p, used);
  const value = (t: string) => attributeValue(t, p, used);
  const operand = (): Operand => {
    const t = next();
    if (t.startsWith(':')) return { kind: 'value', value: value(t) };
    if (t === 'if_not_exists' || t === 'list_append') {
      next('(');
      const a = operand();
      next(',');
      const b = operand();
      next(')');
      if (t === 'list_append') return { kind: 'list_append', a, b };
      if (a.kind !== 'path') unsupported(t);
      return { kind: 'if_not_exists', name: a.name, value: b };
    }
    if (peek() === '(') unsupported(t);
    return { kind: 'path', name: name(t) };
  };
  const plan: UpdatePlan = { set: [], remove: [], add: [], delete: [] };
  const seen = new Set<string>();
  while (i < tokens.length) {
    const clause = next().toUpperCase();
    if (!['SET', 'REMOVE', 'ADD', 'DELETE'].includes(clause)) unsupported(clause);
    if (seen.has(clause))
      throw validationError(
        `Invalid UpdateExpression: The "${clause}" section can only be used once in an update expression;`,
      );
    seen.add(clause);
    do {
      if (clause === 'SET') {
        const target = name(next());
        next('=');
        const left = operand();
        const op = peek();
        if (op === '+' || op === '-') {
          i++;
          plan.set.push({ name: target, left, op, right: operand() });
        } else plan.set.push({ name: target, left });
      } else if (clause === 'REMOVE') plan.remove.push(name(next()));
      else {
        const target = name(next());
        (clause === 'ADD' ? plan.add : plan.delete).push({ name: target, value: value(next()) });
      }
    } while (peek() === ',' && next(','));
  }
  return plan;
}

function resolve(item: Item, o: Operand): AttributeValue | undefined {
  switch (o.kind) {
    case 'value':
      return o.value;
    case 'path':
      return item[o.name];
    case 'if_not_exists':
      return item[o.name] ?? resolve(item, o.value);
    default: {
      const a = resolve(item, o.a);
      const b = resolve(item, o.b);
      if (!a?.L || !b?.L)
        throw validationError('An operand in the update expression has an incorrect data type');
      return { L: [...a.L, ...b.L] };
    }
  }
}

function arithmetic(
  a: AttributeValue | undefined,
  b: AttributeValue | undefined,
  op: '+' | '-',
): AttributeValue {
  if (a?.N === undefined || b?.N === undefined)
    throw validationError('An operand in the update expression has an incorrect data type');
  return toStored({ N: String(op === '+' ? Number(a.N) + Number(b.N) : Number(a.N) - Number(b.N)) });
}

const SET_TYPES = ['SS', 'NS', 'BS'] as const;

/** The item after the update (a new object; `item` is left as it was). */
export function applyUpdate(item: Item, plan: UpdatePlan): Item {
  const out: Item = { ...item };
  for (const s of plan.set) {
    const left = resolve(item, s.left);
    const v = s.op ? arithmetic(left, resolve(item, s.right as Operand), s.op) : left;
    if (v === undefined)
      throw validationError('The provided expression refers to an attribute that does not exist in the item');
    out[s.name] = v;
  }
  for (const n of plan.remove) delete out[n];
  for (const a of plan.add) {
    const cur = out[a.name];
    if (a.value.N !== undefined) out[a.name] = cur === undefined ? a.value : arithmetic(cur, a.value, '+');
    else {
      const t = SET_TYPES.find((k) => a.value[k] !== undefined);
      if (!t || (cur !== undefined && cur[t] === undefined))
        throw validationError('An operand in the update expression has an incorrect data type');
      out[a.name] = { [t]: [...new Set([...((cur?.[t] as string[]) ?? []), ...(a.value[t] as string[])])] };
    }
  }
  for (const d of plan.delete) {
    const t = SET_TYPES.find((k) => d.value[k] !== undefined);
    const cur = out[d.name];
    if (!t || (cur !== undefined && cur[t] === undefined))
      throw validationError('An operand in the update expression has an incorrect data type');
    if (!cur) continue;
    const left = (cur[t] as string[]).filter((x) => !(d.value[t] as string[]).includes(x));
    if (left.length) out[d.name] = { [t]: left };
    else delete out[d.name];
  }
  return out;
}
