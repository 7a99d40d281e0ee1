#!/usr/bin/env node
// npm run bundle -w @handson/lab-scripts [-- scripts/NN-slug/name.mts …]
// Emits every lab script as one file, scripts/dist/NN-slug/<name>.mjs, that runs with plain `node` after
// being copied anywhere (e.g. into AWS CloudShell), with no npm install.
import { dirname, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundleScript, labScripts, outputFor } from './_lib/bundle.mjs';

const root = dirname(fileURLToPath(import.meta.url));
const outdir = resolve(root, 'dist');
// `npm run bundle -w …` runs here, in scripts/; paths on the command line are relative to where npm was called.
const callerDir = process.env.INIT_CWD ?? process.cwd();
const requested = process.argv.slice(2).map((file) => resolve(callerDir, file));
const entries = requested.length > 0 ? requested : await labScripts(root);

if (entries.length === 0) {
  console.log('No lab scripts yet (scripts/NN-slug/*.mts): nothing to bundle.');
  process.exit(0);
}
let failed = 0;
for (const entry of entries) {
  try {
    const { outfile, bytes } = await bundleScript(entry, outputFor(root, entry, outdir));
    console.log(`${relative(callerDir, outfile)}  ${(bytes / 1024 / 1024).toFixed(1)} MB`);
  } catch (error) {
    failed++;
    console.error(`cannot bundle ${relative(callerDir, entry)}: ${error.message}`);
  }
}
process.exit(failed > 0 ? 1 : 0);
