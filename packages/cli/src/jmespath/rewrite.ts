import { parseJsonText } from '../json-input';
import { isObject, PyFloat, type Value } from '../values';
import type { Node } from './ast';
import { compile, tokenize } from './parser';
import { errorPosition } from './position';

// Works around two places where the npm parser and lexer part ways with
// Python jmespath, by rewriting the expression before the npm parser sees it
// and restoring the AST afterwards:
// - `@` directly inside (...) or a function's arguments is taken alone, so
//   `length(@.a)` fails, `type(@[?x])` gets two arguments and `(@ && a)`
//   fails. We hand the parser a quoted identifier instead, which parses
//   exactly like `@` in every position, and turn it back into `@`.
// - Backtick literals go through JSON.parse, so `1.0` becomes the int 1;
//   Python keeps a float, which shows when the literal is printed. Such
//   literals become unique string markers, replaced by our own reading.
// It also rejects what the npm parser lets through in a parenthesised group:
// more than one expression, as in `(a b)`. (Function arguments are parsed
// the same lenient way by both: `f(a b)` and `f(a,)` pass in Python too.)

const CURRENT = '\u0000';
const CURRENT_TEXT = '"\\u0000"';
const FLOAT_MARK = '\u0001';

interface Replacement {
  start: number; // in the original expression
  length: number; // original length
  text: string;
}

export interface Prepared {
  text: string;
  /** Maps a position in `text` back to the original expression. */
  toOriginal(position: number): number;
  /** Puts `@` and float literals back into an AST compiled from `text`. */
  restore(ast: Node): void;
}

function hasFloat(value: unknown): boolean {
  if (value instanceof PyFloat) return true;
  if (Array.isArray(value)) return value.some(hasFloat);
  return isObject(value) && Object.values(value).some(hasFloat);
}

function literalEnd(expression: string, start: number): number {
  let i = start + 1;
  while (i < expression.length && expression[i] !== '`') i += expression[i] === '\\' ? 2 : 1;
  return Math.min(i + 1, expression.length);
}

export function prepare(expression: string): Prepared {
  let tokens: ReturnType<typeof tokenize>;
  try {
    tokens = tokenize(expression);
  } catch {
    return { text: expression, toOriginal: (p) => p, restore: () => {} };
  }
  const replacements: Replacement[] = [];
  const floats: Value[] = [];
  for (const token of tokens) {
    if (token.type === 'Current') {
      replacements.push({ start: token.start, length: 1, text: CURRENT_TEXT });
    } else if (token.type === 'Literal' && expression[token.start] === '`') {
      const end = literalEnd(expression, token.start);
      try {
        const value = parseJsonText(
          expression
            .slice(token.start + 1, end - 1)
            .trimStart()
            .replace('\\`', '`'),
        );
        if (!hasFloat(value)) continue;
        floats.push(value);
        const marker = JSON.stringify(`${FLOAT_MARK}${floats.length - 1}`);
        replacements.push({ start: token.start, length: end - token.start, text: `\`${marker}\`` });
      } catch {
        // Not JSON (a legacy raw-string literal): no numbers to keep.
      }
    }
  }
  let text = '';
  let from = 0;
  for (const r of replacements) {
    text += expression.slice(from, r.start) + r.text;
    from = r.start + r.length;
  }
  text += expression.slice(from);

  const toOriginal = (position: number): number => {
    let shift = 0;
    for (const r of replacements) {
      const at = r.start + shift;
      if (position < at) break;
      if (position < at + r.text.length) return r.start;
      shift += r.text.length - r.length;
    }
    return position - shift;
  };

  const restore = (node: unknown): void => {
    if (Array.isArray(node)) {
      node.forEach(restore);
      return;
    }
    if (!node || typeof node !== 'object') return;
    const n = node as Node & Record<string, unknown>;
    if (n.type === 'Field' && n.name === CURRENT) {
      n.type = 'Current';
      delete n.name;
      return;
    }
    if (n.type === 'Literal') {
      if (typeof n.value === 'string' && n.value.startsWith(FLOAT_MARK)) {
        n.value = floats[Number(n.value.slice(1))];
      }
      return;
    }
    for (const value of Object.values(n)) restore(value);
  };

  return { text, toOriginal, restore };
}

/**
 * A parenthesised group (not a function call) must hold exactly one
 * expression, as Python's parser requires. Returns the position (in `text`)
 * where the first offending group goes wrong, or undefined.
 */
export function groupError(text: string): number | undefined {
  let tokens: ReturnType<typeof tokenize>;
  try {
    tokens = tokenize(text);
  } catch {
    return undefined;
  }
  for (let i = 0; i < tokens.length; i++) {
    const open = tokens[i];
    if (open?.type !== 'Lparen' || tokens[i - 1]?.type === 'UnquotedIdentifier') continue;
    let depth = 0;
    for (let j = i + 1; j < tokens.length; j++) {
      const token = tokens[j];
      if (!token) break;
      if (token.type === 'Lparen') depth++;
      else if (token.type === 'Rparen' && depth-- === 0) {
        const inner = text.slice(open.start + 1, token.start);
        try {
          compile(inner);
        } catch {
          return open.start + 1 + errorPosition(inner);
        }
        break;
      }
    }
  }
  return undefined;
}
