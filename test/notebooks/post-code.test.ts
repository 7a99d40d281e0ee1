import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { cellSource, EXPORT_HIDE, hasTag } from '@handson/notebook';
import { startSandbox } from '@handson/sandbox';
import { awsCliAvailable, awsCliLine } from '@handson/test-support';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Decoded, recordingServices } from '../labs/cli-proof';
import { type ExportedPost, exportAll, fencedBlocks, NOTEBOOK_DIR, notebookSlugs, shownCode } from './posts';

/*
 * What a reader copies from a post works: its TypeScript type-checks against the project's packages, and its
 * `$ aws …` lines are commands the AWS CLI v2 accepts and sends as the operation they name.
 */
const slugs = notebookSlugs();
let exported: ReturnType<typeof exportAll>;
const post = (slug: string): ExportedPost => exported.posts.find((p) => p.slug === slug)!;

beforeAll(() => {
  // The charts' PNGs are the preview test's business.
  exported = exportAll({ png: false });
}, 120_000);
afterAll(() => exported?.remove());

interface Segment {
  label: string;
  startLine: number;
  text: string;
}

/**
 * The post's TypeScript blocks in order, with the code cells the post leaves out (export-hide,
 * export-output-only: the post names the notebook that holds them) in their places, so the blocks are checked
 * with the names the left-out setup defines. A block whose cell the post does not show would be an error.
 */
function programOf(p: ExportedPost): Segment[] {
  const blocks = fencedBlocks(p.markdown)
    .filter((b) => b.info === 'typescript')
    .map((b) => b.body);
  const segments: Segment[] = [];
  let shown = 0;
  p.notebook.cells.forEach((cell, index) => {
    if (cell.cell_type !== 'code') {
      // TypeScript examples in prose are not part of the program.
      if (!hasTag(cell, EXPORT_HIDE))
        shown += fencedBlocks(cellSource(cell)).filter((b) => b.info === 'typescript').length;
      return;
    }
    const source = cellSource(cell).replace(/\s+$/, '');
    if (!source) return;
    if (shownCode(cell))
      segments.push({
        label: `post block ${shown + 1} (cell ${index + 1})`,
        startLine: 0,
        text: blocks[shown++]!,
      });
    else segments.push({ label: `left-out cell ${index + 1}`, startLine: 0, text: source });
  });
  expect(shown, `${p.slug}: TypeScript blocks in the post`).toBe(blocks.length);
  return segments;
}

/**
 * A later cell may import a name an earlier one imported (tslab allows it); pasted into one file, the second
 * import of the same name from the same module is dropped. Anything else stays, so a real clash still fails.
 */
function withoutRepeatedImports(segments: Segment[]): Segment[] {
  const seen = new Set<string>();
  const printer = ts.createPrinter();
  return segments.map((segment) => {
    const file = ts.createSourceFile('cell.ts', segment.text, ts.ScriptTarget.ES2022, true);
    const edits: { start: number; end: number; text: string }[] = [];
    for (const statement of file.statements) {
      if (!ts.isImportDeclaration(statement) || !ts.isStringLiteral(statement.moduleSpecifier)) continue;
      const from = statement.moduleSpecifier.text;
      const clause = statement.importClause;
      if (!clause || clause.isTypeOnly) continue;
      const key = (kind: string, name: string, local: string) => `${from}\0${kind}\0${name}\0${local}`;
      const fresh = (k: string) => {
        if (seen.has(k)) return false;
        seen.add(k);
        return true;
      };
      const keepDefault = clause.name ? fresh(key('default', 'default', clause.name.text)) : false;
      let bindings = clause.namedBindings;
      if (bindings && ts.isNamespaceImport(bindings) && !fresh(key('*', '*', bindings.name.text)))
        bindings = undefined;
      else if (bindings && ts.isNamedImports(bindings)) {
        const kept = bindings.elements.filter((e) =>
          fresh(key(e.isTypeOnly ? 'type' : 'value', (e.propertyName ?? e.name).text, e.name.text)),
        );
        bindings = kept.length > 0 ? ts.factory.updateNamedImports(bindings, kept) : undefined;
      }
      if (keepDefault === !!clause.name && bindings === clause.namedBindings) continue;
      const text =
        !keepDefault && !bindings
          ? ''
          : printer.printNode(
              ts.EmitHint.Unspecified,
              ts.factory.updateImportDeclaration(
                statement,
                statement.modifiers,
                ts.factory.updateImportClause(clause, false, keepDefault ? clause.name : undefined, bindings),
                statement.moduleSpecifier,
                statement.attributes,
              ),
              file,
            );
      edits.push({ start: statement.getStart(file), end: statement.getEnd(), text });
    }
    let text = segment.text;
    for (const edit of edits.reverse()) text = text.slice(0, edit.start) + edit.text + text.slice(edit.end);
    return { ...segment, text };
  });
}

