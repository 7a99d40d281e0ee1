import { compile, tokenize } from './parser';

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
export function errorPosition(expression: string): number {
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
