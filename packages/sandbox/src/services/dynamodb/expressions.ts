import {
  type AttributeValue,
  compareKeys,
  type Item,
  sameValue,
  toStored,
  validationError,
} from './attributes';

/*
 * The expression subset the sandbox understands: conjunctions (AND) of comparisons (=, <>, <, <=, >, >=),
 * BETWEEN, begins_with, attribute_exists and attribute_not_exists on top-level attributes, with #name and
 * :value placeholders. That covers key conditions (partition key equality, optional sort key comparison),
 * simple filters and put conditions. OR, NOT, nested paths and the other functions answer a
 * ValidationException that says so, rather than being evaluated wrongly. Written by hand because no
 * maintained library evaluates DynamoDB expressions outside DynamoDB.
 */

const MAX_EXPRESSION_BYTES = 4096;

export type Condition =
  | { kind: 'compare'; name: string; op: '=' | '<>' | '<' | '<=' | '>' | '>='; value: AttributeValue }
  | { kind: 'between'; name: string; low: AttributeValue; high: AttributeValue }
  | { kind: 'begins_with'; name: string; value: AttributeValue }
  | { kind: 'exists'; name: string; exists: boolean };

export interface Placeholders {
  names?: Record<string, string>;
  values?: Record<string, AttributeValue>;
}

