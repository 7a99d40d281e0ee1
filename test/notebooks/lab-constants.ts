import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { cellSource, readNotebook } from '@handson/notebook';
import ts from 'typescript';

/*
 * The constants a lab's notebook shows in its cells (a cell cannot import scripts/, and a reader copies the
 * cells into posts and CloudShell) and the ones its scripts export, read as written with the TypeScript
 * parser: nothing is run, so a script's value is its default, the one it has when no variable is set.
 */
const ROOT = join(__dirname, '..', '..');
export const NOTEBOOK_DIR = join(ROOT, 'notebooks');
export const SCRIPTS_DIR = join(ROOT, 'scripts');

export type Value = string | number | boolean | null | Value[] | { [key: string]: Value };

/** A constant's value when the environment sets nothing, and the variable that would change it. */
export interface Constant {
  value: Value;
  env?: string;
}

type Known = ReadonlyMap<string, Constant>;

export function parse(name: string, text: string): ts.SourceFile {
  return ts.createSourceFile(name, text, ts.ScriptTarget.Latest, false, ts.ScriptKind.TS);
}

function unwrap(expr: ts.Expression): ts.Expression {
  let e = expr;
  while (
    ts.isParenthesizedExpression(e) ||
    ts.isAsExpression(e) ||
    ts.isSatisfiesExpression(e) ||
    ts.isNonNullExpression(e) ||
    ts.isTypeAssertionExpression(e)
  )
    e = e.expression;
  return e;
}

/** `process.env.NAME` or `process.env['NAME']`: the variable's name. */
function envName(expr: ts.Expression): string | undefined {
  const e = unwrap(expr);
  const isProcessEnv = (o: ts.Expression) =>
    ts.isPropertyAccessExpression(o) &&
    o.name.text === 'env' &&
    ts.isIdentifier(o.expression) &&
    o.expression.text === 'process';
  if (ts.isPropertyAccessExpression(e) && isProcessEnv(e.expression)) return e.name.text;
  if (
    ts.isElementAccessExpression(e) &&
    isProcessEnv(e.expression) &&
    ts.isStringLiteral(e.argumentExpression)
  )
    return e.argumentExpression.text;
  return undefined;
}

const ENV_NAME = /^[A-Z][A-Z0-9_]*$/;

const ARITHMETIC: Partial<Record<ts.SyntaxKind, (a: number, b: number) => number>> = {
  [ts.SyntaxKind.PlusToken]: (a, b) => a + b,
  [ts.SyntaxKind.MinusToken]: (a, b) => a - b,
  [ts.SyntaxKind.AsteriskToken]: (a, b) => a * b,
  [ts.SyntaxKind.SlashToken]: (a, b) => a / b,
  [ts.SyntaxKind.AsteriskAsteriskToken]: (a, b) => a ** b,
};

function binary(e: ts.BinaryExpression, known: Known): Constant | undefined {
  const op = e.operatorToken.kind;
  if (op === ts.SyntaxKind.QuestionQuestionToken) {
    const env = envName(e.left);
    const fallback = env && evaluate(e.right, known);
    return fallback ? { value: fallback.value, env } : undefined;
  }
  const left = evaluate(e.left, known)?.value;
  const right = evaluate(e.right, known)?.value;
  if (op === ts.SyntaxKind.PlusToken && (typeof left === 'string' || typeof right === 'string'))
    return isScalar(left) && isScalar(right) ? { value: `${left}${right}` } : undefined;
  const apply = ARITHMETIC[op];
  return apply && typeof left === 'number' && typeof right === 'number'
    ? { value: apply(left, right) }
    : undefined;
}

const isScalar = (v: Value | undefined): v is string | number | boolean =>
  typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean';

/**
 * `Number(…)` and `String(…)` of a constant, and the scripts' readers of a setting, `seconds('NAME', 120)` or
 * `whole('NAME', 3, 1, 16)`: a call whose first argument names an environment variable and whose second is
 * the value without it.
 */
function call(e: ts.CallExpression, known: Known): Constant | undefined {
  if (!ts.isIdentifier(e.expression)) return undefined;
  const [first, second] = e.arguments;
  const callee = e.expression.text;
  if ((callee === 'Number' || callee === 'String') && first && e.arguments.length === 1) {
    const inner = evaluate(first, known);
    if (!inner || !isScalar(inner.value)) return undefined;
    const value = callee === 'Number' ? Number(inner.value) : String(inner.value);
    return inner.env ? { value, env: inner.env } : { value };
  }
  if (!first || !second || !ts.isStringLiteral(first) || !ENV_NAME.test(first.text)) return undefined;
  const fallback = evaluate(second, known);
  return fallback ? { value: fallback.value, env: first.text } : undefined;
}

