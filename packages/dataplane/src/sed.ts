/**
 * A small GNU sed: the `s` command (any delimiter, flags g, p, N, i/I), `d` and `p`, each optionally behind a
 * `/regex/` or line-number address, with -n, -e, -E/-r and -i[SUFFIX]. Written by hand because there is no
 * maintained JavaScript sed that works on an in-memory file; what it does not know it refuses (SedError)
 * rather than guessing.
 */

export class SedError extends Error {}

/** The output grew past the limit the caller gave runSed (the space left on the modelled disk). */
export class OutputTooLarge extends Error {}

type Address = { kind: 'line'; line: number } | { kind: 'regex'; regex: RegExp } | { kind: 'last' };

type Command =
  | {
      kind: 's';
      address?: Address;
      regex: RegExp;
      replacement: string;
      global: boolean;
      occurrence: number;
      print: boolean;
    }
  | { kind: 'd'; address?: Address }
  | { kind: 'p'; address?: Address };

/**
 * POSIX takes the longest of the alternatives that match at a position, JavaScript the first listed: `a\|ab`
 * on "ab" matches "ab" in sed and "a" in JavaScript. Refused rather than translated into a different match.
 */
function alternation(source: string): SedError {
  return new SedError(`alternation in /${source}/ is not modelled (POSIX prefers the longest alternative)`);
}

/** One element of a translated regular expression; repetition is checked against what it repeats. */
interface Piece {
  js: string;
  kind: 'atom' | 'anchor' | 'repeat' | 'open' | 'close';
}

/**
 * An interval must be `{n}`, `{n,}` or `{n,m}`: JavaScript reads any other brace as a literal character, where
 * sed reads `{,m}` as an interval and refuses the rest. Returns the JavaScript interval and the index after it.
 */
function interval(source: string, start: number, close: string): [string, number] {
  const bounds = /^\d+(,\d*)?/.exec(source.slice(start));
  if (!bounds || !source.startsWith(close, start + bounds[0].length))
    throw new SedError(`unmatched or unsupported interval in /${source}/`);
  return [`{${bounds[0]}}`, start + bounds[0].length + close.length];
}

/** A bracket expression, POSIX classes mapped to JavaScript ranges; returns it and the index of its `]`. */
function bracket(source: string, i: number): [string, number] {
  let j = i + 1;
  if (source[j] === '^') j++;
  if (source[j] === ']') j++;
  while (j < source.length && source[j] !== ']') {
    if (source[j] === '[' && source[j + 1] === ':') {
      const close = source.indexOf(':]', j + 2);
      if (close < 0) throw new SedError(`unterminated character class in /${source}/`);
      j = close + 2;
    } else j++;
  }
  if (j >= source.length) throw new SedError(`unterminated bracket expression in /${source}/`);
  const body = source
    .slice(i + 1, j)
    .replace(/\\/g, '\\\\')
    .replace(/\[:alpha:\]/g, 'A-Za-z')
    .replace(/\[:digit:\]/g, '0-9')
    .replace(/\[:alnum:\]/g, 'A-Za-z0-9')
    .replace(/\[:space:\]/g, '\\s')
    .replace(/\[:upper:\]/g, 'A-Z')
    .replace(/\[:lower:\]/g, 'a-z')
    .replace(/^(\^?)\]/, '$1\\]');
  return [`[${body}]`, j];
}

/** A backslash escape that is not an operator: anchors, classes, back-references, literal characters. */
function escapedAtom(n: string, groups: number, source: string): Piece {
  if (n === '<') return { js: '\\b(?=\\w)', kind: 'anchor' };
  if (n === '>') return { js: '\\b(?<=\\w)', kind: 'anchor' };
  if (n === 'b' || n === 'B') return { js: `\\${n}`, kind: 'anchor' };
  if (n === 'n') return { js: '\\n', kind: 'atom' };
  if (n === 't') return { js: '\\t', kind: 'atom' };
  // JavaScript would read a reference to a group that does not exist as an octal escape; sed refuses it.
  if (/[1-9]/.test(n) && Number(n) > groups) throw new SedError(`invalid back reference in /${source}/`);
  if (/[0-9wWsS.*[\]^$\\/]/.test(n)) return { js: `\\${n}`, kind: 'atom' };
  return { js: n.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), kind: 'atom' };
}

