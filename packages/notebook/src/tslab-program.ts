import { createRequire } from 'node:module';
import type ts from 'typescript';

/*
 * tslab's converter compiles every cell in a TypeScript watch program whose builder keeps a "builder state":
 * for every file the program holds (a notebook that imports an SDK client reaches about a thousand
 * declaration files), which files it references, worked out anew through the type checker each time a
 * program is made, twice per cell. tslab reads three things of that builder: the program, its source files
 * and each cell's dependencies. This file gives the watch program a builder that is the program alone, and
 * answers the dependencies by following the program's own resolved imports: the same answers (every
 * committed notebook converts to byte-identical code, declarations and diagnostics), for about a fifth
 * less CPU per notebook.
 *
 * No option of tslab's reaches its builder, and TypeScript's exports cannot be reassigned, so the hook is
 * the module cache: tslab's TypeScript is handed out as an object that is TypeScript with one function
 * changed. It must run before tslab's converter is first loaded (tslab-modules.ts calls it first).
 */

type TypeScript = typeof ts;
type BuilderProgram = ts.BuilderProgram;

/** TypeScript 5.0 internals tslab's TypeScript has and its public types do not name. */
interface Internals {
  getResolvedModule(
    file: ts.SourceFile,
    name: string,
    mode: ts.ResolutionMode,
  ): { resolvedFileName: string } | undefined;
  getModeForUsageLocation(file: ts.SourceFile, usage: ts.StringLiteralLike): ts.ResolutionMode;
  resolveTripleslashReference(moduleName: string, containingFile: string): string;
}
type SourceFileWithImports = ts.SourceFile & { imports?: readonly ts.StringLiteralLike[] };

/** The files `start` reaches through its imports and `/// <reference path>`s, itself first. */
function dependencies(
  typescript: TypeScript & Internals,
  program: ts.Program,
  start: ts.SourceFile,
): string[] {
  const seen = new Set([start.fileName]);
  const queue: SourceFileWithImports[] = [start];
  for (let file = queue.pop(); file; file = queue.pop()) {
    const found: string[] = [];
    for (const name of file.imports ?? []) {
      const mode = typescript.getModeForUsageLocation(file, name);
      const resolved = typescript.getResolvedModule(file, name.text, mode);
      if (resolved) found.push(resolved.resolvedFileName);
    }
    for (const ref of file.referencedFiles) {
      found.push(typescript.resolveTripleslashReference(ref.fileName, file.fileName));
    }
    for (const name of found) {
      const next = program.getSourceFile(name);
      if (next && !seen.has(next.fileName)) {
        seen.add(next.fileName);
        queue.push(next);
      }
    }
  }
  return [...seen];
}

/** `createProgram` for a watch host: a builder that is only its program, as tslab reads it. */
function leanBuilderFactory(typescript: TypeScript & Internals) {
  return (
    rootNames: readonly string[] | undefined,
    options: ts.CompilerOptions | undefined,
    host?: ts.CompilerHost,
    old?: BuilderProgram,
    configDiagnostics?: readonly ts.Diagnostic[],
    references?: readonly ts.ProjectReference[],
  ): BuilderProgram => {
    const builder = typescript.createAbstractBuilder(
      rootNames,
      options,
      host,
      old,
      configDiagnostics,
      references,
    );
    const program = builder.getProgram();
    // The builder state's checker bound every new file; tslab reads a cell's locals off the bound file.
    program.getTypeChecker();
    builder.getAllDependencies = (file) => dependencies(typescript, program, file);
    return builder;
  };
}

const installed = new Set<string>();

/** From now on, tslab's TypeScript (resolved from `tslabConverterPath`) builds its watch programs lean. */
export function installLeanTslabPrograms(tslabConverterPath: string): void {
  const require = createRequire(tslabConverterPath);
  const path = require.resolve('@tslab/typescript-for-tslab');
  if (installed.has(path)) return;
  const typescript = require(path) as TypeScript & Internals;
  const lean = leanBuilderFactory(typescript);
  const wrapped: Record<string, unknown> = {};
  for (const key of Object.keys(typescript)) {
    if (key === 'createWatchCompilerHost') continue;
    Object.defineProperty(wrapped, key, { enumerable: true, get: () => typescript[key as keyof TypeScript] });
  }
  const createWatchCompilerHost = typescript.createWatchCompilerHost as (...args: unknown[]) => unknown;
  wrapped.createWatchCompilerHost = (...args: unknown[]) => {
    // (rootFiles, options, system, createProgram, ...): tslab passes no createProgram of its own.
    if (args[3] == null) args[3] = lean;
    // A cell whose imports differ from the last one's makes TypeScript walk every file of the program again,
    // and for each import of each file that walk compares the file's name as found with its name as written,
    // two path normalisations an edge, to report names that differ only in case. Where file names are case
    // sensitive two such names are two different paths and the comparison cannot fail, so it is turned off
    // there: the same diagnostics, about a tenth less TypeScript time on Lab 06's notebook.
    if (typescript.sys.useCaseSensitiveFileNames) {
      args[1] = { ...(args[1] as ts.CompilerOptions), forceConsistentCasingInFileNames: false };
    }
    return createWatchCompilerHost(...args);
  };
  const cached = require.cache[path];
  if (!cached) throw new Error(`tslab's TypeScript was not loaded from ${path}`);
  cached.exports = wrapped;
  installed.add(path);
}
