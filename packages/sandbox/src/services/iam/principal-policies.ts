import type { Principal } from '../../core/types';
import type { PolicyDocument } from '../../policy/types';
import { lookupPolicy } from './policy-store';
import type { IamState, InlinePolicies, RoleRecord, Tag, UserRecord } from './state';
import { nameKey } from './state';

/**
 * The identity-based policies that apply to a principal: for a user its own inline and attached managed
 * policies plus those of each of its groups; for an assumed-role session the role's inline and attached
 * managed policies. Managed policies contribute their default version.
 */
export interface PrincipalPolicies {
  policies: PolicyDocument[];
  /** The principal's tags (the user's, or the role's), for aws:PrincipalTag conditions. */
  tags: Tag[];
  /** The ARN conditions see as aws:PrincipalArn (the role ARN for a session, as in AWS). */
  principalArn: string;
  user?: UserRecord;
  role?: RoleRecord;
}

function parse(text: string): PolicyDocument | undefined {
  try {
    return JSON.parse(text) as PolicyDocument;
  } catch {
    // Stored documents were checked when they were put; a broken one grants nothing.
    return undefined;
  }
}

function collect(
  state: IamState,
  holder: { attachedPolicies: string[]; inlinePolicies: InlinePolicies },
  out: PolicyDocument[],
): void {
  for (const text of Object.values(holder.inlinePolicies)) {
    const doc = parse(text);
    if (doc) out.push(doc);
  }
  for (const arn of holder.attachedPolicies) {
    const policy = lookupPolicy(state, arn);
    const version = policy?.versions.find((v) => v.VersionId === policy.DefaultVersionId);
    const doc = version && parse(version.Document);
    if (doc) out.push(doc);
  }
}

/** `undefined` when the principal's user or role no longer exists: it then has no permissions at all. */
export function principalPolicies(state: IamState, principal: Principal): PrincipalPolicies | undefined {
  const policies: PolicyDocument[] = [];
  if (principal.type === 'user' && principal.userName) {
    const user = state.users[nameKey(principal.userName)];
    if (!user || user.UserId !== principal.userId) return undefined;
    collect(state, user, policies);
    for (const g of user.groups) {
      const group = state.groups[g];
      if (group) collect(state, group, policies);
    }
    return { policies, tags: user.Tags, principalArn: user.Arn, user };
  }
  if (principal.type === 'assumed-role' && principal.roleName) {
    const role = state.roles[nameKey(principal.roleName)];
    if (!role || !principal.userId.startsWith(`${role.RoleId}:`)) return undefined;
    collect(state, role, policies);
    return { policies, tags: role.Tags, principalArn: role.Arn, role };
  }
  return undefined;
}
