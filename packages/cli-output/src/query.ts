import { JmesPathEvaluationError, JmesPathSyntaxError } from './errors';
import type { Node } from './jmespath/ast';
import { JmesPathRuntimeError } from './jmespath/ast';
import { visit } from './jmespath/evaluate';
import { compile, tokenize } from './jmespath/parser';

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

const cache = new Map<string, CompiledQuery>();

/** Parses a JMESPath expression; throws JmesPathSyntaxError naming the position. */
export function compileQuery(expression: string): CompiledQuery {
  const cached = cache.get(expression);
  if (cached) return cached;
  let ast: Node;
  try {
    ast = compile(expression);
  } catch (error) {
    throw new JmesPathSyntaxError(expression, errorPosition(expression), String((error as Error).message));
  }
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
