/*
 * Run in a process of its own by tslab-program.test.ts (the TypeScript tslab loads is changed process-wide, in
 * the module cache): converts the cells given as a JSON array in argv[3] as tslab's kernel does, in the current
 * directory, and prints one JSON line: every converter answer, and whether tslab's TypeScript was the changed one.
 *   convert-cells.ts lean|plain '["cell 1", "cell 2"]'
 */
import { createRequire } from 'node:module';

const [mode, cellsJson] = process.argv.slice(2) as ['lean' | 'plain', string];
const require = createRequire(__filename);
if (mode === 'lean') require('../../src/tslab-modules');
const converterPath = require.resolve('tslab/dist/converter');
const { createConverter } = require(converterPath) as typeof import('tslab/dist/converter');
const typescript = createRequire(converterPath)('@tslab/typescript-for-tslab') as object;
// The changed TypeScript has its own createWatchCompilerHost, a plain value; TypeScript's exports are getters.
const changed = 'value' in (Object.getOwnPropertyDescriptor(typescript, 'createWatchCompilerHost') ?? {});

const converter = createConverter({ isJS: false, isBrowser: false });
const answers: unknown[] = [];
let prevDecl = '';
for (const source of JSON.parse(cellsJson) as string[]) {
  const out = converter.convert(prevDecl, source);
  answers.push(out);
  if (out.diagnostics.length === 0) prevDecl = out.declOutput ?? '';
}
converter.close();
console.log(JSON.stringify({ changed, answers }));
