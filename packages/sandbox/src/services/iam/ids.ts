import type { RequestContext } from '../../core/types';

/** IAM's unique ids: a four-letter type prefix and 17 characters of upper-case base32. */
const ID_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
export type IdPrefix = 'AIDA' | 'AGPA' | 'AROA' | 'ANPA' | 'AIPA' | 'AKIA' | 'ASIA';

export function newId(ctx: RequestContext, prefix: IdPrefix): string {
  return prefix + ctx.rng.chars(prefix === 'AKIA' || prefix === 'ASIA' ? 16 : 17, ID_ALPHABET);
}

const SECRET_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
export function newSecret(ctx: RequestContext): string {
  return ctx.rng.chars(40, SECRET_ALPHABET);
}
