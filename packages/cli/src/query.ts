import { CliOutputError, JmesPathEvaluationError, JmesPathSyntaxError } from './errors';
import type { Node } from './jmespath/ast';
import { JmesPathRuntimeError } from './jmespath/ast';
import { visit } from './jmespath/evaluate';
import { compile } from './jmespath/parser';
import { errorPosition } from './jmespath/position';
import { groupError, prepare } from './jmespath/rewrite';
import { strictGrammarError } from './jmespath/strict';

/** A parsed `--query` expression, reusable across results. */
export interface CompiledQuery {
  readonly expression: string;
  search(result: unknown): unknown;
}

const cache = new Map<string, CompiledQuery>();

/** Parses a JMESPath expression; throws JmesPathSyntaxError naming the position. */
export function compileQuery(expression: string): CompiledQuery {
  if (typeof expression !== 'string') {
    throw new CliOutputError(
      `A JMESPath query must be a string, not ${expression === null ? 'null' : typeof expression}.`,
    );
  }
  const cached = cache.get(expression);
  if (cached) return cached;
  const strict = strictGrammarError(expression);
  if (strict) throw new JmesPathSyntaxError(expression, strict.position, strict.detail);
  const prepared = prepare(expression);
  let ast: Node;
  try {
    ast = compile(prepared.text);
  } catch (error) {
    const position = prepared.toOriginal(errorPosition(prepared.text));
    throw new JmesPathSyntaxError(expression, position, String((error as Error).message));
  }
  const badGroup = groupError(prepared.text);
  if (badGroup !== undefined) {
    throw new JmesPathSyntaxError(
      expression,
      prepared.toOriginal(badGroup),
      'expected ")" after the expression',
    );
  }
  prepared.restore(ast);
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
