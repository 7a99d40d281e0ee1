/*
 * What a CloudTrail record keeps of a request and its answer. AWS never writes secrets into event history:
 * passwords and secret keys are left out, EC2 user data and private keys become a marker. The record's keys
 * are the model's member names with a lower-case first letter (`UserName` → `userName`), as CloudTrail
 * writes IAM's; other services' records on AWS have shapes of their own (EC2's `instancesSet`), which the
 * sandbox does not imitate.
 */

/** Members dropped from a record altogether. */
const DROPPED = new Set([
  'Password',
  'OldPassword',
  'NewPassword',
  'SecretAccessKey',
  'SessionToken',
  'PrivateKey',
  'KeyMaterial',
  'CertificateBody',
  'SAMLAssertion',
  'WebIdentityToken',
]);

/** Members kept as a marker that something was sent, without its content. */
const MASKED = new Set(['UserData', 'PublicKeyMaterial', 'TemplateBody', 'MessageBody', 'Body']);
export const SENSITIVE_MARKER = '<sensitiveDataRemoved>';

/** A record's largest answer; longer ones are left out (`null`), as the record is meant to stay small. */
const MAX_RESPONSE_CHARS = 16_384;

export function recordParameters(input: Record<string, unknown>): Record<string, unknown> | null {
  const out = camel(input) as Record<string, unknown>;
  return Object.keys(out).length ? out : null;
}

export function recordResponse(output: unknown): Record<string, unknown> | null {
  if (!output || typeof output !== 'object') return null;
  const out = camel(output) as Record<string, unknown>;
  if (!Object.keys(out).length) return null;
  return JSON.stringify(out).length > MAX_RESPONSE_CHARS ? null : out;
}

function camel(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString().replace(/\.\d{3}Z$/, 'Z');
  if (Buffer.isBuffer(value) || value instanceof Uint8Array) return SENSITIVE_MARKER;
  if (Array.isArray(value)) return value.map(camel);
  if (!value || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    if (v === undefined || DROPPED.has(key)) continue;
    const name = key.charAt(0).toLowerCase() + key.slice(1);
    out[name] = MASKED.has(key) ? SENSITIVE_MARKER : camel(v);
  }
  return out;
}