/**
 * Turns a POSIX basic (or extended) regular expression into a JavaScript one. In a basic one `^` anchors only
 * at the start (or after `\(`) and `$` only at the end (or before `\)`); elsewhere they are characters. What
 * would match differently in JavaScript is refused: alternation, repeating an anchor, a repetition or
 * nothing, odd braces.
 */
export function toJsRegex(source: string, extended: boolean, flags: string): RegExp {
  const pieces: Piece[] = [];
  let groups = 0;
  // For each open group, whether it holds a repetition; and whether the group just closed did.
  const open: boolean[] = [];
  let closedHeldRepeat = false;
  for (let i = 0; i < source.length; i++) {
    const c = source[i]!;
    const escaped = c === '\\' && i + 1 < source.length;
    const op = escaped ? source[i + 1]! : c;
    const isOperator = escaped
      ? !extended && '(){}+?|'.includes(op)
      : (extended && '(){}+?|'.includes(c)) || c === '*';
    let piece: Piece;
    if (escaped) i++;
    if (isOperator) {
      if (op === '|') throw alternation(source);
      if (op === '(') groups++;
      if (op === '{') {
        const [js, next] = interval(source, i + 1, extended ? '}' : '\\}');
        piece = { js, kind: 'repeat' };
        i = next - 1;
      } else piece = { js: op, kind: op === '(' ? 'open' : op === ')' ? 'close' : 'repeat' };
    } else if (escaped) piece = escapedAtom(op, groups, source);
    else if (c === '[') {
      const [js, end] = bracket(source, i);
      piece = { js, kind: 'atom' };
      i = end;
    } else if (c === '^')
      piece =
        extended || pieces.length === 0 || pieces.at(-1)!.kind === 'open'
          ? { js: '^', kind: 'anchor' }
          : { js: '\\^', kind: 'atom' };
    else if (c === '$')
      piece =
        extended || i === source.length - 1 || source.startsWith('\\)', i + 1)
          ? { js: '$', kind: 'anchor' }
          : { js: '\\$', kind: 'atom' };
    else piece = { js: '(){}+?|'.includes(c) ? `\\${c}` : c, kind: 'atom' };
    const before = pieces.at(-1)?.kind;
    // A repetition of a repetition too: JavaScript reads `a+?` as a lazy `a+`, sed as `(a+)?`.
    if (
      piece.kind === 'repeat' &&
      (before === undefined || before === 'anchor' || before === 'open' || before === 'repeat')
    )
      throw new SedError(
        `a repetition of nothing, of an anchor or of a repetition in /${source}/ is not modelled`,
      );
    // `\(a*\)*`: JavaScript's backtracking takes exponential time on a line that almost matches, where sed's
    // automaton does not; user data could stall the sandbox with one line.
    if (piece.kind === 'repeat' && before === 'close' && closedHeldRepeat)
      throw new SedError(`a repetition of a group that holds a repetition in /${source}/ is not modelled`);
    if (piece.kind === 'open') open.push(false);
    if (piece.kind === 'repeat') open.fill(true);
    if (piece.kind === 'close') closedHeldRepeat = open.pop() ?? false;
    pieces.push(piece);
  }
  try {
    return new RegExp(pieces.map((p) => p.js).join(''), flags);
  } catch (error) {
    throw new SedError(`invalid regular expression /${source}/: ${(error as Error).message}`);
  }
}

/** Reads `delim…delim` starting after the opening delimiter; returns the text and the index after it. */
function readDelimited(script: string, start: number, delim: string): [string, number] {
  let text = '';
  for (let i = start; i < script.length; i++) {
    const c = script[i]!;
    if (c === '\\' && i + 1 < script.length) {
      const n = script[i + 1]!;
      text += n === delim ? n : `\\${n}`;
      i++;
      continue;
    }
    if (c === delim) return [text, i + 1];
    if (c === '\n') break;
    text += c;
  }
  throw new SedError(`unterminated \`s' command`);
}

/** GNU sed reads an empty regex as "the last regex used", which the model does not track. */
function nonEmpty(regex: string): string {
  if (regex === '') throw new SedError('no previous regular expression');
  return regex;
}

function parseAddress(script: string, i: number, extended: boolean): [Address | undefined, number] {
  if (script[i] === '/') {
    const [re, next] = readDelimited(script, i + 1, '/');
    nonEmpty(re);
    return [{ kind: 'regex', regex: toJsRegex(re, extended, '') }, next];
  }
  if (script[i] === '$') return [{ kind: 'last' }, i + 1];
  const m = /^\d+/.exec(script.slice(i));
  if (m) return [{ kind: 'line', line: Number(m[0]) }, i + m[0].length];
  return [undefined, i];
}

