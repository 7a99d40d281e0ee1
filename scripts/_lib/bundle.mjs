// Turns one lab script (.mts, run with tsx inside the repository) into one self-contained ES module that
// plain `node` runs anywhere: workspace packages from their TypeScript sources, zx and the AWS SDK inside.
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { basename, dirname, join, relative } from 'node:path';
import { build } from 'esbuild';

// ESM output still carries CommonJS dependencies (the SDK, our CommonJS packages) that call require() and
// read __filename/__dirname; give them module-local versions, as Node gives CommonJS files.
const PRELUDE = [
  "import { createRequire as __handsonCreateRequire } from 'node:module';",
  "import { fileURLToPath as __handsonFileURLToPath } from 'node:url';",
  "import { dirname as __handsonDirname } from 'node:path';",
  'const require = __handsonCreateRequire(import.meta.url);',
  'const __filename = __handsonFileURLToPath(import.meta.url);',
  'const __dirname = __handsonDirname(__filename);',
  // As _lib/report-errors.mts: a minified bundle's stack traces help nobody; our errors say what to do.
  "process.on('uncaughtException', (error) => { if (error && error.name === 'HandsonAwsError') console.error('error: ' + error.message); else console.error(error); process.exit(1); });",
].join('\n');

const SHEBANG = '#!/usr/bin/env node';

/**
 * Bundles `entry` to `outfile`. Returns the output path and its size in bytes.
 * @param {string} entry
 * @param {string} outfile
 */
export async function bundleScript(entry, outfile) {
  await mkdir(dirname(outfile), { recursive: true });
  const result = await build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'esm',
    // Workspace packages resolve to src/*.ts, so a bundle never depends on a stale dist/ build.
    conditions: ['@handson/source'],
    // Native addons (ssh2's optional sshcrypto/cpu-features) cannot be inlined; ssh2 loads them inside
    // try/catch and falls back to pure JavaScript when they are missing, as they are next to a bundle.
    external: ['*.node'],
    banner: { js: PRELUDE },
    minifyWhitespace: true,
    minifySyntax: true,
    keepNames: true,
    legalComments: 'eof',
    sourcemap: false,
    logLevel: 'warning',
    write: false,
  });
  const output = result.outputFiles.find((file) => file.path.endsWith('.mjs'));
  if (!output) throw new Error(`esbuild produced no .mjs for ${entry}`);
  // The entry's own hashbang (tsx) is wrong for the bundle: keep exactly one, for plain node.
  const text = output.text.replace(/^(#![^\n]*\n)+/, '');
  await writeFile(outfile, `${SHEBANG}\n${text}`);
  await chmod(outfile, 0o755);
  return { outfile, bytes: Buffer.byteLength(text) + SHEBANG.length + 1 };
}

/** Lab scripts: the runnable `NN-slug/*.mts` directly under `root` (tests and shared modules excluded). */
export async function labScripts(root) {
  const { readdir } = await import('node:fs/promises');
  const entries = [];
  for (const dir of (await readdir(root, { withFileTypes: true })).sort((a, b) =>
    a.name.localeCompare(b.name),
  )) {
    if (!dir.isDirectory() || !/^\d{2}-[a-z0-9-]+$/.test(dir.name)) continue;
    for (const file of (await readdir(join(root, dir.name))).sort()) {
      const path = join(root, dir.name, file);
      // Runnable scripts start with a hashbang; modules they share (e.g. lab.mts) are bundled into them.
      if (
        file.endsWith('.mts') &&
        !file.endsWith('.test.mts') &&
        (await readShebang(path)).startsWith('#!')
      ) {
        entries.push(path);
      }
    }
  }
  return entries;
}

/** `scripts/NN-slug/name.mts` → `<outdir>/NN-slug/name.mjs` */
export function outputFor(root, entry, outdir) {
  const rel = relative(root, entry);
  return join(outdir, dirname(rel), `${basename(rel, '.mts')}.mjs`);
}

export async function readShebang(file) {
  return (await readFile(file, 'utf8')).split('\n', 1)[0];
}
