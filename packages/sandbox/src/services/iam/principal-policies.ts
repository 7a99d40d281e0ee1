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
  /**
   * The user's permissions boundary: set means a request must also be allowed by it. `null` when the
   * boundary's policy cannot be read (nothing is allowed then).
   */
  boundary?: PolicyDocument | null;
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
    const doc = defaultVersion(state, arn);
    if (doc) out.push(doc);
  }
}

/** A managed policy's default version, parsed. */
function defaultVersion(state: IamState, arn: string): PolicyDocument | undefined {
  const policy = lookupPolicy(state, arn);
  const version = policy?.versions.find((v) => v.VersionId === policy.DefaultVersionId);
  return version && parse(version.Document);
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
    const found: PrincipalPolicies = { policies, tags: user.Tags, principalArn: user.Arn, user };
    if (user.PermissionsBoundary) found.boundary = defaultVersion(state, user.PermissionsBoundary) ?? null;
    return found;
  }
  if (principal.type === 'assumed-role' && principal.roleName) {
    const role = state.roles[nameKey(principal.roleName)];
    if (!role || !principal.userId.startsWith(`${role.RoleId}:`)) return undefined;
    collect(state, role, policies);
    const found: PrincipalPolicies = { policies, tags: role.Tags, principalArn: role.Arn, role };
    if (role.PermissionsBoundary) found.boundary = defaultVersion(state, role.PermissionsBoundary) ?? null;
    return found;
  }
  return undefined;
}