function template(e: ts.TemplateExpression, known: Known): Constant | undefined {
  let text = e.head.text;
  for (const span of e.templateSpans) {
    const part = evaluate(span.expression, known)?.value;
    if (!isScalar(part)) return undefined;
    text += `${part}${span.literal.text}`;
  }
  return { value: text };
}

function array(e: ts.ArrayLiteralExpression, known: Known): Constant | undefined {
  const values: Value[] = [];
  for (const element of e.elements) {
    const item = ts.isSpreadElement(element) ? undefined : evaluate(element, known);
    if (!item) return undefined;
    values.push(item.value);
  }
  return { value: values };
}

function object(e: ts.ObjectLiteralExpression, known: Known): Constant | undefined {
  const value: { [key: string]: Value } = {};
  for (const p of e.properties) {
    if (ts.isShorthandPropertyAssignment(p)) {
      const item = known.get(p.name.text);
      if (!item) return undefined;
      value[p.name.text] = item.value;
      continue;
    }
    if (!ts.isPropertyAssignment(p)) return undefined;
    const key =
      ts.isIdentifier(p.name) || ts.isStringLiteral(p.name) || ts.isNumericLiteral(p.name)
        ? p.name.text
        : undefined;
    const item = key === undefined ? undefined : evaluate(p.initializer, known);
    if (key === undefined || !item) return undefined;
    value[key] = item.value;
  }
  return { value };
}

/**
 * The value of a constant expression: literals, templates, arithmetic, arrays and objects of them, names of
 * constants already read, `process.env.NAME ?? default` and the calls above. Anything else is not a constant
 * here (undefined).
 */
export function evaluate(expr: ts.Expression, known: Known): Constant | undefined {
  const e = unwrap(expr);
  if (ts.isStringLiteral(e) || ts.isNoSubstitutionTemplateLiteral(e)) return { value: e.text };
  if (ts.isNumericLiteral(e)) return { value: Number(e.text) };
  if (e.kind === ts.SyntaxKind.TrueKeyword) return { value: true };
  if (e.kind === ts.SyntaxKind.FalseKeyword) return { value: false };
  if (e.kind === ts.SyntaxKind.NullKeyword) return { value: null };
  if (ts.isPrefixUnaryExpression(e) && e.operator === ts.SyntaxKind.MinusToken) {
    const operand = evaluate(e.operand, known)?.value;
    return typeof operand === 'number' ? { value: -operand } : undefined;
  }
  if (ts.isIdentifier(e)) {
    const constant = known.get(e.text);
    return constant && { value: constant.value };
  }
  if (ts.isTemplateExpression(e)) return template(e, known);
  if (ts.isBinaryExpression(e)) return binary(e, known);
  if (ts.isCallExpression(e)) return call(e, known);
  if (ts.isArrayLiteralExpression(e)) return array(e, known);
  if (ts.isObjectLiteralExpression(e)) return object(e, known);
  return undefined;
}

const isExported = (node: ts.Node) =>
  ts.canHaveModifiers(node) &&
  (ts.getModifiers(node) ?? []).some((m) => m.kind === ts.SyntaxKind.ExportKeyword);

export interface Declared {
  name: string;
  /** Undefined when the initializer is not a constant expression. */
  constant?: Constant;
  exported: boolean;
}

/** A file's top-level `const NAME = …` declarations, in order; each constant read becomes known to the next. */
export function topLevelConstants(file: ts.SourceFile, known: Map<string, Constant>): Declared[] {
  const declared: Declared[] = [];
  for (const node of file.statements) {
    if (!ts.isVariableStatement(node) || !(node.declarationList.flags & ts.NodeFlags.Const)) continue;
    for (const d of node.declarationList.declarations) {
      if (!ts.isIdentifier(d.name) || !d.initializer) continue;
      const constant = evaluate(d.initializer, known);
      if (constant) known.set(d.name.text, constant);
      declared.push({ name: d.name.text, exported: isExported(node), ...(constant ? { constant } : {}) });
    }
  }
  return declared;
}

