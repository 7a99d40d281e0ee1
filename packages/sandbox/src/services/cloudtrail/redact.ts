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

/**
 * The largest `requestParameters` and `responseElements` CloudTrail keeps: 100 KB each; larger contents
 * are omitted and the record says so with `"omitted": true` ("CloudTrail truncates a field if the field's
 * contents exceeds the maximum field size. If a field is truncated, omitted is present with a value of
 * true.", https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-event-reference-record-contents.html).
 */
export const MAX_FIELD_BYTES = 100 * 1024;
/** The field was over MAX_FIELD_BYTES. */
export const OMITTED = Symbol('omitted');

export function recordParameters(
  input: Record<string, unknown>,
): Record<string, unknown> | null | typeof OMITTED {
  return bounded(camel(input) as Record<string, unknown>);
}

export function recordResponse(output: unknown): Record<string, unknown> | null | typeof OMITTED {
  if (!output || typeof output !== 'object') return null;
  return bounded(camel(output) as Record<string, unknown>);
}

function bounded(out: Record<string, unknown>): Record<string, unknown> | null | typeof OMITTED {
  if (!Object.keys(out).length) return null;
  return Buffer.byteLength(JSON.stringify(out), 'utf8') > MAX_FIELD_BYTES ? OMITTED : out;
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
