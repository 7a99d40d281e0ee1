/**
 * Splits one shell line into commands and words: quotes, backslashes, `|`, `&&`, `||`, `;`, and the
 * redirections `>`, `>>`, `<`, `2>`, `2>&1`. Anything that needs expansion (`$`, backquotes, `~`, globs outside
 * quotes, subshells, here-documents) is reported, because the model would otherwise run a different command
 * than bash would.
 */

export class UnsupportedShell extends Error {}

export type Token =
  | { kind: 'word'; value: string }
  | { kind: 'op'; value: '|' | '&&' | '||' | ';' }
  | { kind: 'redirect'; fd: 1 | 2; append: boolean; target: string }
  | { kind: 'input'; target: string };

/** The line as words, operators and redirections, in order; a `#` outside a word ends it. */
export function splitShellWords(line: string): Token[] {
  return new ShellWords(line).split();
}

const EXPANSION = 'variable or command expansion is not modelled';

/** One pass over a line: `i` is the next character, `word` the word being built (undefined between words). */
class ShellWords {
  private readonly tokens: Token[] = [];
  private i = 0;
  private word: string | undefined;

  constructor(private readonly line: string) {}

  split(): Token[] {
    while (this.i < this.line.length) {
      if (this.line[this.i] === '#' && this.word === undefined) break;
      if (!this.separator()) this.wordCharacter();
    }
    this.flush();
    return this.tokens;
  }

  private flush(): void {
    if (this.word !== undefined) this.tokens.push({ kind: 'word', value: this.word });
    this.word = undefined;
  }

  /** Blanks, operators and redirections: whatever ends a word. False when the next character is part of one. */
  private separator(): boolean {
    const { line, i } = this;
    const c = line[i]!;
    const rest = line.slice(i);
    if (c === ' ' || c === '\t') {
      this.flush();
      this.i++;
    } else if (rest.startsWith('&&') || rest.startsWith('||')) {
      this.operator(rest.slice(0, 2) as '&&' | '||');
    } else if (c === '|' || c === ';') {
      this.operator(c);
    } else if (c === '&') {
      throw new UnsupportedShell('background jobs (&) are not modelled');
    } else if (rest.startsWith('<<')) {
      throw new UnsupportedShell('here-documents are not modelled');
    } else if (rest.startsWith('2>&1')) {
      this.flush();
      this.tokens.push({ kind: 'redirect', fd: 2, append: false, target: '&1' });
      this.i += 4;
    } else if (c === '>' || ((c === '2' || c === '1') && this.word === undefined && line[i + 1] === '>')) {
      this.outputRedirect(c);
    } else if (c === '<') {
      this.flush();
      this.i++;
      this.tokens.push({ kind: 'input', target: this.redirectTarget() });
    } else {
      return false;
    }
    return true;
  }

  private operator(value: '|' | '&&' | '||' | ';'): void {
    this.flush();
    this.tokens.push({ kind: 'op', value });
    this.i += value.length;
  }

  /** `>`, `>>`, `1>`, `2>`, `2>>` with `c` the first of them. */
  private outputRedirect(c: string): void {
    this.flush();
    const fd: 1 | 2 = c === '2' ? 2 : 1;
    if (c !== '>') this.i++;
    const append = this.line[this.i + 1] === '>';
    this.i += append ? 2 : 1;
    this.tokens.push({ kind: 'redirect', fd, append, target: this.redirectTarget() });
  }

  /** The word after a redirection, read with the same quoting rules as any word. */
  private redirectTarget(): string {
    const { line } = this;
    this.flush();
    while (line[this.i] === ' ' || line[this.i] === '\t') this.i++;
    const start = this.tokens.length;
    while (this.i < line.length && !/[\s|&;<>]/.test(line[this.i]!)) this.wordCharacter();
    this.flush();
    const target = this.tokens.splice(start)[0];
    if (target?.kind !== 'word') throw new UnsupportedShell('a redirection needs a file name');
    return target.value;
  }

  /** One character of a word, or one quoted or escaped stretch of it. */
  private wordCharacter(): void {
    const { line, i } = this;
    const c = line[i]!;
    if (c === '~' && this.word === undefined) {
      // bash would put a home directory in its place.
      throw new UnsupportedShell('tilde expansion is not modelled');
    } else if (c === "'") {
      this.singleQuoted();
    } else if (c === '"') {
      this.doubleQuoted();
    } else if (c === '\\') {
      // A backslash quotes the next character; the last one on a line has nothing to quote and stays (bash).
      this.word = (this.word ?? '') + (line[i + 1] ?? '\\');
      this.i += 2;
    } else if (c === '$' || c === '`') {
      throw new UnsupportedShell(EXPANSION);
    } else if (c === '*' || c === '?' || c === '(' || c === ')' || c === '{' || c === '}') {
      throw new UnsupportedShell(`unquoted ${c} (globbing, subshells and groups) is not modelled`);
    } else {
      this.word = (this.word ?? '') + c;
      this.i++;
    }
  }

  private singleQuoted(): void {
    const end = this.line.indexOf("'", this.i + 1);
    if (end < 0) throw new UnsupportedShell('unterminated single quote');
    this.word = (this.word ?? '') + this.line.slice(this.i + 1, end);
    this.i = end + 1;
  }

  private doubleQuoted(): void {
    const { line } = this;
    let value = '';
    let j = this.i + 1;
    for (; j < line.length && line[j] !== '"'; j++) {
      const d = line[j]!;
      if (d === '\\' && j + 1 < line.length && '"\\$`'.includes(line[j + 1]!)) value += line[++j];
      else if (d === '$' || d === '`') throw new UnsupportedShell(EXPANSION);
      else value += d;
    }
    if (j >= line.length) throw new UnsupportedShell('unterminated double quote');
    this.word = (this.word ?? '') + value;
    this.i = j + 1;
  }
}

export interface SimpleCommand {
  argv: string[];
  stdout?: { target: string; append: boolean };
  stderrToStdout: boolean;
  stdin?: string;
}

/** A list of pipelines joined by `&&`, `||` or `;`. */
export interface CommandList {
  pipelines: { commands: SimpleCommand[]; joiner?: '&&' | '||' | ';' }[];
}

export function parseLine(line: string): CommandList {
  const tokens = splitShellWords(line);
  const list: CommandList = { pipelines: [] };
  let pipeline: SimpleCommand[] = [];
  let command: SimpleCommand = { argv: [], stderrToStdout: false };
  const endCommand = () => {
    if (command.argv.length === 0) throw new UnsupportedShell('empty command');
    pipeline.push(command);
    command = { argv: [], stderrToStdout: false };
  };
  for (const token of tokens) {
    if (token.kind === 'word') command.argv.push(token.value);
    else if (token.kind === 'redirect') {
      if (token.fd === 2) {
        if (token.target === '&1') command.stderrToStdout = true;
        else if (token.target !== '/dev/null')
          throw new UnsupportedShell('redirecting stderr to a file is not modelled');
      } else command.stdout = { target: token.target, append: token.append };
    } else if (token.kind === 'input') command.stdin = token.target;
    else if (token.value === '|') endCommand();
    else {
      endCommand();
      list.pipelines.push({ commands: pipeline, joiner: token.value });
      pipeline = [];
    }
  }
  if (command.argv.length > 0) endCommand();
  if (pipeline.length > 0) list.pipelines.push({ commands: pipeline });
  return list;
}
