#!/usr/bin/env node
// The CLI runs from the CommonJS build, like the notebooks' own imports; `npm run build` (or npm ci) makes it.
const { existsSync } = require('node:fs');
const { join } = require('node:path');
const cli = join(__dirname, '..', 'dist', 'cli.js');
if (!existsSync(cli)) {
  console.error('@handson/notebook is not built yet: run `npm run build` at the project root.');
  process.exit(1);
}
require(cli).main(process.argv);
