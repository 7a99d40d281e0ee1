import {
  chmodSync,
  closeSync,
  existsSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  statSync,
  writeSync,
} from 'node:fs';
import { dirname, join } from 'node:path';
import ini from 'ini';
import { CredentialsError } from './errors';

export interface ProfileKeys {
  aws_access_key_id: string;
  aws_secret_access_key: string;
  aws_session_token?: string;
}

export interface WriteCredentialsOptions {
  /** Replace the profile when the file already has it (default: refuse, so no key is lost by accident). */
  overwrite?: boolean;
}

/** Reads a credentials INI file; a missing file is an empty one. */
export function readCredentialsFile(path: string): Record<string, Record<string, string>> {
  if (!existsSync(path)) return {};
  return ini.parse(readFileSync(path, 'utf8')) as Record<string, Record<string, string>>;
}

/**
 * Writes one profile into a credentials file, keeping every other profile. Unlike the blog's `echo >` and `>>`,
 * the directory is created 0700 and the file written 0600 (owner only) through a temporary file and a rename,
 * so a crash never leaves half a file and no other user can read the secret.
 */
export function writeCredentialsProfile(
  path: string,
  profile: string,
  keys: ProfileKeys,
  options: WriteCredentialsOptions = {},
): void {
  if (!/^[\w+=,.@-]+$/.test(profile)) {
    throw new CredentialsError(
      `"${profile}" is not a usable profile name (letters, digits and _+=,.@- only).`,
    );
  }
  const dir = dirname(path);
  if (!existsSync(dir)) mkdirSync(dir, { recursive: true, mode: 0o700 });
  const existing = readCredentialsFile(path);
  if (existing[profile] && !options.overwrite) {
    throw new CredentialsError(
      `${path} already has a [${profile}] profile; pass overwrite: true (or delete the file) to replace it.`,
    );
  }
  existing[profile] = { ...keys } as unknown as Record<string, string>;
  // ini writes `key=value` without spaces, the form the blog's pipeline produces.
  writeFileAtomic(path, ini.stringify(existing));
}

function writeFileAtomic(path: string, text: string): void {
  const temp = join(dirname(path), `.${process.pid}.${Date.now()}.tmp`);
  const fd = openSync(temp, 'w', 0o600);
  try {
    writeSync(fd, text);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(temp, path);
  chmodSync(path, 0o600);
}

/** `-rw-------`-style mode string, for showing what `ls -l` would show. */
export function modeString(path: string): string {
  const st = statSync(path);
  const bits = st.mode & 0o777;
  const rwx = (n: number) => `${n & 4 ? 'r' : '-'}${n & 2 ? 'w' : '-'}${n & 1 ? 'x' : '-'}`;
  return (st.isDirectory() ? 'd' : '-') + rwx(bits >> 6) + rwx((bits >> 3) & 7) + rwx(bits & 7);
}
