#!/usr/bin/env -S node --conditions=@handson/source --import=tsx
// npm run bundle -w @handson/lab-scripts [-- NN …]
// Emits each lab with a manifest as one file, scripts/dist/NN-slug.mjs, that runs its steps with plain
// `node NN-slug.mjs <step>` after being copied anywhere (e.g. into AWS CloudShell), with no npm install.
// Runs under tsx: the step names come from each lab's manifest, which is TypeScript.
import { rm } from 'node:fs/promises';
import { basename, dirname, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundleLabs, labFolders } from './_lib/bundle.mjs';

const root = dirname(fileURLToPath(import.meta.url));
const outdir = resolve(root, 'dist');
// `npm run bundle -w …` runs here, in scripts/; print paths relative to where npm was called.
const callerDir = process.env.INIT_CWD ?? process.cwd();
// Decimal megabytes, as the 4 MB goal for one upload is stated.
const MB = 1_000_000;

/** The labs asked for: `04`, `04-sqs-standard-queue-order` or `scripts/04-…`; none means every lab. */
function selected(folders, args) {
  if (args.length === 0) return folders;
  return args.map((arg) => {
    const prefix = basename(arg.replace(/\/+$/, ''));
    const found = folders.filter((folder) => basename(folder.dir).startsWith(prefix));
    if (found.length !== 1) {
      console.error(
        `bundle: ${arg} names ${found.length === 0 ? 'no lab' : 'more than one lab'} in scripts/`,
      );
      process.exit(2);
    }
    return found[0];
  });
}

const args = process.argv.slice(2);
const folders = selected(await labFolders(root), args);
// Every lab: start from an empty dist/, so no file of an earlier layout (dist/NN-slug/<script>.mjs) stays.
if (args.length === 0) await rm(outdir, { recursive: true, force: true });
let failed = 0;
for (const { dir, hasManifest } of folders) {
  const shown = relative(callerDir, dir);
  if (!hasManifest) {
    console.log(`${shown}: skipped, no manifest.mts yet (its steps are read from it)`);
    continue;
  }
  // One lab per esbuild run: a lab that does not build leaves the others' files in place.
  try {
    const [made] = await bundleLabs([dir], outdir);
    console.log(
      `${relative(callerDir, made.outfile)}  ${(made.bytes / MB).toFixed(2)} MB, ${made.steps.length} steps`,
    );
  } catch (error) {
    failed++;
    console.error(`cannot bundle ${shown}: ${error.message}`);
  }
}
process.exit(failed > 0 ? 1 : 0);