/** The options tslab compiles cells with (ES2022, Node-style resolution, not strict), checking only. */
const OPTIONS: ts.CompilerOptions = {
  module: ts.ModuleKind.ESNext,
  moduleResolution: ts.ModuleResolutionKind.Node10,
  target: ts.ScriptTarget.ES2022,
  lib: ['lib.es2022.d.ts'],
  types: ['node'],
  esModuleInterop: true,
  resolveJsonModule: true,
  skipLibCheck: true,
  noEmit: true,
};

describe('TypeScript a reader copies', () => {
  it('every post type-checks against the project packages (the project TypeScript, not tslab)', () => {
    const files = new Map<string, { slug: string; segments: Segment[]; text: string }>();
    for (const slug of slugs) {
      let line = 0;
      const segments = withoutRepeatedImports(programOf(post(slug))).map((s) => {
        const placed = { ...s, startLine: line };
        line += s.text.split('\n').length + 1;
        return placed;
      });
      // Beside the notebooks, so the packages resolve from the project's node_modules as the cells' do.
      files.set(join(NOTEBOOK_DIR, `.post-${slug}.ts`), {
        slug,
        segments,
        text: `${segments.map((s) => s.text).join('\n\n')}\n`,
      });
    }
    const host = ts.createCompilerHost(OPTIONS);
    const { getSourceFile, fileExists, readFile } = host;
    host.getSourceFile = (name, language, ...rest) => {
      const virtual = files.get(name);
      return virtual
        ? ts.createSourceFile(name, virtual.text, language)
        : getSourceFile.call(host, name, language, ...rest);
    };
    host.fileExists = (name) => files.has(name) || fileExists.call(host, name);
    host.readFile = (name) => files.get(name)?.text ?? readFile.call(host, name);
    const program = ts.createProgram([...files.keys()], OPTIONS, host);
    const problems: string[] = [];
    for (const diagnostic of ts.getPreEmitDiagnostics(program)) {
      const virtual = diagnostic.file ? files.get(diagnostic.file.fileName) : undefined;
      const message = ts.flattenDiagnosticMessageText(diagnostic.messageText, ' ');
      if (!virtual || diagnostic.start === undefined) {
        problems.push(`${diagnostic.file?.fileName ?? 'options'}: ${message}`);
        continue;
      }
      const { line } = diagnostic.file!.getLineAndCharacterOfPosition(diagnostic.start);
      const segment = virtual.segments.filter((s) => s.startLine <= line).at(-1)!;
      problems.push(`${virtual.slug}, ${segment.label}, line ${line - segment.startLine + 1}: ${message}`);
    }
    expect(problems).toEqual([]);
    console.log(
      `${files.size} posts type-checked, ${[...files.values()].reduce((n, f) => n + f.segments.length, 0)} cells`,
    );
  }, 120_000);
});

/** The `$ aws …` lines of a post's output blocks, continuation lines joined as the shell joins them. */
export function awsLines(markdown: string): string[] {
  const lines: string[] = [];
  for (const block of fencedBlocks(markdown).filter((b) => b.info !== 'typescript')) {
    const text = block.body.split('\n');
    for (let i = 0; i < text.length; i++) {
      if (!text[i]!.startsWith('$ aws ')) continue;
      const command = [text[i]!.slice(2)];
      while (command.at(-1)!.endsWith('\\') && i + 1 < text.length) command.push(text[++i]!);
      lines.push(command.join('\n'));
    }
  }
  return lines;
}

/**
 * Lines that cannot run against a recording sandbox, and why: `aws configure` with no subcommand asks its
 * questions on the terminal; a waiter polls a resource the recording sandbox never holds.
 */
function unrunnable(line: string): boolean {
  return /^aws configure(?:\s+--profile\s+\S+)?\s*$/.test(line) || /^aws \S+ wait /.test(line);
}

