/**
 * Finds the notebook source line a cell failed on. tslab reports type errors as "LINE:COL - message" against
 * the cell's own source, but runtime errors only by a line of the JavaScript it generated
 * ("evalmachine.<anonymous>:LINE:COL"), so that line is matched back to the source by its words.
 */

export interface SourceLocation {
  /** 1-based line in the cell's source. */
  line: number;
  text: string;
}

const DIAGNOSTIC = /^(\d+):(\d+) - /m;
const EVAL_FRAME = /evalmachine\.<anonymous>:(\d+)(?::\d+)?/;

function words(text: string): string[] {
  return (text.match(/[\p{L}\p{N}_$]+/gu) ?? []).filter((w) => !['exports', 'tsLastExpr', '0'].includes(w));
}

function lineAt(source: string, line: number): SourceLocation | undefined {
  const text = source.split('\n')[line - 1];
  return text === undefined ? undefined : { line, text: text.trim() };
}

/** The source line whose words the generated JavaScript line covers best. */
export function matchGeneratedLine(source: string, jsLine: string): SourceLocation | undefined {
  const target = new Set(words(jsLine));
  if (target.size === 0) return undefined;
  let best: { score: number; line: number } | undefined;
  source.split('\n').forEach((text, i) => {
    const own = words(text);
    if (own.length === 0) return;
    const covered = own.filter((w) => target.has(w)).length / own.length;
    const share = own.filter((w) => target.has(w)).length / target.size;
    const score = covered * 2 + share;
    if (covered >= 0.6 && (!best || score > best.score)) best = { score, line: i + 1 };
  });
  return best ? lineAt(source, best.line) : undefined;
}

/**
 * @param errorText what the cell wrote to stderr when it failed
 * @param generatedJs the JavaScript tslab generated for the cell, when known
 */
export function locateFailure(
  source: string,
  errorText: string,
  generatedJs?: string,
): SourceLocation | undefined {
  const diagnostic = DIAGNOSTIC.exec(errorText);
  if (diagnostic) return lineAt(source, Number(diagnostic[1]));
  const frame = EVAL_FRAME.exec(errorText);
  if (frame && generatedJs !== undefined) {
    const jsLine = generatedJs.split('\n')[Number(frame[1]) - 1];
    if (jsLine !== undefined) return matchGeneratedLine(source, jsLine);
  }
  return undefined;
}
