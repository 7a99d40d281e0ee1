import { STOCK_FILES_AL2023 } from './amazon-linux';
import { OutputTooLarge, parseSedArgs, parseSedScript, runSed, SedError, toJsRegex } from './sed';
import { type CommandList, parseLine, type SimpleCommand, UnsupportedShell } from './shell-words';

/** A JSON-serialisable model of one instance's files and daemons. */
export interface InstanceModel {
  image: 'al2023';
  files: Record<string, string>;
  sshd: {
    active: boolean;
    /** The ports sshd bound when it last (re)started. */
    ports: number[];
    /** Why the last start failed, when it did. */
    error?: string;
  };
  userData?: UserDataReport;
}

export interface ScriptLine {
  line: number;
  text: string;
  status: 'applied' | 'failed' | 'unsupported';
  detail?: string;
}

export interface UserDataReport {
  /** `script` when cloud-init ran it as a shell script; otherwise why nothing ran. */
  kind: 'script' | 'empty' | 'unsupported';
  interpreter?: string;
  lines: ScriptLine[];
  /** True when every command line was applied by the model. */
  complete: boolean;
  unsupported: ScriptLine[];
}

export interface ExecResult {
  stdout: string;
  stderr: string;
  exitCode: number;
}

const SSHD_UNITS = new Set(['sshd', 'sshd.service', 'ssh', 'ssh.service']);

/**
 * The space scripts may fill on the modelled disk: far below a real root volume, plenty for any lab, and small
 * enough that user data doubling a file on every line (about 20 lines of `cat f >> f`) fails with "No space
 * left on device" instead of exhausting the memory of the process that models it.
 */
export const DISK_BYTES = 8 * 1024 * 1024;

const NO_SPACE = 'No space left on device';

/** Stores a file if the disk has room for it; false when it does not. */
function store(model: InstanceModel, path: string, text: string): boolean {
  let used = text.length;
  for (const [name, content] of Object.entries(model.files)) if (name !== path) used += content.length;
  if (used > DISK_BYTES) return false;
  model.files[path] = text;
  return true;
}

export function stockInstanceModel(): InstanceModel {
  const model: InstanceModel = {
    image: 'al2023',
    files: { ...STOCK_FILES_AL2023 },
    sshd: { active: false, ports: [] },
  };
  startSshd(model);
  return model;
}

function globFiles(model: InstanceModel, pattern: string): string[] {
  const slash = pattern.lastIndexOf('/');
  const dir = pattern.slice(0, slash + 1);
  const base = pattern.slice(slash + 1);
  const regex = new RegExp(
    `^${base
      .replace(/[.+^${}()|[\]\\]/g, '\\$&')
      .replace(/\*/g, '[^/]*')
      .replace(/\?/g, '[^/]')}$`,
  );
  return Object.keys(model.files)
    .filter((path) => path.startsWith(dir) && regex.test(path.slice(dir.length)))
    .sort();
}

/** OpenSSH's own bound on nested Include (SERVCONF_MAX_DEPTH in servconf.c); deeper is a start failure. */
const MAX_INCLUDE_DEPTH = 16;
/** The ports the sshd configuration asks for, each once, in the order they first appear (Port is additive
 * across the file and its Includes). */
export function sshdConfiguredPorts(model: InstanceModel, path = '/etc/ssh/sshd_config'): number[] {
  if (model.files[path] === undefined) throw new Error(`${path}: No such file or directory`);
  const ports = readPorts(model, path, 0, new Map());
  return ports.length === 0 ? [22] : ports;
}

/**
 * One file's ports, remembered per file and depth: user data can write files that each include the next
 * many times over, which read naively takes exponential time; remembered, each file is read at most once per
 * depth, and the ports are a set, so neither the time nor the list can grow past the files times the depth.
 */
function readPorts(model: InstanceModel, path: string, depth: number, seen: Map<string, number[]>): number[] {
  const remembered = `${depth}\0${path}`;
  const known = seen.get(remembered);
  if (known) return known;
  const text = model.files[path] ?? '';
  const ports = new Set<number>();
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const [keyword, ...args] = line.split(/\s+/);
    const key = keyword!.toLowerCase();
    if (key === 'match') break;
    if (key === 'include') {
      if (depth + 1 > MAX_INCLUDE_DEPTH)
        throw new Error(`${path}: Too many recursive configuration includes`);
      for (const arg of args)
        for (const file of globFiles(model, arg))
          for (const port of readPorts(model, file, depth + 1, seen)) ports.add(port);
    } else if (key === 'port') {
      const value = args[0] ?? '';
      const port = /^\d+$/.test(value) ? Number(value) : Number.NaN;
      if (!(port >= 1 && port <= 65535)) throw new Error(`${path}: Badly formatted port number.`);
      ports.add(port);
    }
  }
  const list = [...ports];
  seen.set(remembered, list);
  return list;
}

