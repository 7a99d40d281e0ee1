import { AwsError } from '../../core/types';
import type { PolicyDocument } from '../../policy/types';
import { type IamState, nameKey } from './state';

/**
 * A trust policy may name only principals that exist: IAM resolves user and role ARNs to their unique ids
 * when the policy is saved, and refuses one it cannot resolve (MalformedPolicyDocument "Invalid principal in
 * policy"). The sandbox knows its own account: users and roles of it are checked; account ids, root ARNs,
 * services and other accounts' ARNs are taken as given.
 */
export function checkTrustPrincipals(state: IamState, accountId: string, document: string): void {
  const doc = JSON.parse(document) as PolicyDocument;
  const statements = Array.isArray(doc.Statement) ? doc.Statement : [doc.Statement];
  for (const statement of statements) {
    const principal =
      (statement as { Principal?: unknown; NotPrincipal?: unknown }).Principal ??
      (statement as { NotPrincipal?: unknown }).NotPrincipal;
    if (principal === null || typeof principal !== 'object') continue;
    const aws = (principal as { AWS?: unknown }).AWS;
    for (const arn of Array.isArray(aws) ? aws : aws === undefined ? [] : [aws]) {
      if (typeof arn === 'string' && !exists(state, accountId, arn)) {
        throw new AwsError('MalformedPolicyDocument', `Invalid principal in policy: "AWS":"${arn}"`);
      }
    }
  }
}

function exists(state: IamState, accountId: string, arn: string): boolean {
  const m = /^arn:aws:iam::(\d{12}):(user|role)\/(?:.*\/)?([^/]+)$/.exec(arn);
  if (!m || m[1] !== accountId) return true;
  const found = m[2] === 'user' ? state.users[nameKey(m[3]!)] : state.roles[nameKey(m[3]!)];
  return found !== undefined && found.Arn === arn;
}
