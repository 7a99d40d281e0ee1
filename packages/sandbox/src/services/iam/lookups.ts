import type { RequestContext } from '../../core/types';
import { type InstanceProfileRecord, iamState, nameKey, type RoleRecord } from './state';

/*
 * What STS and EC2 read of IAM (a role for AssumeRole and trust, an instance profile for RunInstances),
 * through functions: IAM's state stays its own.
 */

export type { InstanceProfileRecord, RoleRecord };

/** The account's role of that name (IAM names are case-insensitive), if any. */
export function roleNamed(ctx: RequestContext, name: string): RoleRecord | undefined {
  return iamState(ctx).roles[nameKey(name)];
}

/** The account's instance profile of that name, with the role it holds, if any. */
export function instanceProfileNamed(
  ctx: RequestContext,
  name: string,
): { profile: InstanceProfileRecord; role?: RoleRecord } | undefined {
  const iam = iamState(ctx);
  const profile = iam.instanceProfiles[nameKey(name)];
  if (!profile) return undefined;
  const roleKey = profile.roles[0];
  const role = roleKey === undefined ? undefined : iam.roles[roleKey];
  return role ? { profile, role } : { profile };
}