function startSshd(model: InstanceModel): ExecResult {
  try {
    const ports = [...new Set(sshdConfiguredPorts(model))];
    model.sshd = { active: true, ports };
    return { stdout: '', stderr: '', exitCode: 0 };
  } catch (error) {
    model.sshd = { active: false, ports: [], error: (error as Error).message };
    return {
      stdout: '',
      stderr:
        'Job for sshd.service failed because the control process exited with error code.\nSee "systemctl status sshd.service" and "journalctl -xeu sshd.service" for details.\n',
      exitCode: 1,
    };
  }
}

/** TCP ports something listens on (sshd only: the stock services that listen beyond localhost). */
export function listeningTcpPorts(model: InstanceModel): number[] {
  return model.sshd.active ? [...model.sshd.ports] : [];
}

function readFile(model: InstanceModel, path: string, tool: string): string | ExecResult {
  const text = model.files[path];
  if (text === undefined)
    return { stdout: '', stderr: `${tool} ${path}: No such file or directory\n`, exitCode: 2 };
  return text;
}

/** grep's pattern with sed's POSIX translation (basic by default, -E extended, -F fixed); what it cannot translate is refused. */
function grepRegex(pattern: string, fixed: boolean, extended: boolean, ignoreCase: boolean): RegExp {
  const flags = ignoreCase ? 'i' : '';
  if (fixed) return new RegExp(pattern.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), flags);
  try {
    return toJsRegex(pattern, extended, flags);
  } catch (error) {
    if (error instanceof SedError) throw new UnsupportedShell(`grep: ${error.message}`);
    throw error;
  }
}

function grep(model: InstanceModel, args: string[], stdin: string): ExecResult {
  let invert = false;
  let ignoreCase = false;
  let count = false;
  let numbers = false;
  let fixed = false;
  let quiet = false;
  let extended = false;
  let options = true;
  const rest: string[] = [];
  for (const arg of args) {
    if (options && arg === '--') options = false;
    else if (options && /^-[ivcnFEqs]+$/.test(arg)) {
      for (const f of arg.slice(1)) {
        if (f === 'v') invert = true;
        if (f === 'i') ignoreCase = true;
        if (f === 'c') count = true;
        if (f === 'n') numbers = true;
        if (f === 'F') fixed = true;
        if (f === 'q') quiet = true;
        if (f === 'E') extended = true;
      }
    } else if (options && arg.startsWith('-') && rest.length === 0) {
      throw new UnsupportedShell(`grep option ${arg} is not modelled`);
    } else rest.push(arg);
  }
  const pattern = rest.shift();
  if (pattern === undefined)
    return { stdout: '', stderr: 'Usage: grep [OPTION]... PATTERNS [FILE]...\n', exitCode: 2 };
  if (fixed && extended) return { stdout: '', stderr: 'grep: conflicting matchers specified\n', exitCode: 2 };
  const regex = grepRegex(pattern, fixed, extended, ignoreCase);
  const inputs =
    rest.length === 0
      ? [{ name: '(standard input)', text: stdin }]
      : rest.map((name) => ({ name, text: model.files[name] }));
  let out = '';
  let err = '';
  let matched = 0;
  for (const input of inputs) {
    if (input.text === undefined) {
      err += `grep: ${input.name}: No such file or directory\n`;
      continue;
    }
    const lines = input.text.endsWith('\n') ? input.text.slice(0, -1).split('\n') : input.text.split('\n');
    let fileCount = 0;
    lines.forEach((line, index) => {
      if (input.text === '' || regex.test(line) === invert) return;
      fileCount++;
      if (!count && !quiet)
        out += `${inputs.length > 1 ? `${input.name}:` : ''}${numbers ? `${index + 1}:` : ''}${line}\n`;
    });
    matched += fileCount;
    if (count && !quiet) out += `${inputs.length > 1 ? `${input.name}:` : ''}${fileCount}\n`;
  }
  return { stdout: out, stderr: err, exitCode: err && matched === 0 ? 2 : matched > 0 ? 0 : 1 };
}

