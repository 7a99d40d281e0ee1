import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ROOT } from './paths';

/*
 * The CloudShell bundles (scripts/_lib/bundle.mjs): one file per lab, every lab with a manifest, built into a
 * temporary directory as `npm run bundle -w @handson/lab-scripts` builds them, and weighed.
 */
export interface BundleSize {
  slug: string;
  bytes: number;
  steps: number;
}

const GOAL_BYTES = 4_000_000;

export async function bundleSizes(): Promise<BundleSize[]> {
  const bundler = (await import(pathToFileURL(join(ROOT, 'scripts', '_lib', 'bundle.mjs')).href)) as {
    labFolders(root: string): Promise<{ dir: string; hasManifest: boolean }[]>;
    bundleLabs(dirs: string[], outdir: string): Promise<{ slug: string; bytes: number; steps: string[] }[]>;
  };
  const out = mkdtempSync(join(tmpdir(), 'handson-bench-bundles-'));
  try {
    const folders = await bundler.labFolders(join(ROOT, 'scripts'));
    const made = await bundler.bundleLabs(
      folders.filter((f) => f.hasManifest).map((f) => f.dir),
      out,
    );
    return made.map((m) => ({ slug: m.slug, bytes: m.bytes, steps: m.steps.length }));
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

const mb = (bytes: number) => `${(bytes / 1_000_000).toFixed(2)} MB`;

export function bundlesSection(sizes: BundleSize[]): string[] {
  return [
    '## CloudShell bundles: one file per lab',
    '',
    '`npm run bundle -w @handson/lab-scripts` (scripts/_lib/bundle.mjs): one file per lab, `node NN-slug.mjs <step>`,',
    'each step loaded only when asked for, fully minified (class names kept: @handson/aws and allPages read them),',
    "the lab's own files inside (Lab 05's template). MB of 1,000,000 bytes; goal: at most 4 MB per lab. Before",
    '(one bundle per script, at af0a6a8): 5–10 files of 3–4 MB per lab, 17.5–34.6 MB a lab in all.',
    '',
    '| lab | steps | size | goal ≤ 4 MB |',
    '| --- | --- | --- | --- |',
    ...sizes.map(
      (s) => `| ${s.slug} | ${s.steps} | ${mb(s.bytes)} | ${s.bytes <= GOAL_BYTES ? 'met' : 'missed'} |`,
    ),
    '',
    'Much of each file is SDK clients the lab may never call (@handson/aws can build any of its six, and `sweep`',
    'reaches them all); leaving them out needs @handson/aws to tell which clients a lab can reach.',
    '',
  ];
}
