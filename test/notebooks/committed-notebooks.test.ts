import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { checkNotebook, describeCheck, headlessJupyterAvailability } from '@handson/notebook';
import { describe, expect, it } from 'vitest';

// Every committed notebook is re-executed both ways and must reproduce its stored outputs (normalised).
const NOTEBOOKS_DIR = join(__dirname, '..', '..', 'notebooks');
const notebooks = readdirSync(NOTEBOOKS_DIR)
  .filter((name) => name.endsWith('.ipynb'))
  .sort();

const jupyter = headlessJupyterAvailability();
if (!jupyter.available) {
  console.warn(
    `Skipping the real-kernel (Jupyter) notebook tests: ${jupyter.reason}. Install: bash .ci/apt-packages.sh`,
  );
}

describe('committed notebooks, in-process (tslab executor)', () => {
  it('there is at least one notebook', () => {
    expect(notebooks.length).toBeGreaterThan(0);
  });
  for (const name of notebooks) {
    it(`${name} runs and matches its stored outputs`, async () => {
      const result = await checkNotebook(join(NOTEBOOKS_DIR, name), { runner: 'in-process' });
      expect(result.ok, describeCheck(result)).toBe(true);
    });
  }
});

describe.skipIf(!jupyter.available)('committed notebooks, through the real tslab Jupyter kernel', () => {
  for (const name of notebooks) {
    it(`${name} runs and matches its stored outputs`, async () => {
      const result = await checkNotebook(join(NOTEBOOKS_DIR, name), { runner: 'jupyter' });
      expect(result.ok, describeCheck(result)).toBe(true);
    });
  }
});