function sed(model: InstanceModel, args: string[], stdin: string): ExecResult {
  try {
    const invocation = parseSedArgs(args);
    const commands = invocation.scripts.flatMap((s) => parseSedScript(s, invocation.extended));
    if (invocation.inPlace) {
      if (invocation.files.length === 0) return { stdout: '', stderr: 'sed: no input files\n', exitCode: 1 };
      for (const file of invocation.files) {
        const text = readFile(model, file, "sed: can't read");
        if (typeof text !== 'string') return text;
        const full = { stdout: '', stderr: `sed: couldn't write ${file}: ${NO_SPACE}\n`, exitCode: 4 };
        if (invocation.suffix && !store(model, `${file}${invocation.suffix}`, text)) return full;
        // With -i, everything sed prints (including `p` output) goes into the file, as on GNU sed.
        if (!store(model, file, runSed(text, commands, invocation.quiet, DISK_BYTES))) return full;
      }
      return { stdout: '', stderr: '', exitCode: 0 };
    }
    const inputs = invocation.files.length === 0 ? [stdin] : invocation.files.map((f) => model.files[f]);
    let stdout = '';
    for (const [index, text] of inputs.entries()) {
      if (text === undefined)
        return {
          stdout,
          stderr: `sed: can't read ${invocation.files[index]}: No such file or directory\n`,
          exitCode: 2,
        };
      stdout += runSed(text, commands, invocation.quiet, DISK_BYTES - stdout.length);
    }
    return { stdout, stderr: '', exitCode: 0 };
  } catch (error) {
    if (error instanceof OutputTooLarge)
      return { stdout: '', stderr: `sed: couldn't write: ${NO_SPACE}\n`, exitCode: 4 };
    if (error instanceof SedError) throw new UnsupportedShell(`sed: ${error.message}`);
    throw error;
  }
}

function systemctl(model: InstanceModel, args: string[]): ExecResult {
  const [verb, ...units] = args.filter((a) => !a.startsWith('-'));
  if (!verb || units.length === 0) throw new UnsupportedShell(`systemctl ${args.join(' ')} is not modelled`);
  for (const unit of units) {
    if (!SSHD_UNITS.has(unit))
      throw new UnsupportedShell(`the service ${unit} is not modelled (only sshd is)`);
  }
  switch (verb) {
    case 'restart':
    case 'reload':
    case 'reload-or-restart':
    case 'try-restart':
      return startSshd(model);
    case 'start':
      return model.sshd.active ? { stdout: '', stderr: '', exitCode: 0 } : startSshd(model);
    case 'stop':
      model.sshd = { active: false, ports: [] };
      return { stdout: '', stderr: '', exitCode: 0 };
    case 'enable':
    case 'disable':
      return { stdout: '', stderr: '', exitCode: 0 };
    case 'is-active':
      return {
        stdout: model.sshd.active ? 'active\n' : 'failed\n',
        stderr: '',
        exitCode: model.sshd.active ? 0 : 3,
      };
    default:
      throw new UnsupportedShell(`systemctl ${verb} is not modelled`);
  }
}

function runSimple(model: InstanceModel, command: SimpleCommand, stdin: string): ExecResult {
  let argv = command.argv;
  while (argv[0] === 'sudo') argv = argv.slice(1);
  const [name, ...args] = argv;
  if (command.stdin !== undefined) {
    const text = model.files[command.stdin];
    if (text === undefined)
      return { stdout: '', stderr: `bash: ${command.stdin}: No such file or directory\n`, exitCode: 1 };
    stdin = text;
  }
  let result: ExecResult;
  switch (name) {
    case 'sed':
      result = sed(model, args, stdin);
      break;
    case 'grep':
      result = grep(model, args, stdin);
      break;
    case 'cat': {
      let stdout = args.length === 0 ? stdin : '';
      let stderr = '';
      for (const file of args) {
        const text = model.files[file];
        if (text === undefined) stderr += `cat: ${file}: No such file or directory\n`;
        else if (stdout.length + text.length > DISK_BYTES) {
          stderr += `cat: write error: ${NO_SPACE}\n`;
          break;
        } else stdout += text;
      }
      result = { stdout, stderr, exitCode: stderr ? 1 : 0 };
      break;
    }
    case 'echo': {
      let words = args;
      let newline = true;
      if (words[0] === '-n') {
        newline = false;
        words = words.slice(1);
      }
      result = { stdout: `${words.join(' ')}${newline ? '\n' : ''}`, stderr: '', exitCode: 0 };
      break;
    }
    case 'systemctl':
      result = systemctl(model, args);
      break;
    case 'service':
      result = systemctl(model, [args[1] ?? '', args[0] ?? '']);
      break;
    case 'true':
    case ':':
      result = { stdout: '', stderr: '', exitCode: 0 };
      break;
    case 'false':
      result = { stdout: '', stderr: '', exitCode: 1 };
      break;
    case 'set':
      if (args.every((a) => /^[-+][euxo]+$/.test(a) || a === 'pipefail')) {
        result = { stdout: '', stderr: '', exitCode: 0 };
        break;
      }
      throw new UnsupportedShell(`set ${args.join(' ')} is not modelled`);
    default:
      throw new UnsupportedShell(`the command ${name} is not modelled`);
  }
  if (command.stderrToStdout) result = { ...result, stdout: result.stdout + result.stderr, stderr: '' };
  if (command.stdout) {
    const { target, append } = command.stdout;
    const text = (append ? (model.files[target] ?? '') : '') + result.stdout;
    if (target !== '/dev/null' && !store(model, target, text))
      return { stdout: '', stderr: `bash: ${target}: ${NO_SPACE}\n`, exitCode: 1 };
    result = { ...result, stdout: '' };
  }
  return result;
}