const TOKEN = /\s*(<=|>=|<>|[=<>(),]|#[A-Za-z0-9_]+|:[A-Za-z0-9_]+|[A-Za-z_][A-Za-z0-9_.[\]]*)/y;

function tokenize(text: string): string[] {
  const tokens: string[] = [];
  TOKEN.lastIndex = 0;
  let at = 0;
  while (at < text.length) {
    if (/^\s*$/.test(text.slice(at))) break;
    TOKEN.lastIndex = at;
    const m = TOKEN.exec(text);
    if (!m)
      throw validationError(
        `Invalid expression: Syntax error; token: "${text.slice(at).trim().slice(0, 10)}"`,
      );
    tokens.push(m[1] as string);
    at = TOKEN.lastIndex;
  }
  return tokens;
}

class Parser {
  private i = 0;
  constructor(
    private readonly tokens: string[],
    private readonly p: Placeholders,
    private readonly used: Set<string>,
  ) {}

  conditions(): Condition[] {
    const out: Condition[] = [this.condition()];
    while (this.peek()?.toUpperCase() === 'AND') {
      this.i++;
      out.push(this.condition());
    }
    if (this.i < this.tokens.length) this.unsupported(this.tokens[this.i] as string);
    return out;
  }

  private peek(): string | undefined {
    return this.tokens[this.i];
  }

  private next(expected?: string): string {
    const t = this.tokens[this.i++];
    if (t === undefined || (expected !== undefined && t.toUpperCase() !== expected))
      throw validationError(`Invalid expression: Syntax error; token: "${t ?? '<EOF>'}"`);
    return t;
  }

  private unsupported(token: string): never {
    throw validationError(
      `Invalid expression: the sandbox evaluates AND-joined comparisons, BETWEEN, begins_with, attribute_exists and attribute_not_exists only; near "${token}"`,
    );
  }

  private condition(): Condition {
    const t = this.next();
    if (t === '(') {
      const c = this.condition();
      this.next(')');
      return c;
    }
    const fn = t.toLowerCase();
    if (fn === 'begins_with' || fn === 'attribute_exists' || fn === 'attribute_not_exists') {
      this.next('(');
      const name = this.name(this.next());
      if (fn === 'begins_with') {
        this.next(',');
        const value = this.value(this.next());
        this.next(')');
        return { kind: 'begins_with', name, value };
      }
      this.next(')');
      return { kind: 'exists', name, exists: fn === 'attribute_exists' };
    }
    if (['OR', 'NOT'].includes(t.toUpperCase()) || this.peek() === '(') this.unsupported(t);
    const name = this.name(t);
    const op = this.next();
    if (op.toUpperCase() === 'BETWEEN') {
      const low = this.value(this.next());
      this.next('AND');
      return { kind: 'between', name, low, high: this.value(this.next()) };
    }
    if (!['=', '<>', '<', '<=', '>', '>='].includes(op)) this.unsupported(op);
    return { kind: 'compare', name, op: op as '=', value: this.value(this.next()) };
  }

  private name(token: string): string {
    if (token.startsWith('#')) {
      const name = this.p.names?.[token];
      if (name === undefined)
        throw validationError(
          `Invalid expression: An expression attribute name used in the document path is not defined; attribute name: ${token}`,
        );
      this.used.add(token);
      return name;
    }
    if (token.startsWith(':') || /[.[]/.test(token)) this.unsupported(token);
    return token;
  }

  private value(token: string): AttributeValue {
    if (!token.startsWith(':')) this.unsupported(token);
    const v = this.p.values?.[token];
    if (v === undefined)
      throw validationError(
        `Invalid expression: An expression attribute value used in expression is not defined; attribute value: ${token}`,
      );
    this.used.add(token);
    return toStored(v);
  }
}

/** Parses one expression; `used` collects the placeholders it referred to. */
export function parseExpression(text: string, p: Placeholders, used = new Set<string>()): Condition[] {
  if (text.trim() === '') throw validationError('Invalid expression: The expression can not be empty;');
  // "The maximum length of any expression string is 4 KB" (DynamoDB quotas); it also bounds the parser's depth.
  if (Buffer.byteLength(text, 'utf8') > MAX_EXPRESSION_BYTES)
    throw validationError('Invalid expression: Expression size has exceeded the maximum allowed size;');
  return new Parser(tokenize(text), p, used).conditions();
}

/** DynamoDB refuses placeholders that no expression of the request used. */
export function checkAllUsed(p: Placeholders, used: Set<string>): void {
  const unusedNames = Object.keys(p.names ?? {}).filter((k) => !used.has(k));
  if (unusedNames.length)
    throw validationError(
      `Value provided in ExpressionAttributeNames unused in expressions: keys: {${unusedNames.join(', ')}}`,
    );
  const unusedValues = Object.keys(p.values ?? {}).filter((k) => !used.has(k));
  if (unusedValues.length)
    throw validationError(
      `Value provided in ExpressionAttributeValues unused in expressions: keys: {${unusedValues.join(', ')}}`,
    );
}

function sameType(a: AttributeValue, b: AttributeValue): boolean {
  return Object.keys(a)[0] === Object.keys(b)[0];
}

export function matches(item: Item | undefined, c: Condition): boolean {
  const v = item?.[c.name];
  switch (c.kind) {
    case 'exists':
      return (v !== undefined) === c.exists;
    case 'begins_with':
      if (v?.S !== undefined && c.value.S !== undefined) return v.S.startsWith(c.value.S);
      if (v?.B !== undefined && c.value.B !== undefined)
        return Buffer.from(v.B as string, 'base64')
          .subarray(0, Buffer.from(c.value.B as string, 'base64').length)
          .equals(Buffer.from(c.value.B as string, 'base64'));
      return false;
    case 'between':
      return (
        v !== undefined && sameType(v, c.low) && compareKeys(v, c.low) >= 0 && compareKeys(v, c.high) <= 0
      );
    default: {
      if (v === undefined) return c.op === '<>';
      if (c.op === '=') return sameValue(v, c.value);
      if (c.op === '<>') return !sameValue(v, c.value);
      if (!sameType(v, c.value) || !('S' in v || 'N' in v || 'B' in v)) return false;
      const d = compareKeys(v, c.value);
      return c.op === '<' ? d < 0 : c.op === '<=' ? d <= 0 : c.op === '>' ? d > 0 : d >= 0;
    }
  }
}

export function matchesAll(item: Item | undefined, conditions: Condition[]): boolean {
  return conditions.every((c) => matches(item, c));
}

/** Legacy KeyConditions ({ pk: { ComparisonOperator: 'EQ', AttributeValueList: [...] } }) as conditions. */
export function legacyKeyConditions(
  kc: Record<string, { ComparisonOperator: string; AttributeValueList?: AttributeValue[] }>,
): Condition[] {
  const ops: Record<string, '=' | '<' | '<=' | '>' | '>='> = {
    EQ: '=',
    LT: '<',
    LE: '<=',
    GT: '>',
    GE: '>=',
  };
  return Object.entries(kc).map(([name, { ComparisonOperator: op, AttributeValueList: list = [] }]) => {
    const values = list.map((v) => toStored(v));
    if (op === 'BETWEEN' && values.length === 2)
      return { kind: 'between', name, low: values[0] as AttributeValue, high: values[1] as AttributeValue };
    if (op === 'BEGINS_WITH' && values.length === 1)
      return { kind: 'begins_with', name, value: values[0] as AttributeValue };
    const symbol = ops[op];
    if (!symbol || values.length !== 1)
      throw validationError(
        `One or more parameter values were invalid: Unsupported operator on KeyConditions: ${op}`,
      );
    return { kind: 'compare', name, op: symbol, value: values[0] as AttributeValue };
  });
}
