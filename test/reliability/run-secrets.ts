import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { readSavedState } from '../../packages/sandbox/src/core/state.ts';

/**
 * The secrets a lab run was given: secret access keys and session tokens from the sandbox's saved state,
 * private keys and passwords from the files the lab wrote. What must never be printed.
 */
export function issuedSecrets(dataDir: string, workDir: string): string[] {
  const found = new Set<string>();
  if (existsSync(join(dataDir, 'state.json')) || existsSync(join(dataDir, 'journal.log'))) {
    // Snapshot and journal read as one document, walked key by key.
    JSON.parse(JSON.stringify(readSavedState(dataDir)), (key, value) => {
      if (
        typeof value === 'string' &&
        value.length >= 16 &&
        /^(SecretAccessKey|SessionToken|KeyMaterial|PrivateKey)$/.test(key)
      )
        found.add(value);
      return value;
    });
  }
  for (const file of filesUnder(workDir)) {
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(
      /-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?-----END [A-Z ]*PRIVATE KEY-----/g,
    )) {
      // A key's body lines: any one of them printed is a leak.
      for (const line of m[0].split('\n').slice(1, -1)) if (line.length >= 40) found.add(line);
    }
    for (const m of text.matchAll(/"?[A-Za-z_]*(?:PASSWORD|Password|password)"?\s*[:=]\s*"?([^"\s,}]{8,})/g))
      found.add(m[1]!);
    for (const m of text.matchAll(/aws_secret_access_key\s*=\s*(\S{40})/g)) found.add(m[1]!);
  }
  return [...found];
}

export function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...filesUnder(path));
    else if (entry.isFile()) out.push(path);
  }
  return out;
}

/** Files holding any of the secrets that others on the machine could read. */
export function readableByOthers(workDir: string, secrets: string[]): string[] {
  return filesUnder(workDir)
    .filter((file) => {
      const text = readFileSync(file, 'utf8');
      return secrets.some((s) => text.includes(s)) || /PRIVATE KEY-----/.test(text);
    })
    .filter((file) => (statSync(file).mode & 0o077) !== 0)
    .map((file) => `${file.slice(workDir.length)} ${(statSync(file).mode & 0o777).toString(8)}`);
}
