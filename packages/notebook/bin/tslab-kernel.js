#!/usr/bin/env node
// tslab's Jupyter kernel (`tslab kernel ...`, same arguments), started so that
// - a package.json or module folder changing on disk while a notebook is open (`npm ci`, `npm run build`) no
//   longer breaks the next cell with "Unexpected pending rebuildTimer" (src/tslab-modules.ts, watchSourceFilesOnly);
// - a start never hangs on "Socket is blocked by a bind or unbind operation" until the client gives up
//   (src/kernel-sockets.ts, bindKernelSocketsSynchronously).
const { existsSync } = require('node:fs');
const { join } = require('node:path');
const dist = join(__dirname, '..', 'dist');
if (!existsSync(join(dist, 'tslab-modules.js')) || !existsSync(join(dist, 'kernel-sockets.js'))) {
  console.error('@handson/notebook is not built yet: run `npm run build` at the project root.');
  process.exit(1);
}
require(join(dist, 'tslab-modules.js')).watchSourceFilesOnly();
require(join(dist, 'kernel-sockets.js')).bindKernelSocketsSynchronously();
require(require.resolve('tslab/dist/main.js', { paths: [__dirname] })).main();
