#!/usr/bin/env node
// tslab's Jupyter kernel (`tslab kernel ...`, same arguments), started so that a package.json or module folder
// changing on disk while a notebook is open (`npm ci`, `npm run build`) no longer breaks the next cell with
// "Unexpected pending rebuildTimer": why and what changes, in src/tslab-modules.ts (watchSourceFilesOnly).
const { existsSync } = require('node:fs');
const { join } = require('node:path');
const built = join(__dirname, '..', 'dist', 'tslab-modules.js');
if (!existsSync(built)) {
  console.error('@handson/notebook is not built yet: run `npm run build` at the project root.');
  process.exit(1);
}
require(built).watchSourceFilesOnly();
require(require.resolve('tslab/dist/main.js', { paths: [__dirname] })).main();
