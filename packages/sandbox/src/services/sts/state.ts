import { withDicts } from '../../core/dict';
import type { RequestContext, StateAccess } from '../../core/types';

/**
 * Temporary credentials STS has issued, per account (STS state is global here: its credentials work in every
 * region). Expired sessions are kept so that using one is answered with ExpiredToken rather than being
 * mistaken for an unknown key (which would act as the administrator).
 */
export interface SessionRecord {
  AccessKeyId: string;
  SecretAccessKey: string;
  SessionToken: string;
  Expiration: string;
  kind: 'assumed-role' | 'session-token';
  /** For assumed-role sessions. */
  RoleName?: string;
  RoleArn?: string;
  RoleId?: string;
  RoleSessionName?: string;
  /** For GetSessionToken: the IAM user the session stands for. */
  userName?: string;
  userArn?: string;
  userId?: string;
  /** Session policy passed to AssumeRole, which further limits the role's permissions. */
  policy?: string;
}

export interface StsState {
  sessions: Record<string, SessionRecord>;
}

export const STS_SERVICE = 'sts';

export const emptyStsState = (): StsState => ({ sessions: {} });

export function stsState(ctx: RequestContext): StsState {
  return withDicts(ctx.store<StsState>(STS_SERVICE, 'global', emptyStsState));
}

export function stsStateOf(state: StateAccess, accountId: string): StsState {
  return withDicts(state.get<StsState>(accountId, STS_SERVICE, 'global', emptyStsState));
}

export function isExpired(session: SessionRecord, now: Date): boolean {
  return Date.parse(session.Expiration) <= now.getTime();
}
