/**
 * Masks a secret the way the blog masked its transcripts: the first three characters stay, the rest become X
 * (`GwhXXXXXXXX`), so a reader can still tell two keys apart without learning either. A private key (EC2's
 * KeyMaterial) is replaced whole: its first characters are the same for every key.
 */
export function maskSecret(value: string): string {
  if (value.includes('PRIVATE KEY')) return '-----BEGIN PRIVATE KEY-----(masked)-----END PRIVATE KEY-----';
  return value.length <= 3 ? 'X'.repeat(value.length) : value.slice(0, 3) + 'X'.repeat(value.length - 3);
}

/** `aws configure list`'s own mask for a key: sixteen stars, then the last four characters. */
export function maskConfigureListKey(value: string): string {
  return '*'.repeat(16) + value.slice(-4);
}
