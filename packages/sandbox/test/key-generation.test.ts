import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

/*
 * Node 20 can freeze a process for good when a KeyObject that generateKeyPair(Sync) returned is exported to
 * JWK and the garbage collector frees the generation job at that moment: the job's destructor takes the lock
 * the export holds (see src/services/ec2/key-pairs.ts). A call that asks for both keys encoded gets no such
 * KeyObject, so every call in the project's tracked sources must name both encodings. Timing-dependent, so a
 * run cannot show it reliably: this reads the calls instead.
 */
const ROOT = resolve(__dirname, '..', '..', '..');
const CALL = /\bgenerateKeyPair(?:Sync)?\(/g;

/** The text between a call's parentheses (the sources are ours: no parenthesis inside a string here). */
function argumentsOf(text: string, open: number): string {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    if (text[i] === '(') depth++;
    if (text[i] === ')' && --depth === 0) return text.slice(open + 1, i);
  }
  return text.slice(open + 1);
}

/** Every generateKeyPair call in the tracked sources that leaves a key as a KeyObject, as `file: call`. */
function unencodedKeyGeneration(files: { path: string; text: string }[]): string[] {
  const found: string[] = [];
  for (const { path, text } of files) {
    for (const match of text.matchAll(CALL)) {
      const args = argumentsOf(text, match.index + match[0].length - 1);
      if (!args.includes('publicKeyEncoding') || !args.includes('privateKeyEncoding'))
        found.push(`${path}: ${match[0]}${args.replace(/\s+/g, ' ').slice(0, 80)})`);
    }
  }
  return found;
}

describe('key generation', () => {
  it('every generateKeyPair call in the project asks for both keys encoded', () => {
    const paths = execFileSync('git', ['ls-files', '*.ts', '*.mts', '*.js', '*.mjs'], {
      cwd: ROOT,
      encoding: 'utf8',
    })
      .split('\n')
      .filter((p) => p && !p.endsWith('key-generation.test.ts'));
    const files = paths.map((path) => ({ path, text: readFileSync(join(ROOT, path), 'utf8') }));
    // Not a vacuous pass: the sandbox's own key pairs are among the calls read.
    const keyPairs = files.find((f) => f.path === 'packages/sandbox/src/services/ec2/key-pairs.ts');
    expect(keyPairs?.text.match(CALL)?.length).toBe(2);
    expect(unencodedKeyGeneration(files)).toEqual([]);
  });

  it('names a call that returns a KeyObject, and passes one that encodes both keys', () => {
    const bad = "const { publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });";
    const half =
      "generateKeyPair('ed25519', { privateKeyEncoding: { type: 'pkcs8', format: 'der' } }, done);";
    const good =
      "generateKeyPairSync('rsa', { modulusLength: 2048, publicKeyEncoding: { type: 'spki', format: 'der' }, privateKeyEncoding: { type: 'pkcs8', format: 'der' } });";
    expect(
      unencodedKeyGeneration([
        { path: 'a.ts', text: bad },
        { path: 'b.ts', text: half },
        { path: 'c.ts', text: good },
      ]),
    ).toEqual([
      "a.ts: generateKeyPairSync('rsa', { modulusLength: 2048 })",
      "b.ts: generateKeyPair('ed25519', { privateKeyEncoding: { type: 'pkcs8', format: 'der' } }, done)",
    ]);
  });
});
