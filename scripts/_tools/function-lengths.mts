// Part of `npm run lint`: fails on any function longer than MAX_LINES lines, counted from its first line to its
// last, blank lines and comments included (biome's own rule skips blank lines, so a function padded with them
// slipped past it). Covers the packages' sources and test helpers, the lab scripts and the end-to-end test
// helpers; test files are left out, where one long `describe` body reads as a list of cases.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import ts from 'typescript';

const MAX_LINES = 80;

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/**
 * Functions allowed to be longer, as `path:name`, each with a comment saying why. Only a data fixture that is one
 * big literal belongs here: the function only returns it, and cutting the literal up would make the data harder
 * to read, not the code. Empty today: Lab 05's network, the one such fixture, is a JSON file beside its lab
 * (scripts/05-vpc-peering-cloudformation/fixtures/blog-peering.json). An entry that matches nothing fails the
 * check, so the list cannot outlive what it excuses.
 */
const ALLOWED = new Set<string>([]);

const SKIPPED_DIRS = new Set(['node_modules', 'dist', '.turbo', 'coverage', '.sandbox-data']);

export interface LongFunction {
  file: string;
  line: number;
  name: string;
  lines: number;
}

function isTestFile(name: string): boolean {
  return /\.test\.m?[jt]s$/.test(name);
}

function sourceFiles(dir: string): string[] {
  const files: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.isDirectory()) {
      if (!SKIPPED_DIRS.has(entry.name)) files.push(...sourceFiles(join(dir, entry.name)));
    } else if (/\.m?ts$/.test(entry.name) && !entry.name.endsWith('.d.ts') && !isTestFile(entry.name)) {
      files.push(join(dir, entry.name));
    }
  }
  return files;
}

function checkedFiles(): string[] {
  const packages = readdirSync(join(ROOT, 'packages'), { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .flatMap((entry) => ['src', 'test'].map((dir) => join(ROOT, 'packages', entry.name, dir)));
  return [...packages, join(ROOT, 'scripts'), join(ROOT, 'test')].flatMap((dir) => {
    try {
      return sourceFiles(dir);
    } catch {
      return []; // a package without src/ or test/
    }
  });
}

/** The name a reader would search for: the declaration's own, or the variable or property it is assigned to. */
function functionName(node: ts.FunctionLikeDeclaration, source: ts.SourceFile): string {
  if (node.name) return node.name.getText(source);
  const parent = node.parent;
  if (
    (ts.isVariableDeclaration(parent) ||
      ts.isPropertyAssignment(parent) ||
      ts.isPropertyDeclaration(parent)) &&
    parent.name
  ) {
    return parent.name.getText(source);
  }
  if (ts.isConstructorDeclaration(node)) return 'constructor';
  return '(anonymous)';
}

export function longFunctions(file: string, text: string, maxLines = MAX_LINES): LongFunction[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const found: LongFunction[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isFunctionLike(node) && 'body' in node && node.body) {
      const first = source.getLineAndCharacterOfPosition(node.getStart(source)).line;
      const last = source.getLineAndCharacterOfPosition(node.getEnd()).line;
      const lines = last - first + 1;
      if (lines > maxLines) {
        found.push({
          file,
          line: first + 1,
          name: functionName(node as ts.FunctionLikeDeclaration, source),
          lines,
        });
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

const USAGE =
  'usage: npm run lint:functions   (lists the functions over 80 lines in the packages, the lab scripts and the test helpers; exit 1 if any)';

/** --help prints the usage; anything else given is refused in one line (exit 2). True when the check should run. */
function readArgs(args: string[]): boolean {
  try {
    if (parseArgs({ args, options: { help: { type: 'boolean', short: 'h' } } }).values.help) {
      console.log(USAGE);
      return false;
    }
    return true;
  } catch (error) {
    console.error(`lint:functions: ${(error as Error).message}`);
    process.exitCode = 2;
    return false;
  }
}

function main(): void {
  if (!readArgs(process.argv.slice(2))) return;
  const found = checkedFiles().flatMap((path) =>
    longFunctions(relative(ROOT, path), readFileSync(path, 'utf8')),
  );
  const offenders = found.filter((fn) => !ALLOWED.has(`${fn.file}:${fn.name}`));
  for (const fn of offenders) {
    console.error(`${fn.file}:${fn.line}: ${fn.name} is ${fn.lines} lines long (at most ${MAX_LINES})`);
  }
  const stale = [...ALLOWED].filter((entry) => !found.some((fn) => `${fn.file}:${fn.name}` === entry));
  for (const entry of stale) console.error(`${entry}: allowed to be long, but no such long function is left`);
  if (offenders.length > 0) {
    console.error(`${offenders.length} function(s) over ${MAX_LINES} lines: split them into named parts.`);
  }
  if (offenders.length > 0 || stale.length > 0) process.exitCode = 1;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) main();