/** Constants a module imports from a sibling already read (`import { SLUG } from './lab.mts'`). */
function importedConstants(
  file: ts.SourceFile,
  read: Map<string, Map<string, Constant>>,
): Map<string, Constant> {
  const known = new Map<string, Constant>();
  for (const node of file.statements) {
    if (!ts.isImportDeclaration(node) || !ts.isStringLiteral(node.moduleSpecifier)) continue;
    const from = read.get(node.moduleSpecifier.text.replace(/^\.\//, ''));
    const bindings = node.importClause?.namedBindings;
    if (!from || !bindings || !ts.isNamedImports(bindings)) continue;
    for (const e of bindings.elements) {
      const constant = from.get((e.propertyName ?? e.name).text);
      if (constant) known.set(e.name.text, constant);
    }
  }
  return known;
}

export interface ScriptConstant {
  file: string;
  constant?: Constant;
}

/** What a lab's scripts export as `const`: lab.mts first (the others import from it), then by file name. */
export function scriptConstants(slug: string): Map<string, ScriptConstant> {
  const dir = join(SCRIPTS_DIR, slug);
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.mts'))
    .sort((a, b) => Number(b === 'lab.mts') - Number(a === 'lab.mts') || a.localeCompare(b));
  const read = new Map<string, Map<string, Constant>>();
  const exported = new Map<string, ScriptConstant>();
  for (const name of files) {
    const file = parse(name, readFileSync(join(dir, name), 'utf8'));
    const known = importedConstants(file, read);
    for (const d of topLevelConstants(file, known))
      if (d.exported && !exported.has(d.name))
        exported.set(d.name, { file: name, ...(d.constant ? { constant: d.constant } : {}) });
    read.set(name, known);
  }
  return exported;
}

export interface NotebookConstant {
  /** 1-based, as Jupyter and the other notebook tests count cells. */
  cell: number;
  constant?: Constant;
}

/** The top-level constants of a notebook's code cells, in cell order; the first declaration of a name counts. */
export function notebookConstants(slug: string): Map<string, NotebookConstant> {
  const notebook = readNotebook(join(NOTEBOOK_DIR, `${slug}.ipynb`));
  const known = new Map<string, Constant>();
  const constants = new Map<string, NotebookConstant>();
  notebook.cells.forEach((cell, index) => {
    if (cell.cell_type !== 'code') return;
    for (const d of topLevelConstants(parse(`cell-${index + 1}.ts`, cellSource(cell)), known))
      if (!constants.has(d.name))
        constants.set(d.name, { cell: index + 1, ...(d.constant ? { constant: d.constant } : {}) });
  });
  return constants;
}

/** The notebooks call the lab's slug LAB_SLUG, its scripts SLUG: the same constant under two names. */
export const SCRIPT_NAME_OF: Readonly<Record<string, string>> = { LAB_SLUG: 'SLUG' };

export interface Pair {
  /** The notebook's name (the scripts' may differ, see SCRIPT_NAME_OF). */
  name: string;
  cell: number;
  file: string;
  notebook?: Constant;
  script?: Constant;
}

/** The constants a lab's notebook declares under a name its scripts export. */
export function sharedConstants(slug: string): Pair[] {
  const scripts = scriptConstants(slug);
  const pairs: Pair[] = [];
  for (const [name, { cell, constant }] of notebookConstants(slug)) {
    const script = scripts.get(SCRIPT_NAME_OF[name] ?? name);
    if (!script) continue;
    pairs.push({
      name,
      cell,
      file: script.file,
      ...(constant ? { notebook: constant } : {}),
      ...(script.constant ? { script: script.constant } : {}),
    });
  }
  return pairs;
}

/**
 * Deep equality, where scalars compare as text: the constants are the blog's shell variables, which have no
 * type, and a cell writes `51512` where the SDK wants a number while a script keeps the variable's `'51512'`.
 */
export function sameValue(a: Value, b: Value): boolean {
  if (Array.isArray(a) || Array.isArray(b))
    return (
      Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((v, i) => sameValue(v, b[i]!))
    );
  if (a !== null && b !== null && typeof a === 'object' && typeof b === 'object') {
    const keys = Object.keys(a);
    return (
      isDeepStrictEqual(keys.sort(), Object.keys(b).sort()) && keys.every((k) => sameValue(a[k]!, b[k]!))
    );
  }
  if (typeof a === 'object' || typeof b === 'object') return a === b;
  return String(a) === String(b);
}

const show = (c: Constant) => `${JSON.stringify(c.value)}${c.env ? ` (${c.env})` : ''}`;

/**
 * How a pair read on both sides disagrees: another value, or another environment variable when both read
 * one. Undefined when they agree.
 */
export function disagreement(slug: string, p: Pair): string | undefined {
  if (!p.notebook || !p.script) return undefined;
  const equal = sameValue(p.notebook.value, p.script.value);
  const sameEnv = !p.notebook.env || !p.script.env || p.notebook.env === p.script.env;
  if (equal && sameEnv) return undefined;
  return `cell ${p.cell}: ${p.name} = ${show(p.notebook)}, but scripts/${slug}/${p.file} has ${show(p.script)}`;
}
