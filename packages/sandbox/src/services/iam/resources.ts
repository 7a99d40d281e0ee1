import type { RequestContext } from '../../core/types';
import { callerUserName } from './entities';
import { iamArn, iamState, nameKey } from './state';

const LISTINGS: Record<string, string> = {
  ListUsers: 'user',
  ListRoles: 'role',
  ListGroups: 'group',
  ListPolicies: 'policy',
  ListInstanceProfiles: 'instance-profile',
};

/**
 * The resource ARN an IAM operation acts on, for policy evaluation (`arn:aws:iam::ACCOUNT:user/PATH/NAME`,
 * group, role, instance-profile, policy). An existing entity gives its real ARN (with its path); a new one
 * the ARN it will have. Account-wide listings act on their path prefix (`arn:aws:iam::ACCOUNT:role/`), the
 * resource AWS names when it refuses them ("… iam:ListRoles on resource: arn:aws:iam::…:role/").
 */
export function iamResources(
  ctx: RequestContext,
  operation: string,
  input: Record<string, unknown>,
): string[] {
  const state = iamState(ctx);
  const account = ctx.accountId;
  const path = typeof input.Path === 'string' && input.Path ? input.Path : '/';
  const named = (type: string, name: unknown, existing: { Arn: string } | undefined) =>
    existing ? existing.Arn : typeof name === 'string' && name ? iamArn(account, type, path, name) : '*';

  const user = () => {
    const name = callerUserName(ctx, input);
    return [named('user', name, name ? state.users[nameKey(name)] : undefined)];
  };
  const group = () => [named('group', input.GroupName, state.groups[nameKey(String(input.GroupName ?? ''))])];
  const role = () => [named('role', input.RoleName, state.roles[nameKey(String(input.RoleName ?? ''))])];

  if (operation.includes('InstanceProfile') && input.InstanceProfileName) {
    const name = String(input.InstanceProfileName);
    return [named('instance-profile', name, state.instanceProfiles[nameKey(name)])];
  }
  if (operation === 'ListGroupsForUser') return user();
  const listed = LISTINGS[operation];
  if (listed) {
    const prefix = typeof input.PathPrefix === 'string' && input.PathPrefix ? input.PathPrefix : '/';
    return [iamArn(account, listed, prefix, '')];
  }
  if (operation === 'GetAccessKeyLastUsed') {
    const key = state.accessKeys[String(input.AccessKeyId ?? '')];
    const owner = key ? state.users[key.user] : undefined;
    return [owner ? owner.Arn : '*'];
  }
  if (input.GroupName !== undefined) return group();
  if (input.RoleName !== undefined) return role();
  if (input.PolicyArn !== undefined && !/^(Attach|Detach)/.test(operation)) return [String(input.PolicyArn)];
  if (operation === 'CreatePolicy' && input.PolicyName) {
    return [`arn:aws:iam::${account}:policy${path}${String(input.PolicyName)}`];
  }
  if (
    input.UserName !== undefined ||
    /^(GetUser|CreateAccessKey|ListAccessKeys|UpdateAccessKey|DeleteAccessKey|GetLoginProfile)$/.test(
      operation,
    )
  ) {
    return user();
  }
  return ['*'];
}
