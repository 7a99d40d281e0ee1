import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { labFile } from '../_lib/lab-file.mts';

const SCRIPTS = join(dirname(fileURLToPath(import.meta.url)), '..');
const SLUG = '05-vpc-peering-cloudformation';

afterEach(() => {
  globalThis.__handsonLabFiles = undefined;
});

describe('labFile', () => {
  it('reads a lab’s file from beside its scripts in a checkout', () => {
    expect(labFile(SLUG, 'template.yaml')).toBe(readFileSync(join(SCRIPTS, SLUG, 'template.yaml'), 'utf8'));
  });

  it('says which file is missing', () => {
    expect(() => labFile(SLUG, 'missing.yaml')).toThrow(
      `${join(SCRIPTS, SLUG, 'missing.yaml')} not found: the lab's files belong beside its scripts`,
    );
  });

  it('reads what a bundle embedded, and nothing from disk, when running as one', () => {
    globalThis.__handsonLabFiles = { [`${SLUG}/template.yaml`]: 'Resources: {}\n' };
    expect(labFile(SLUG, 'template.yaml')).toBe('Resources: {}\n');
    expect(() => labFile(SLUG, 'other.yaml')).toThrow(`${SLUG}/other.yaml is not inside this bundle`);
  });
});
