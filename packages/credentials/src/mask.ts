import { maskSecret } from '@handson/cli';

/** Replaces every occurrence of each secret in `text` by its mask (maskSecret, as the blog masked). */
export function maskSecrets(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) {
    if (secret) out = out.split(secret).join(maskSecret(secret));
  }
  return out;
}
