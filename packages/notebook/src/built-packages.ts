import { existsSync, readFileSync } from 'node:fs';
import Module from 'node:module';
import { dirname, isAbsolute, join } from 'node:path';

/**
 * Makes cells load the project's packages from their CommonJS builds even in a process started with the
 * "@handson/source" condition (vitest adds it to its workers' --conditions, so Node's require would pick the
 * TypeScript sources, which it cannot load). A kernel has no such condition; with this, both runners load the
 * same files. Only resolutions that land on a .ts file of a package exporting "@handson/source" are redirected,
 * to that export's "default" target.
 */
type ResolveFilename = (request: string, parent: unknown, isMain: boolean, options?: unknown) => string;
const ModuleInternals = Module as unknown as { _resolveFilename: ResolveFilename };

interface Manifest {
  name?: string;
  exports?: Record<string, unknown>;
}

function packageOf(file: string): { dir: string; manifest: Manifest } | undefined {
  let dir = dirname(file);
  for (;;) {
    const path = join(dir, 'package.json');
    if (existsSync(path)) return { dir, manifest: JSON.parse(readFileSync(path, 'utf8')) as Manifest };
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

function builtTarget(request: string, resolved: string): string | undefined {
  if (!/\.[cm]?ts$/.test(resolved) || request.startsWith('.') || isAbsolute(request)) return undefined;
  const pkg = packageOf(resolved);
  if (!pkg?.manifest.name || !request.startsWith(pkg.manifest.name)) return undefined;
  const subpath = `.${request.slice(pkg.manifest.name.length)}`;
  const entry = pkg.manifest.exports?.[subpath];
  if (!entry || typeof entry !== 'object' || !('@handson/source' in entry)) return undefined;
  const target = (entry as Record<string, unknown>).default;
  if (typeof target !== 'string') return undefined;
  const file = join(pkg.dir, target);
  if (!existsSync(file)) {
    throw new Error(
      `${request} is not built (${file} is missing): run \`npm run build\` at the project root`,
    );
  }
  return file;
}

/** Installs the redirect; returns the function that removes it. */
export function preferBuiltPackages(): () => void {
  const original = ModuleInternals._resolveFilename;
  ModuleInternals._resolveFilename = function (this: unknown, request, parent, isMain, options) {
    const resolved = original.call(this, request, parent, isMain, options);
    return builtTarget(request, resolved) ?? resolved;
  };
  return () => {
    ModuleInternals._resolveFilename = original;
  };
}
