import type { Handler } from '../../core/types';
import { findRole, findUser, noSuchEntity } from './entities';
import { lookupPolicy } from './policy-store';
import { type IamState, iamState } from './state';
import { requireArn, requireName } from './validate';

/*
 * Permissions boundaries of users and roles: a managed policy that caps what the entity's own policies can
 * allow. A request (for a role: its sessions') is allowed only when an identity policy allows it and the
 * boundary allows it too; a deny in either wins (IAM user guide, "Permissions boundaries for IAM entities").
 */

/** The boundary ARN, checked: the managed policy must exist (AWS or this account's). */
export function checkBoundary(state: IamState, arn: string): string {
  if (!lookupPolicy(state, arn)) {
    throw noSuchEntity(`Scope ARN: ${arn} does not exist or is not attachable.`);
  }
  return arn;
}

const PutUserPermissionsBoundary: Handler = (ctx, input) => {
  const state = iamState(ctx);
  const user = findUser(state, requireName(input, 'UserName', 64));
  user.PermissionsBoundary = checkBoundary(state, requireArn(input, 'PermissionsBoundary'));
  return {};
};

const DeleteUserPermissionsBoundary: Handler = (ctx, input) => {
  const user = findUser(iamState(ctx), requireName(input, 'UserName', 64));
  delete user.PermissionsBoundary;
  return {};
};

const PutRolePermissionsBoundary: Handler = (ctx, input) => {
  const state = iamState(ctx);
  const role = findRole(state, requireName(input, 'RoleName', 64));
  role.PermissionsBoundary = checkBoundary(state, requireArn(input, 'PermissionsBoundary'));
  return {};
};

const DeleteRolePermissionsBoundary: Handler = (ctx, input) => {
  const role = findRole(iamState(ctx), requireName(input, 'RoleName', 64));
  delete role.PermissionsBoundary;
  return {};
};

export const boundaryOperations = {
  PutUserPermissionsBoundary,
  DeleteUserPermissionsBoundary,
  PutRolePermissionsBoundary,
  DeleteRolePermissionsBoundary,
};
