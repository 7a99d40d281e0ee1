/**
 * Masks secrets the way the blog masked its transcripts: the first three characters stay, the rest become X,
 * so a reader can still tell two keys apart without learning either.
 */
export function maskSecret(secret: string, keep = 3): string {
  if (secret.length <= keep) return 'X'.repeat(secret.length);
  return secret.slice(0, keep) + 'X'.repeat(secret.length - keep);
}

/** Replaces every occurrence of each secret in `text` by its mask. */
export function maskSecrets(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) {
    if (secret) out = out.split(secret).join(maskSecret(secret));
  }
  return out;
}
