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

export function tokenize(line: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  let word: string | undefined;
  const flush = () => {
    if (word !== undefined) tokens.push({ kind: 'word', value: word });
    word = undefined;
  };
  const readWord = (): string => {
    flush();
    while (line[i] === ' ' || line[i] === '\t') i++;
    const start = tokens.length;
    while (i < line.length && !/[\s|&;<>]/.test(line[i]!)) step();
    flush();
    const t = tokens.splice(start);
    const target = t[0];
    if (target?.kind !== 'word') throw new UnsupportedShell('a redirection needs a file name');
    return target.value;
  };
  const step = () => {
    const c = line[i]!;
    if (c === '~' && word === undefined) {
      // bash would put a home directory in its place.
      throw new UnsupportedShell('tilde expansion is not modelled');
    } else if (c === "'") {
      const end = line.indexOf("'", i + 1);
      if (end < 0) throw new UnsupportedShell('unterminated single quote');
      word = (word ?? '') + line.slice(i + 1, end);
      i = end + 1;
    } else if (c === '"') {
      let value = '';
      let j = i + 1;
      for (; j < line.length && line[j] !== '"'; j++) {
        const d = line[j]!;
        if (d === '\\' && j + 1 < line.length && '"\\$`'.includes(line[j + 1]!)) value += line[++j];
        else if (d === '$' || d === '`')
          throw new UnsupportedShell('variable or command expansion is not modelled');
        else value += d;
      }
      if (j >= line.length) throw new UnsupportedShell('unterminated double quote');
      word = (word ?? '') + value;
      i = j + 1;
    } else if (c === '\\') {
      // A backslash quotes the next character; the last one on a line has nothing to quote and stays (bash).
      word = (word ?? '') + (line[i + 1] ?? '\\');
      i += 2;
    } else if (c === '$' || c === '`') {
      throw new UnsupportedShell('variable or command expansion is not modelled');
    } else if (c === '*' || c === '?' || c === '(' || c === ')' || c === '{' || c === '}') {
      throw new UnsupportedShell(`unquoted ${c} (globbing, subshells and groups) is not modelled`);
    } else {
      word = (word ?? '') + c;
      i++;
    }
  };
  while (i < line.length) {
    const c = line[i]!;
    const rest = line.slice(i);
    if (c === ' ' || c === '\t') {
      flush();
      i++;
    } else if (c === '#' && word === undefined) {
      break;
    } else if (rest.startsWith('&&') || rest.startsWith('||')) {
      flush();
      tokens.push({ kind: 'op', value: rest.slice(0, 2) as '&&' | '||' });
      i += 2;
    } else if (c === '|' || c === ';') {
      flush();
      tokens.push({ kind: 'op', value: c });
      i++;
    } else if (c === '&') {
      throw new UnsupportedShell('background jobs (&) are not modelled');
    } else if (rest.startsWith('<<')) {
      throw new UnsupportedShell('here-documents are not modelled');
    } else if (rest.startsWith('2>&1')) {
      flush();
      tokens.push({ kind: 'redirect', fd: 2, append: false, target: '&1' });
      i += 4;
    } else if (
      c === '>' ||
      (c === '2' && word === undefined && line[i + 1] === '>') ||
      (c === '1' && word === undefined && line[i + 1] === '>')
    ) {
      flush();
      const fd: 1 | 2 = c === '2' ? 2 : 1;
      if (c !== '>') i++;
      const append = line[i + 1] === '>';
      i += append ? 2 : 1;
      tokens.push({ kind: 'redirect', fd, append, target: readWord() });
    } else if (c === '<') {
      flush();
      i++;
      tokens.push({ kind: 'input', target: readWord() });
    } else {
      step();
    }
  }
  flush();
  return tokens;
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
  const tokens = tokenize(line);
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
