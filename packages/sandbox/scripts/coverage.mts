// Writes packages/sandbox/COVERAGE.md: per service, the operations implemented vs the model's operations.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { coverage, coverageMarkdown } from '../src/coverage.ts';

const rows = await coverage();
const target = join(import.meta.dirname, '..', 'COVERAGE.md');
writeFileSync(target, coverageMarkdown(rows));
for (const r of rows)
  console.log(`${r.service.padEnd(15)} ${String(r.implemented.length).padStart(4)} / ${r.modelTotal}`);
console.log(`wrote ${target}`);
