import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { cellSource, readNotebook } from '@handson/notebook';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

/*
 * A notebook calls its lab's helpers; it does not write them again. A second copy drifts (Lab 06's password
 * generator once shuffled one way in the notebook and another in the script). Each lab's notebook is read
 * against the names its scripts export and the names they import from the project's packages
 * (@handson/lab-helpers and the rest): a function defined in a code cell under one of those names fails.
 * Read with the TypeScript parser, so no kernel runs.
 */
const ROOT = join(__dirname, '..', '..');
const NOTEBOOK_DIR = join(ROOT, 'notebooks');
const SCRIPTS_DIR = join(ROOT, 'scripts');

function parse(name: string, text: string): ts.SourceFile {
  return ts.createSourceFile(name, text, ts.ScriptTarget.Latest, false, ts.ScriptKind.TS);
}

const isExported = (node: ts.Node) =>
  ts.canHaveModifiers(node) &&
  (ts.getModifiers(node) ?? []).some((m) => m.kind === ts.SyntaxKind.ExportKeyword);

/** Names a script module exports (declarations and `export { … }` lists, re-exports included). */
function exportedNames(file: ts.SourceFile): string[] {
  const names: string[] = [];
  for (const node of file.statements) {
    if ((ts.isFunctionDeclaration(node) || ts.isClassDeclaration(node)) && node.name && isExported(node))
      names.push(node.name.text);
    if (ts.isVariableStatement(node) && isExported(node))
      for (const d of node.declarationList.declarations) if (ts.isIdentifier(d.name)) names.push(d.name.text);
    if (ts.isExportDeclaration(node) && node.exportClause && ts.isNamedExports(node.exportClause))
      for (const e of node.exportClause.elements) names.push(e.name.text);
  }
  return names;
}

/** Values a script imports from the project's packages (`@handson/…`): helpers shared on purpose. */
function sharedImports(file: ts.SourceFile): string[] {
  const names: string[] = [];
  for (const node of file.statements) {
    if (!ts.isImportDeclaration(node) || !ts.isStringLiteral(node.moduleSpecifier)) continue;
    if (!node.moduleSpecifier.text.startsWith('@handson/')) continue;
    const bindings = node.importClause?.namedBindings;
    if (node.importClause?.isTypeOnly || !bindings || !ts.isNamedImports(bindings)) continue;
    for (const e of bindings.elements) if (!e.isTypeOnly) names.push(e.name.text);
  }
  return names;
}

/** Functions a cell defines at its top level: declarations and consts bound to a function or an arrow. */
function definedFunctions(file: ts.SourceFile): string[] {
  const names: string[] = [];
  for (const node of file.statements) {
    if (ts.isFunctionDeclaration(node) && node.name) names.push(node.name.text);
    if (!ts.isVariableStatement(node)) continue;
    for (const d of node.declarationList.declarations) {
      const init = d.initializer;
      if (ts.isIdentifier(d.name) && init && (ts.isArrowFunction(init) || ts.isFunctionExpression(init)))
        names.push(d.name.text);
    }
  }
  return names;
}

/** What a lab's scripts offer a notebook: each name with the script that exports or imports it. */
function labHelperNames(slug: string): Map<string, string> {
  const dir = join(SCRIPTS_DIR, slug);
  const names = new Map<string, string>();
  for (const name of readdirSync(dir)
    .filter((f) => f.endsWith('.mts'))
    .sort()) {
    const file = parse(name, readFileSync(join(dir, name), 'utf8'));
    for (const n of [...exportedNames(file), ...sharedImports(file)]) if (!names.has(n)) names.set(n, name);
  }
  return names;
}

function redefinitions(slug: string): string[] {
  const helpers = labHelperNames(slug);
  const notebook = readNotebook(join(NOTEBOOK_DIR, `${slug}.ipynb`));
  return notebook.cells.flatMap((cell, index) => {
    if (cell.cell_type !== 'code') return [];
    const defined = definedFunctions(parse(`cell-${index + 1}.ts`, cellSource(cell)));
    return defined
      .filter((name) => helpers.has(name))
      .map((name) => `cell ${index + 1} defines ${name}, which scripts/${slug}/${helpers.get(name)} has`);
  });
}

const labs = readdirSync(NOTEBOOK_DIR)
  .filter((name) => name.endsWith('.ipynb'))
  .map((name) => name.slice(0, -'.ipynb'.length))
  .filter((slug) => existsSync(join(SCRIPTS_DIR, slug)))
  .sort();

describe('notebooks import their lab helpers instead of defining them again', () => {
  it('finds every lab that has both a notebook and scripts', () => {
    expect(labs.length).toBeGreaterThanOrEqual(7);
  });

  it.each(labs)('%s', (slug) => {
    expect(redefinitions(slug)).toEqual([]);
  });

  it('catches a function declaration, an arrow and a function expression, and leaves other names alone', () => {
    const script = parse(
      'lab.mts',
      [
        "import { aws, type StepOptions } from '@handson/labkit';",
        "import { readFileSync } from 'node:fs';",
        "export { piped } from '@handson/lab-helpers/pipe';",
        'export function clockTime() {}',
        'export const echo = (text: string) => text;',
      ].join('\n'),
    );
    const offered = new Set([...exportedNames(script), ...sharedImports(script)]);
    expect([...offered].sort()).toEqual(['aws', 'clockTime', 'echo', 'piped']);
    const cell = parse(
      'cell.ts',
      [
        'function clockTime(d = new Date()) { return String(d); }',
        'const echo = (text: string) => console.log(text);',
        'const piped = async function () {};',
        'const readFileSync = 1;',
        'function printTable() {}',
        'await aws(command);',
      ].join('\n'),
    );
    expect(definedFunctions(cell).filter((n) => offered.has(n))).toEqual(['clockTime', 'echo', 'piped']);
  });
});
