import type { NormalizedSchema } from '@smithy/core/schema';
import { maskSecret } from '../mask';
import { isPlainObject, outputSchema, type SdkCommandLike } from './sdk-command';

/**
 * Secrets in what a call answered, masked before the lab prints it: the members the service model marks
 * `sensitive` (IAM's SecretAccessKey, EC2's KeyMaterial, STS's Credentials.SecretAccessKey), the same trait
 * that masks a secret on the command line. Models leave a few credentials unmarked; they are named here:
 * STS's Credentials.SessionToken (shape `tokenType`, no sensitive trait) lets anyone holding it act as the
 * session, as the secret key beside it does.
 * https://docs.aws.amazon.com/STS/latest/APIReference/API_Credentials.html
 */
const UNMARKED_SECRETS = new Set(['SessionToken']);

function mask(value: unknown, schema: NormalizedSchema | undefined, name: string | undefined): unknown {
  if (typeof value === 'string') {
    const secret = schema?.getMergedTraits().sensitive || (name !== undefined && UNMARKED_SECRETS.has(name));
    return secret ? maskSecret(value) : value;
  }
  if (Array.isArray(value)) {
    const element = schema?.isListSchema() ? schema.getValueSchema() : undefined;
    return value.map((v) => mask(v, element, undefined));
  }
  if (!isPlainObject(value)) return value;
  const members = schema?.isStructSchema() ? new Map(schema.structIterator()) : undefined;
  const mapValue = schema?.isMapSchema() ? schema.getValueSchema() : undefined;
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    out[key] = members ? mask(v, members.get(key), key) : mask(v, mapValue, mapValue ? undefined : key);
  }
  return out;
}

/** A copy of a command's output with its secrets masked (Dates and other objects kept as they are). */
export function maskSensitiveOutput<T>(command: SdkCommandLike, output: T): T {
  return mask(output, outputSchema(command), undefined) as T;
}
