import { conditionsHold } from './conditions';
import type { ConditionContext, Decision, PolicyDocument, PrincipalBlock } from './types';
import { asArray } from './types';
import { actionMatches, globMatch } from './wildcard';

/** The caller as a role's trust policy (a resource-based policy) sees it. */
export interface TrustCaller {
  accountId: string;
  /**
   * The ARNs a Principal element may name to mean this caller: the user ARN; for an assumed-role session both
   * the session ARN and the role ARN; for the account's root `arn:aws:iam::ACCOUNT:root`.
   */
  arns: string[];
  /** For service principals (`ec2.amazonaws.com`); callers from the CLI/SDK have none. */
  service?: string;
}

/**
 * Does the trust policy let this caller perform `action` (sts:AssumeRole)? A Principal naming the account
 * (`123456789012` or `arn:aws:iam::123456789012:root`) trusts every principal of that account, leaving the
 * rest to the caller's identity-based policies, which the authorizer checks separately.
 */
export function evaluateTrust(
  policy: PolicyDocument,
  caller: TrustCaller,
  action: string,
  context: ConditionContext,
): Decision {
  let allowed = false;
  for (const s of asArray(policy.Statement)) {
    const actionOk =
      s.Action !== undefined
        ? asArray(s.Action).some((p) => actionMatches(p, action))
        : !asArray(s.NotAction).some((p) => actionMatches(p, action));
    if (!actionOk) continue;
    const principalOk =
      s.Principal !== undefined
        ? principalMatches(s.Principal, caller)
        : s.NotPrincipal !== undefined && !principalMatches(s.NotPrincipal, caller);
    if (!principalOk) continue;
    if (!conditionsHold(s.Condition, context)) continue;
    if (s.Effect === 'Deny') return 'explicit-deny';
    allowed = true;
  }
  return allowed ? 'allow' : 'implicit-deny';
}

function principalMatches(principal: PrincipalBlock, caller: TrustCaller): boolean {
  if (principal === '*') return true;
  for (const [type, ids] of Object.entries(principal)) {
    for (const id of asArray(ids)) {
      if (type === 'AWS') {
        if (id === '*' || id === caller.accountId || id === `arn:aws:iam::${caller.accountId}:root`)
          return true;
        if (caller.arns.some((arn) => globMatch(id, arn))) return true;
      } else if (type === 'Service' && caller.service !== undefined && id === caller.service) {
        return true;
      }
    }
  }
  return false;
}