/** What the reader pipes the answer into (`| sort`, `| column -t`) is the shell's part, not the CLI's. */
function withoutPipe(line: string): string {
  return line.replace(/\s*\\\n\s*\|[\s\S]*$/, '').replace(/\s+\|\s[^'"]*$/, '');
}

/**
 * One line per operation and set of options, as the CLI proof of the lab tests does: values do not change
 * parsing. A shape an earlier post already ran is not run again.
 */
const ranShapes = new Set<string>();
function distinctShapes(lines: string[]): string[] {
  const byShape = new Map<string, string>();
  for (const line of lines) {
    const [, service, operation] = /^aws (\S+) (\S+)/.exec(line)!;
    const shape = `${service} ${operation}${(line.match(/ --[a-z0-9-]+/g) ?? []).sort().join('')}`;
    if (!byShape.has(shape) && !ranShapes.has(shape)) byShape.set(shape, line);
  }
  for (const shape of byShape.keys()) ranShapes.add(shape);
  return [...byShape.values()];
}

const pascal = (kebab: string) => kebab.replace(/(?:^|-)([a-z0-9])/g, (_m, c: string) => c.toUpperCase());

/** The operation a line sends: its own name, except for the CLI's own commands. */
function operationOf(command: string): string | undefined {
  const [, service, operation, rest] = /^aws (\S+) (\S+)(.*)$/s.exec(command)!;
  if (service === 'configure') return undefined;
  if (service === 's3') return operation === 'ls' && !/s3:\/\//.test(rest!) ? 'ListBuckets' : undefined;
  return pascal(operation!);
}

/** The sandbox's services, named as the CLI's signatures name them. */
const SERVICES = [
  'iam',
  'sts',
  's3',
  'sqs',
  'ec2',
  'cloudformation',
  'cloudtrail',
  'dynamodb',
  'monitoring',
  'devops-guru',
];

describe.skipIf(!awsCliAvailable)('aws lines a reader copies', () => {
  const seen: Decoded[] = [];
  let recorder: Awaited<ReturnType<typeof startSandbox>>;
  let home: string;
  beforeAll(async () => {
    recorder = await startSandbox({ port: 0, discover: false, services: recordingServices(seen, SERVICES) });
    home = mkdtempSync(join(tmpdir(), 'post-cli-'));
  });
  afterAll(async () => {
    await recorder?.close();
    rmSync(home, { recursive: true, force: true });
  });

  /**
   * Runs one line as pasted into bash, with the endpoint first (a line may end in a shell comment). Shell
   * variables it names (`"$STACK_ID"`) stand for what the reader's terminal holds; files it reads under `~`
   * (the reader's checkout) exist, empty, in a scratch home.
   */
  async function runLine(command: string) {
    const variables = Object.fromEntries(
      [...command.matchAll(/\$\{?([A-Z_][A-Z0-9_]*)\}?/g)].map((m) => [
        m[1]!,
        `example-${m[1]!.toLowerCase()}`,
      ]),
    );
    for (const [, path] of command.matchAll(/file:\/\/~\/(\S+)/g)) {
      mkdirSync(dirname(join(home, path!)), { recursive: true });
      writeFileSync(join(home, path!), '');
    }
    seen.length = 0;
    return awsCliLine(command.replace(/^aws /, `aws --endpoint-url ${recorder.url} `), {
      // `s3api get-object` writes its last argument: in the scratch home, never in the checkout.
      cwd: /\bs3api get-object\b/.test(command) ? home : NOTEBOOK_DIR,
      env: {
        PATH: process.env.PATH,
        HOME: home,
        AWS_ACCESS_KEY_ID: 'AKIAIOSFODNN7EXAMPLE',
        AWS_SECRET_ACCESS_KEY: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
        AWS_DEFAULT_REGION: 'ap-northeast-1',
        AWS_MAX_ATTEMPTS: '1',
        AWS_PAGER: '',
        ...variables,
      },
    });
  }

  it.each(slugs)(
    '%s: every `$ aws` line runs through /usr/bin/aws and sends the operation it names',
    async (slug) => {
      const lines = awsLines(post(slug).markdown);
      const runnable = distinctShapes(lines.filter((line) => !unrunnable(line)).map(withoutPipe));
      for (const command of runnable) {
        const run = await runLine(command);
        const operation = operationOf(command);
        if (operation === undefined) {
          expect(run.stderr, command).toBe('');
          expect(run.code, command).toBe(0);
          continue;
        }
        // The recording sandbox answers {}: what the CLI does with the answer (a --query on its arrays, `s3 ls`
        // reading Buckets) may fail after the request went out. The request, decoded by the sandbox, is the proof.
        expect(
          seen.map((d) => d.operation),
          `${command}\n${run.stderr}`,
        ).toContain(operation);
      }
      console.log(
        `${slug}: ${lines.length} aws lines; ${runnable.length} shapes not seen in an earlier post ran through the AWS CLI`,
      );
    },
    300_000,
  );
});
