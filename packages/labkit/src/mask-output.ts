/** Members whose values are secrets: masked in printed output unless the learner asks to see them. */
const SECRET_MEMBERS = new Set(['SecretAccessKey', 'Password', 'KeyMaterial', 'SessionToken', 'PrivateKey']);

/** Keeps the first three characters, as the blog masked its keys by hand (`GwhXXXXXXXX`). */
function mask(value: string): string {
  if (value.includes('PRIVATE KEY')) return '-----BEGIN PRIVATE KEY-----(masked)-----END PRIVATE KEY-----';
  return value.length <= 3 ? 'X'.repeat(value.length) : value.slice(0, 3) + 'X'.repeat(value.length - 3);
}

/** A copy of an SDK output with every secret member masked (Dates and other objects kept as they are). */
export function maskSecretMembers<T>(value: T): T {
  if (Array.isArray(value)) return value.map(maskSecretMembers) as T;
  if (value && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    const out: Record<string, unknown> = {};
    for (const [key, v] of Object.entries(value as Record<string, unknown>)) {
      out[key] = SECRET_MEMBERS.has(key) && typeof v === 'string' ? mask(v) : maskSecretMembers(v);
    }
    return out as T;
  }
  return value;
}