export function parseSedScript(script: string, extended = false): Command[] {
  const commands: Command[] = [];
  let i = 0;
  while (i < script.length) {
    while (i < script.length && /[\s;]/.test(script[i]!)) i++;
    if (i >= script.length) break;
    let address: Address | undefined;
    [address, i] = parseAddress(script, i, extended);
    while (script[i] === ' ') i++;
    const name = script[i];
    if (name === 's') {
      const delim = script[i + 1];
      if (!delim || delim === '\n' || delim === '\\') throw new SedError(`unterminated \`s' command`);
      const [pattern, afterPattern] = readDelimited(script, i + 2, delim);
      const [replacement, afterReplacement] = readDelimited(script, afterPattern, delim);
      i = afterReplacement;
      let global = false;
      let print = false;
      let ignoreCase = false;
      let occurrence = 1;
      while (i < script.length && !/[\s;}]/.test(script[i]!)) {
        const f = script[i]!;
        if (f === 'g') global = true;
        else if (f === 'p') print = true;
        else if (f === 'i' || f === 'I') ignoreCase = true;
        else if (/\d/.test(f)) {
          const m = /^\d+/.exec(script.slice(i))!;
          occurrence = Number(m[0]);
          i += m[0].length - 1;
        } else throw new SedError(`unknown option to \`s': ${f}`);
        i++;
      }
      const regex = toJsRegex(nonEmpty(pattern), extended, `g${ignoreCase ? 'i' : ''}`);
      const groups = new RegExp(`${regex.source}|`).exec('')!.length - 1;
      for (const [, n] of replacement.matchAll(/\\(.)/g)) {
        if (/[1-9]/.test(n!) && Number(n) > groups)
          throw new SedError(`invalid reference \\${n} on \`s' command's RHS`);
      }
      commands.push({
        kind: 's',
        ...(address ? { address } : {}),
        regex,
        replacement,
        global,
        occurrence,
        print,
      });
    } else if (name === 'd' || name === 'p') {
      commands.push({ kind: name, ...(address ? { address } : {}) });
      i++;
    } else {
      throw new SedError(`unsupported sed command: ${script.slice(i).split(/[\n;]/)[0]}`);
    }
  }
  return commands;
}

/** Expands `&`, `\1`…`\9`, `\n` and escaped characters in a replacement. */
function expand(replacement: string, match: string, groups: (string | undefined)[], limit: number): string {
  let out = '';
  for (let i = 0; i < replacement.length; i++) {
    if (out.length > limit) throw new OutputTooLarge();
    const c = replacement[i]!;
    if (c === '\\' && i + 1 < replacement.length) {
      const n = replacement[++i]!;
      if (/[1-9]/.test(n)) out += groups[Number(n) - 1] ?? '';
      else if (n === 'n') out += '\n';
      else if (n === 't') out += '\t';
      else out += n;
    } else if (c === '&') out += match;
    else out += c;
  }
  return out;
}

function matches(address: Address | undefined, line: string, number: number, last: boolean): boolean {
  if (!address) return true;
  if (address.kind === 'line') return address.line === number;
  if (address.kind === 'last') return last;
  address.regex.lastIndex = 0;
  return address.regex.test(line);
}

/**
 * One `s` command on one line. Written out rather than with String.replace because sed, unlike JavaScript,
 * skips an empty match right where the previous match ended (replacing every match of `a*` by x turns
 * "baaac" into "xbxcx", not "xbxxcx"), and such a match does not count toward the N of `s///N`.
 */
function substitute(
  line: string,
  command: Extract<Command, { kind: 's' }>,
  limit: number,
): [string, boolean] {
  const { regex } = command;
  let out = '';
  let pos = 0;
  let previousEnd = -1;
  let count = 0;
  let replaced = false;
  while (pos <= line.length) {
    regex.lastIndex = pos;
    const match = regex.exec(line);
    if (!match) break;
    const start = match.index;
    const end = start + match[0].length;
    if (match[0] === '' && start === previousEnd) {
      if (start >= line.length) break;
      out += line.slice(pos, start + 1);
      pos = start + 1;
      continue;
    }
    count++;
    const take = command.global ? count >= command.occurrence : count === command.occurrence;
    out +=
      line.slice(pos, start) +
      (take ? expand(command.replacement, match[0], match.slice(1), limit) : match[0]);
    if (out.length > limit) throw new OutputTooLarge();
    replaced ||= take;
    previousEnd = end;
    pos = end;
    if (take && !command.global) break;
    if (match[0] === '') {
      if (start >= line.length) break;
      out += line[start];
      pos = start + 1;
    }
  }
  return [out + line.slice(pos), replaced];
}

