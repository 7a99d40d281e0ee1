// Every lab, from its manifest, in order: what the labs runner, the bundler and the tests iterate over.
import { existsSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { LabManifest } from './manifest.mts';

export const SCRIPTS_DIR = join(dirname(fileURLToPath(import.meta.url)), '..');

/** The lab folders (`NN-slug`) that have a manifest. */
export function labSlugs(): string[] {
  return readdirSync(SCRIPTS_DIR)
    .filter((name) => /^\d\d-/.test(name) && existsSync(join(SCRIPTS_DIR, name, 'manifest.mts')))
    .sort();
}

export async function loadLab(slug: string): Promise<LabManifest> {
  const url = pathToFileURL(join(SCRIPTS_DIR, slug, 'manifest.mts')).href;
  return ((await import(url)) as { LAB: LabManifest }).LAB;
}

export async function loadLabs(): Promise<LabManifest[]> {
  return Promise.all(labSlugs().map(loadLab));
}

/** Each lab's blog post as the notebook package's post lengths take it (`postLengths` in @handson/notebook). */
export function blogPosts(
  labs: readonly LabManifest[],
): { slug: string; lines: readonly [number, number]; chars: number }[] {
  return labs.map((lab) => ({ slug: lab.slug, lines: lab.blog.lines, chars: lab.blog.chars }));
}
