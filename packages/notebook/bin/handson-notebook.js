#!/usr/bin/env node
// The CLI runs from the CommonJS build, like the notebooks' own imports; `npm run build` (or npm ci) makes it.
const { existsSync } = require('node:fs');
const { join } = require('node:path');
const cli = join(__dirname, '..', 'dist', 'cli.js');
if (!existsSync(cli)) {
  console.error('@handson/notebook is not built yet: run `npm run build` at the project root.');
  process.exit(1);
}
// Cells run in this process may leave sockets or timers open (a sandbox, SDK clients); the command is done when
// main resolves, so exit with its status instead of waiting for them.
require(cli)
  .main(process.argv)
  .then(() => process.exit(process.exitCode ?? 0));