/** Runs parsed commands over the text as sed does, line by line; returns what sed would print. */
export function runSed(
  text: string,
  commands: Command[],
  quiet = false,
  limit = Number.POSITIVE_INFINITY,
): string {
  let size = 0;
  const endsWithNewline = text.endsWith('\n');
  const lines = (endsWithNewline ? text.slice(0, -1) : text).split('\n');
  if (text === '') return '';
  const out: string[] = [];
  // What the last printed text was: sed ends every line it prints with a newline, except the input's last
  // line when the input did not end with one (and only when nothing is printed after it).
  let lastFromUnterminated = false;
  const emit = (printed: string) => {
    size += printed.length + 1;
    if (size > limit) throw new OutputTooLarge();
    out.push(printed);
  };
  lines.forEach((original, index) => {
    let line = original;
    let deleted = false;
    const last = index === lines.length - 1;
    for (const command of commands) {
      if (!matches(command.address, line, index + 1, last)) continue;
      if (command.kind === 'd') {
        deleted = true;
        break;
      }
      if (command.kind === 'p') {
        emit(line);
        lastFromUnterminated = last && !endsWithNewline;
        continue;
      }
      let replaced: boolean;
      [line, replaced] = substitute(line, command, limit);
      if (replaced && command.print) {
        emit(line);
        lastFromUnterminated = last && !endsWithNewline;
      }
    }
    if (!deleted && !quiet) {
      emit(line);
      lastFromUnterminated = last && !endsWithNewline;
    }
  });
  return out.length === 0 ? '' : `${out.join('\n')}${lastFromUnterminated ? '' : '\n'}`;
}

export interface SedInvocation {
  scripts: string[];
  files: string[];
  inPlace: boolean;
  /** The backup suffix of `-i.old`. */
  suffix?: string;
  quiet: boolean;
  extended: boolean;
}

/** Parses sed's command line (after the word `sed`). */
export function parseSedArgs(args: string[]): SedInvocation {
  const invocation: SedInvocation = { scripts: [], files: [], inPlace: false, quiet: false, extended: false };
  let i = 0;
  for (; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '--') {
      i++;
      break;
    }
    if (arg === '-e' || arg === '--expression') {
      const script = args[++i];
      if (script === undefined) throw new SedError('option requires an argument -- e');
      invocation.scripts.push(script);
    } else if (arg.startsWith('--expression=')) invocation.scripts.push(arg.slice('--expression='.length));
    else if (arg === '-n' || arg === '--quiet' || arg === '--silent') invocation.quiet = true;
    else if (arg === '-E' || arg === '-r' || arg === '--regexp-extended') invocation.extended = true;
    else if (arg.startsWith('--in-place')) {
      invocation.inPlace = true;
      if (arg.startsWith('--in-place=')) invocation.suffix = arg.slice('--in-place='.length);
    } else if (/^-[nEri]+/.test(arg) && arg.startsWith('-') && !arg.startsWith('--')) {
      // Bundled short flags: -n, -E, -r, and -i whose remainder is the backup suffix (-i.old, -ni).
      for (let k = 1; k < arg.length; k++) {
        const f = arg[k]!;
        if (f === 'n') invocation.quiet = true;
        else if (f === 'E' || f === 'r') invocation.extended = true;
        else if (f === 'i') {
          invocation.inPlace = true;
          const suffix = arg.slice(k + 1);
          if (suffix) invocation.suffix = suffix;
          break;
        }
      }
    } else if (arg.startsWith('-') && arg !== '-') throw new SedError(`unsupported option ${arg}`);
    else break;
  }
  const rest = args.slice(i);
  if (invocation.scripts.length === 0) {
    const script = rest.shift();
    if (script === undefined) throw new SedError('no script specified');
    invocation.scripts.push(script);
  }
  invocation.files = rest;
  return invocation;
}
