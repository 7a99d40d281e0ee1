import { execFileSync } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Notebook } from './notebook-file';

/**
 * Where and when a notebook's stored outputs were produced, for the first lines of a post. A notebook that
 * records it (`metadata.handson.provenance`: target, seed, region) says so itself; otherwise the outputs tell:
 * the labs' first cell prints its target (`target: sandbox`, `接続先: aws`), and failing that a loopback
 * endpoint means the local sandbox (with its default seed, 0) and an AWS endpoint URL a real account, whose
 * region is named and whose account id the export masks. "When" is the commit that last stored the outputs.
 */
export interface Provenance {
  target: 'sandbox' | 'aws';
  sandboxVersion?: string;
  seed?: string;
  region?: string;
  ranAt?: string;
}

function sandboxVersion(root: string): string | undefined {
  try {
    return JSON.parse(readFileSync(join(root, 'packages/sandbox/package.json'), 'utf8')).version;
  } catch {
    return undefined;
  }
}

function storedAt(path: string): string | undefined {
  try {
    const out = execFileSync('git', ['log', '-1', '--format=%cI', '--', path], { encoding: 'utf8' }).trim();
    if (out) return out;
  } catch {
    // not in a git checkout: the file's own time
  }
  try {
    return statSync(path).mtime.toISOString();
  } catch {
    return undefined;
  }
}

const REGION = '[a-z]{2}(?:-[a-z]+)+-\\d';

export function provenanceOf(
  nb: Notebook,
  path: string | undefined,
  outputs: string,
  root: string,
): Provenance {
  const recorded = (nb.metadata as { handson?: { provenance?: Partial<Provenance> } }).handson?.provenance;
  const ranAt = path ? storedAt(path) : undefined;
  const said = /\b(?:target|接続先):\s*(sandbox|aws)\b/.exec(outputs)?.[1] as
    | Provenance['target']
    | undefined;
  const endpoint = new RegExp(`https://[a-z0-9-]+\\.(${REGION})\\.amazonaws\\.com`).exec(outputs);
  const loopback = /https?:\/\/(?:127\.0\.0\.1|localhost):\d+/.test(outputs);
  const target = recorded?.target ?? said ?? (loopback || !endpoint ? 'sandbox' : 'aws');
  if (target === 'sandbox')
    return { target, sandboxVersion: sandboxVersion(root), seed: '0', ranAt, ...recorded };
  const region = new RegExp(`\\bregion:\\s*(${REGION})`).exec(outputs)?.[1] ?? endpoint?.[1];
  return { target, region, ranAt, ...recorded };
}

/** The post's first line, in the blog's language. */
export function provenanceLine(p: Provenance): string {
  const when = p.ranAt ? `${p.ranAt.slice(0, 10)} に` : '';
  if (p.target === 'sandbox')
    return (
      `> 実行環境: ${when}ローカルの AWS サンドボックス (@handson/sandbox ${p.sandboxVersion ?? '?'}, seed ${p.seed ?? '0'}) で実行した出力です。` +
      '実際の AWS アカウントでは ID や時刻、URL が異なります。'
    );
  return `> 実行環境: ${when}${when ? ' ' : ''}AWS アカウント XXXXXXXXXXXX (リージョン ${p.region ?? '不明'}) で実行した出力です。`;
}
