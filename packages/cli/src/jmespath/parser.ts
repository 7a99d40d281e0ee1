import jmespath from 'jmespath';
import type { Node } from './ast';

// The npm package exports compile() and tokenize() at runtime, but its
// published typings only declare search().
interface JmesPathParser {
  compile(expression: string): Node;
  tokenize(expression: string): { type: string; value: unknown; start: number }[];
}

const parser = jmespath as unknown as JmesPathParser;

export const compile = (expression: string): Node => parser.compile(expression);
export const tokenize = (expression: string) => parser.tokenize(expression);
