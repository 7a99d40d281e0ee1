import { tokenize } from './parser';

// Expressions the npm parser accepts although Python jmespath (and so the AWS
// CLI) rejects them: an unclosed 'raw string' or `literal` runs to the end of
// the expression, and a "." followed by something other than an identifier,
// "*", "[" or "{" (as in `foo..bar` or `foo.[]`) leaves a hole in the AST.

const AFTER_DOT = ['UnquotedIdentifier', 'QuotedIdentifier', 'Star', 'Lbracket', 'Lbrace'];

/** Python's lexer: a backslash escapes whatever follows it. */
function isClosed(expression: string, start: number, quote: string): boolean {
  for (let i = start + 1; i < expression.length; i++) {
    if (expression[i] === '\\') i++;
    else if (expression[i] === quote) return true;
  }
  return false;
}

export interface GrammarError {
  position: number;
  detail: string;
}

export function strictGrammarError(expression: string): GrammarError | undefined {
  if (expression.trim() === '') return { position: 0, detail: 'the expression is empty' };
  let tokens: ReturnType<typeof tokenize>;
  try {
    tokens = tokenize(expression);
  } catch {
    return undefined; // the npm lexer's own error is reported instead
  }
  for (const [i, token] of tokens.entries()) {
    const open = expression[token.start];
    if (
      token.type === 'Literal' &&
      (open === "'" || open === '`') &&
      !isClosed(expression, token.start, open)
    ) {
      return { position: token.start, detail: `Unclosed ${open} delimiter` };
    }
    if (token.type === 'Current' && tokens[i + 1]?.type === 'Colon') {
      return { position: token.start, detail: 'Expecting an identifier before ":", got "@"' };
    }
    if (token.type === 'Dot') {
      const next = tokens[i + 1];
      if (!next || !AFTER_DOT.includes(next.type)) {
        const got = next
          ? `"${expression.slice(next.start, tokens[i + 2]?.start ?? expression.length).trim()}"`
          : 'the end';
        return {
          position: next?.start ?? expression.length,
          detail: `Expecting an identifier, "*", "[" or "{" after ".", got ${got}`,
        };
      }
    }
  }
  return undefined;
}
