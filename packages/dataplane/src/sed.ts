/**
 * A small GNU sed: the `s` command (any delimiter, flags g, p, N, i/I), `d` and `p`, each optionally behind a
 * `/regex/` or line-number address, with -n, -e, -E/-r and -i[SUFFIX]. Written by hand because there is no
 * maintained JavaScript sed that works on an in-memory file; what it does not know it refuses (SedError)
 * rather than guessing.
 */

export class SedError extends Error {}

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

/** Turns a POSIX basic (or extended) regular expression into a JavaScript one. */
export function toJsRegex(source: string, extended: boolean, flags: string): RegExp {
  let out = '';
  for (let i = 0; i < source.length; i++) {
    const c = source[i]!;
    if (c === '\\' && i + 1 < source.length) {
      const n = source[++i]!;
      if (!extended && '(){}+?|'.includes(n)) out += n;
      else if (n === 'n') out += '\\n';
      else if (n === 't') out += '\\t';
      else if (/[0-9.*[\]^$\\/]/.test(n)) out += `\\${n}`;
      else if ('<>'.includes(n)) out += '\\b';
      else if ('wWsSb'.includes(n)) out += `\\${n}`;
      else out += n.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      continue;
    }
    if (c === '[') {
      // Bracket expressions pass through; POSIX classes map to JS equivalents.
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
      const end = j;
      if (end >= source.length) throw new SedError(`unterminated bracket expression in /${source}/`);
      const body = source
        .slice(i + 1, end)
        .replace(/\\/g, '\\\\')
        .replace(/\[:alpha:\]/g, 'A-Za-z')
        .replace(/\[:digit:\]/g, '0-9')
        .replace(/\[:alnum:\]/g, 'A-Za-z0-9')
        .replace(/\[:space:\]/g, '\\s')
        .replace(/\[:upper:\]/g, 'A-Z')
        .replace(/\[:lower:\]/g, 'a-z')
        .replace(/^(\^?)\]/, '$1\\]');
      out += `[${body}]`;
      i = end;
      continue;
    }
    if (!extended && '(){}+?|'.includes(c)) out += `\\${c}`;
    else out += c;
  }
  try {
    return new RegExp(out, flags);
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

function parseAddress(script: string, i: number, extended: boolean): [Address | undefined, number] {
  if (script[i] === '/') {
    const [re, next] = readDelimited(script, i + 1, '/');
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
      const regex = toJsRegex(pattern, extended, `g${ignoreCase ? 'i' : ''}`);
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
function expand(replacement: string, match: string, groups: (string | undefined)[]): string {
  let out = '';
  for (let i = 0; i < replacement.length; i++) {
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

/** Runs parsed commands over the text as sed does, line by line; returns what sed would print. */
export function runSed(text: string, commands: Command[], quiet = false): string {
  const endsWithNewline = text.endsWith('\n');
  const lines = (endsWithNewline ? text.slice(0, -1) : text).split('\n');
  if (text === '') return '';
  const out: string[] = [];
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
        out.push(line);
        continue;
      }
      let count = 0;
      let replaced = false;
      command.regex.lastIndex = 0;
      line = line.replace(command.regex, (match: string, ...rest: unknown[]) => {
        count++;
        const groups = rest.slice(0, -2) as (string | undefined)[];
        if (command.global ? count >= command.occurrence : count === command.occurrence) {
          replaced = true;
          return expand(command.replacement, match, groups);
        }
        return match;
      });
      if (replaced && command.print) out.push(line);
    }
    if (!deleted && !quiet) out.push(line);
  });
  return out.length === 0 ? '' : `${out.join('\n')}${endsWithNewline ? '\n' : ''}`;
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
