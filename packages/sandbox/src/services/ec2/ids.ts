import { createHash } from 'node:crypto';
import type { RequestContext } from '../../core/types';

const HEX = '0123456789abcdef';

/** A new resource id in AWS's current form: prefix, dash, 17 hex digits (vpc-0123456789abcdef0). */
export function newId(ctx: RequestContext, prefix: string): string {
  return `${prefix}-${ctx.rng.chars(17, HEX)}`;
}

/**
 * An id that depends only on its parts: the default VPC and its companions get the same ids however often
 * the region's state is initialised (a read-only first request is not persisted, so it may be built again).
 */
export function stableId(prefix: string, ...parts: string[]): string {
  return `${prefix}-${createHash('sha256').update(parts.join('/')).digest('hex').slice(0, 17)}`;
}
