// A file a lab ships beside its scripts (Lab 05's template.yaml). In a checkout it is read from
// scripts/NN-slug/; a CloudShell bundle is one file with nothing beside it, so its main module hands over the
// contents the bundler embedded (globalThis.__handsonLabFiles, keyed `NN-slug/name`) before any step loads.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

declare global {
  var __handsonLabFiles: Record<string, string> | undefined;
}

/** The contents of `scripts/<slug>/<name>`, from the bundle when running as one, else from disk. */
export function labFile(slug: string, name: string): string {
  const embedded = globalThis.__handsonLabFiles;
  if (embedded) {
    const text = embedded[`${slug}/${name}`];
    if (text === undefined) throw new Error(`${slug}/${name} is not inside this bundle`);
    return text;
  }
  const path = join(dirname(fileURLToPath(import.meta.url)), '..', slug, name);
  if (!existsSync(path)) throw new Error(`${path} not found: the lab's files belong beside its scripts`);
  return readFileSync(path, 'utf8');
}