function runList(model: InstanceModel, list: CommandList): ExecResult {
  let last: ExecResult = { stdout: '', stderr: '', exitCode: 0 };
  let stdout = '';
  let stderr = '';
  let joiner: '&&' | '||' | ';' | undefined;
  for (const pipeline of list.pipelines) {
    const skip = (joiner === '&&' && last.exitCode !== 0) || (joiner === '||' && last.exitCode === 0);
    joiner = pipeline.joiner;
    if (skip) continue;
    let input = '';
    for (const [index, command] of pipeline.commands.entries()) {
      last = runSimple(model, command, input);
      stderr += last.stderr;
      input = last.stdout;
      if (index === pipeline.commands.length - 1) stdout += last.stdout;
    }
  }
  return { stdout, stderr, exitCode: last.exitCode };
}

/** Runs one command line (as root) on the model, e.g. `grep Port /etc/ssh/sshd_config`. */
export function exec(model: InstanceModel, line: string): ExecResult {
  return runList(model, parseLine(line));
}

/** Joins backslash-continued lines, remembering where each logical line started. */
function logicalLines(script: string): { line: number; text: string }[] {
  const out: { line: number; text: string }[] = [];
  const physical = script.replace(/\r\n/g, '\n').split('\n');
  for (let i = 0; i < physical.length; i++) {
    const start = i;
    let text = physical[i]!;
    while (text.endsWith('\\') && i + 1 < physical.length) text = text.slice(0, -1) + physical[++i];
    out.push({ line: start + 1, text });
  }
  return out;
}

/**
 * Applies user data the way cloud-init does on first boot: a text starting with `#!` runs as a shell script
 * as root; other formats are reported unsupported. Each line is applied to the model or reported; output goes
 * to /var/log/cloud-init-output.log as on the instance.
 */
export function applyUserData(model: InstanceModel, userData: string): UserDataReport {
  const report = (r: Omit<UserDataReport, 'complete' | 'unsupported'>): UserDataReport => {
    const unsupported = r.lines.filter((l) => l.status === 'unsupported');
    const full = { ...r, complete: r.kind !== 'unsupported' && unsupported.length === 0, unsupported };
    model.userData = full;
    return full;
  };
  if (userData.trim() === '') return report({ kind: 'empty', lines: [] });
  const first = userData.split('\n', 1)[0]!.trim();
  if (!first.startsWith('#!')) {
    const what = first.startsWith('#cloud-config') ? 'cloud-config user data' : 'user data without a #! line';
    return report({
      kind: 'unsupported',
      lines: [{ line: 1, text: first, status: 'unsupported', detail: `${what} is not modelled` }],
    });
  }
  const interpreter = first.slice(2).trim();
  if (!/^(\/usr)?\/bin\/(ba)?sh(\s|$)|^\/usr\/bin\/env (ba)?sh$/.test(interpreter)) {
    return report({
      kind: 'unsupported',
      interpreter,
      lines: [
        {
          line: 1,
          text: first,
          status: 'unsupported',
          detail: `the interpreter ${interpreter} is not modelled`,
        },
      ],
    });
  }
  const lines: ScriptLine[] = [];
  let log = model.files['/var/log/cloud-init-output.log'] ?? '';
  for (const { line, text } of logicalLines(userData).slice(1)) {
    const trimmed = text.trim();
    if (trimmed === '' || trimmed.startsWith('#')) continue;
    try {
      const result = exec(model, trimmed);
      log = (log + result.stdout + result.stderr).slice(0, DISK_BYTES);
      lines.push({
        line,
        text: trimmed,
        status: result.exitCode === 0 ? 'applied' : 'failed',
        ...(result.exitCode === 0
          ? {}
          : { detail: result.stderr.trim() || `exit status ${result.exitCode}` }),
      });
    } catch (error) {
      if (!(error instanceof UnsupportedShell)) throw error;
      lines.push({ line, text: trimmed, status: 'unsupported', detail: error.message });
    }
  }
  // What does not fit on the disk is lost from the log, as on a full volume.
  const path = '/var/log/cloud-init-output.log';
  const room =
    DISK_BYTES - Object.entries(model.files).reduce((n, [k, v]) => n + (k === path ? 0 : v.length), 0);
  model.files[path] = log.slice(0, Math.max(0, room));
  return report({ kind: 'script', interpreter, lines });
}
