import { JmesPathEvaluationError, JmesPathSyntaxError } from './errors';
import type { Node } from './jmespath/ast';
import { JmesPathRuntimeError } from './jmespath/ast';
import { visit } from './jmespath/evaluate';
import { compile, tokenize } from './jmespath/parser';
import { strictGrammarError } from './jmespath/strict';
import { parseJsonText } from './json-input';
import { isObject, PyFloat, type Value } from './values';

/** A parsed `--query` expression, reusable across results. */
export interface CompiledQuery {
  readonly expression: string;
  search(result: unknown): unknown;
}

function parses(expression: string): { ok: true } | { ok: false; atEnd: boolean } {
  try {
    compile(expression);
    return { ok: true };
  } catch (error) {
    // The parser reports the token it choked on; "EOF" means the prefix was fine so far.
    return { ok: false, atEnd: /\bEOF\b|undefined/.test(String((error as Error).message)) };
  }
}

/**
 * Where a syntax error is. The npm parser does not report positions, so we
 * find the first token after which no continuation could make the
 * expression valid: parse growing prefixes and stop at the first one whose
 * failure is not merely "ran out of input".
 */
function errorPosition(expression: string): number {
  let tokens: { start: number }[];
  try {
    tokens = tokenize(expression);
  } catch {
    // A lexer error: find the shortest prefix that does not tokenize.
    for (let end = 1; end <= expression.length; end++) {
      try {
        tokenize(expression.slice(0, end));
      } catch {
        return end - 1;
      }
    }
    return expression.length;
  }
  for (let i = 0; i < tokens.length; i++) {
    const next = tokens[i + 1]?.start ?? expression.length;
    const result = parses(expression.slice(0, next));
    if (!result.ok && !result.atEnd) return tokens[i]?.start ?? 0;
  }
  return expression.length;
}

function hasFloat(value: unknown): boolean {
  if (value instanceof PyFloat) return true;
  if (Array.isArray(value)) return value.some(hasFloat);
  return isObject(value) && Object.values(value).some(hasFloat);
}

/**
 * The npm lexer reads backtick literals with JSON.parse, so `1.0` becomes the
 * int 1; Python's json.loads keeps it a float, which shows when the literal is
 * printed. Re-read such literals our way and put them back into the AST.
 */
function keepFloatLiterals(expression: string, ast: Node): void {
  const floats = new Map<string, Value>();
  for (const token of tokenize(expression)) {
    if (token.type !== 'Literal' || expression[token.start] !== '`') continue;
    let end = token.start + 1;
    while (end < expression.length && expression[end] !== '`') end += expression[end] === '\\' ? 2 : 1;
    try {
      const value = parseJsonText(
        expression
          .slice(token.start + 1, end)
          .trimStart()
          .replace('\\`', '`'),
      );
      if (hasFloat(value)) floats.set(JSON.stringify(token.value), value);
    } catch {
      // Not JSON: a legacy raw-string literal, which has no numbers to keep.
    }
  }
  if (floats.size === 0) return;
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object') {
      const n = node as Node & { value?: unknown };
      if (n.type === 'Literal') {
        const replacement = floats.get(JSON.stringify(n.value));
        if (replacement !== undefined) n.value = replacement;
        return;
      }
      Object.values(n).forEach(walk);
    }
  };
  walk(ast);
}

const cache = new Map<string, CompiledQuery>();

/** Parses a JMESPath expression; throws JmesPathSyntaxError naming the position. */
export function compileQuery(expression: string): CompiledQuery {
  const cached = cache.get(expression);
  if (cached) return cached;
  const strict = strictGrammarError(expression);
  if (strict) throw new JmesPathSyntaxError(expression, strict.position, strict.detail);
  let ast: Node;
  try {
    ast = compile(expression);
  } catch (error) {
    throw new JmesPathSyntaxError(expression, errorPosition(expression), String((error as Error).message));
  }
  keepFloatLiterals(expression, ast);
  const compiled: CompiledQuery = {
    expression,
    search(result: unknown): unknown {
      try {
        return visit(ast, result) ?? null;
      } catch (error) {
        if (error instanceof JmesPathRuntimeError || error instanceof TypeError) {
          throw new JmesPathEvaluationError(expression, error.message);
        }
        throw error;
      }
    },
  };
  cache.set(expression, compiled);
  return compiled;
}

/** Applies a JMESPath expression the way `aws --query` does (Python jmespath semantics). */
export function query(result: unknown, expression: string): unknown {
  return compileQuery(expression).search(result);
}
