import type { CredentialResolver, IssuedCredential, Principal } from '../../core/types';
import { isExpired, type SessionRecord, stsStateOf } from './state';

function principalOf(accountId: string, s: SessionRecord): Principal {
  if (s.kind === 'assumed-role') {
    return {
      type: 'assumed-role',
      accountId,
      arn: `arn:aws:sts::${accountId}:assumed-role/${s.RoleName}/${s.RoleSessionName}`,
      userId: `${s.RoleId}:${s.RoleSessionName}`,
      accessKeyId: s.AccessKeyId,
      roleName: s.RoleName!,
      sessionName: s.RoleSessionName!,
    };
  }
  if (s.userName) {
    return {
      type: 'user',
      accountId,
      arn: s.userArn!,
      userId: s.userId!,
      accessKeyId: s.AccessKeyId,
      userName: s.userName,
    };
  }
  return {
    type: 'root',
    accountId,
    arn: `arn:aws:iam::${accountId}:root`,
    userId: accountId,
    accessKeyId: s.AccessKeyId,
  };
}

/**
 * Finds the session behind ASIA… credentials STS issued. Expiry is judged here by real time; the authorizer
 * judges it again by the sandbox clock, which tests may move forward.
 */
export const resolveStsSession: CredentialResolver = (state, accessKeyId) => {
  if (!accessKeyId.startsWith('ASIA')) return undefined;
  for (const accountId of state.accounts()) {
    const session = stsStateOf(state, accountId).sessions[accessKeyId];
    if (!session) continue;
    const credential: IssuedCredential = {
      principal: principalOf(accountId, session),
      secretAccessKey: session.SecretAccessKey,
      sessionToken: session.SessionToken,
      status: isExpired(session, new Date()) ? 'Expired' : 'Active',
    };
    return credential;
  }
  return undefined;
};
