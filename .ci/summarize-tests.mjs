// Sums the per-package vitest summaries in a test log into one closing line: "tests: N passed, N failed, N skipped".
import { readFileSync } from 'node:fs';

const log = readFileSync(process.argv[2], 'utf8').replace(/\x1b\[[0-9;]*m/g, '');
const totals = { passed: 0, failed: 0, skipped: 0 };
let suites = 0;
for (const line of log.split('\n')) {
  const m = line.match(/^(?:\S+:test:\s+)?\s*Tests\s+(.*)\(\d+\)\s*$/);
  if (!m) continue;
  suites++;
  for (const part of m[1].split('|')) {
    const n = part.trim().match(/^(\d+) (passed|failed|skipped|todo)/);
    if (n) totals[n[2] === 'todo' ? 'skipped' : n[2]] += Number(n[1]);
  }
}
console.log(`(${suites} test runs summed)`);
console.log(`tests: ${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
