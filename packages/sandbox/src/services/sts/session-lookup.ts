import type { RequestContext } from '../../core/types';
import { isExpired, type SessionRecord, stsState } from './state';

/** What IAM's authorizer reads of STS: the session a key belongs to, through a function, not STS's state. */

export type { SessionRecord };
export { isExpired };

/** The temporary credentials STS issued with this key id (expired ones too), if any. */
export function sessionFor(ctx: RequestContext, accessKeyId: string): SessionRecord | undefined {
  return stsState(ctx).sessions[accessKeyId];
}
