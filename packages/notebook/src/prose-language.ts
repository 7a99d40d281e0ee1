import { Lexer, type Token, type Tokens } from 'marked';
import { cellSource, type Notebook } from './notebook-file';

/*
 * One language per role (docs/writing-a-lab.md): a notebook's prose is Japanese, the language of the blog,
 * with one English line right under each heading; code, identifiers, command lines and logs stay English.
 * This finds English prose anywhere else in Markdown cells. The Markdown is read with marked's lexer (the
 * library the export's preview already uses), so fenced code, inline code, links and tables are told apart
 * from prose the way a renderer tells them apart, not by guessing at backticks.
 */

export interface EnglishProse {
  /** 1-based, as the other check problems count cells. */
  cell: number;
  /** The paragraph's prose (code, URLs and identifiers removed), shortened. */
  preview: string;
}

const JAPANESE = /[\u3040-\u30ff\u3400-\u9fff\uff66-\uff9f]/;
/** A word of prose: letters only. Identifiers (snake_case, dotted.names, paths, ARNs, ids with digits) are not. */
const WORD = /^[A-Za-z][a-z]*(?:'[a-z]+)?$/;
/** Fewer English words than this is a name or a label ("AWS CLI v2", "IAMFullAccess"), not a sentence. */
const MIN_WORDS = 4;

/** The prose of inline tokens: text, emphasis and link texts; inline code, HTML and images dropped. */
function proseOf(tokens: Token[] | undefined): string {
  let out = '';
  for (const t of tokens ?? []) {
    if (t.type === 'codespan' || t.type === 'html' || t.type === 'image') out += ' ';
    else if (t.type === 'br') out += ' ';
    else if ('tokens' in t && Array.isArray(t.tokens) && t.tokens.length > 0) out += proseOf(t.tokens);
    else if (t.type === 'text' || t.type === 'escape') out += (t as Tokens.Text).text;
  }
  return out;
}

/** Whether a piece of prose is English: no Japanese at all, and enough English words to be a sentence. */
export function isEnglishProse(prose: string): boolean {
  if (JAPANESE.test(prose)) return false;
  const text = prose.replace(/\bhttps?:\/\/\S+/g, ' ');
  // A command line as typed (`$ aws ...`) is code even when it is not marked as such.
  if (/^\s*\$\s/.test(text)) return false;
  const words = text.split(/[\s,;:()[\]{}"“”!?]+|\.(?=\s|$)/).filter((w) => WORD.test(w));
  return words.length >= MIN_WORDS;
}

/** The prose blocks of a Markdown text, each with whether it is the line right under a heading. */
function blocks(markdown: string): { prose: string; underHeading: boolean }[] {
  const out: { prose: string; underHeading: boolean }[] = [];
  let afterHeading = false;
  const visit = (tokens: Token[], topLevel: boolean) => {
    for (const t of tokens) {
      if (t.type === 'space') continue;
      if (t.type === 'heading') {
        afterHeading = topLevel;
        continue;
      }
      const underHeading = afterHeading;
      afterHeading = false;
      if (t.type === 'paragraph' || t.type === 'text') {
        out.push({ prose: proseOf((t as Tokens.Paragraph).tokens), underHeading });
      } else if (t.type === 'list') {
        for (const item of (t as Tokens.List).items) visit(item.tokens, false);
      } else if (t.type === 'blockquote') {
        visit((t as Tokens.Blockquote).tokens, false);
      }
      // code (fenced or indented), tables, html and rules are not prose.
    }
  };
  visit(new Lexer().lex(markdown), true);
  return out;
}

/** English paragraphs in Markdown cells that are not the English line right under a heading. */
export function englishProse(nb: Notebook): EnglishProse[] {
  const found: EnglishProse[] = [];
  nb.cells.forEach((cell, index) => {
    if (cell.cell_type !== 'markdown') return;
    for (const block of blocks(cellSource(cell))) {
      if (block.underHeading || !isEnglishProse(block.prose)) continue;
      const prose = block.prose.replace(/\s+/g, ' ').trim();
      found.push({ cell: index + 1, preview: prose.length > 70 ? `${prose.slice(0, 69)}…` : prose });
    }
  });
  return found;
}

/** The check problems of englishProse, worded as the other stored-notebook problems are. */
export function englishProseProblems(nb: Notebook): string[] {
  return englishProse(nb).map(
    (f) =>
      `cell ${f.cell}: English prose outside the line under a heading ("${f.preview}"); notebook prose is ` +
      'Japanese, with one English line right under each heading',
  );
}
