import type { Handler } from '../../core/types';
import { findGroup, findRole, findUser } from './entities';
import type { IamState, InlinePolicies } from './state';
import { requireName } from './validate';

/**
 * Users, groups and roles all carry attached managed policies and inline policies; the attach/detach/list and
 * put/get/list/delete operations are the same for the three apart from names and messages.
 */
export interface PolicyHolderKind {
  /** `User`, `Group`, `Role`: as in the operation names (AttachUserPolicy). */
  kind: 'User' | 'Group' | 'Role';
  /** The input member naming the entity. */
  member: 'UserName' | 'GroupName' | 'RoleName';
  maxNameLength: number;
  find(
    state: IamState,
    name: string,
  ): { attachedPolicies: string[]; inlinePolicies: InlinePolicies } & Record<string, unknown>;
  /** The entity's own name as stored (input names are case-insensitive). */
  nameOf(entity: Record<string, unknown>): string;
}

export const HOLDER_KINDS: PolicyHolderKind[] = [
  {
    kind: 'User',
    member: 'UserName',
    maxNameLength: 128,
    find: (s, n) => findUser(s, n) as never,
    nameOf: (e) => String(e.UserName),
  },
  {
    kind: 'Group',
    member: 'GroupName',
    maxNameLength: 128,
    find: (s, n) => findGroup(s, n) as never,
    nameOf: (e) => String(e.GroupName),
  },
  {
    kind: 'Role',
    member: 'RoleName',
    maxNameLength: 64,
    find: (s, n) => findRole(s, n) as never,
    nameOf: (e) => String(e.RoleName),
  },
];

export function holder(kind: PolicyHolderKind, state: IamState, input: Record<string, unknown>) {
  return kind.find(state, requireName(input, kind.member, kind.maxNameLength));
}

/** Builds `{ AttachUserPolicy, AttachGroupPolicy, AttachRolePolicy }` and the like from one template. */
export function perKind(
  template: (kind: PolicyHolderKind) => Handler,
  name: (kind: PolicyHolderKind) => string,
): Record<string, Handler> {
  return Object.fromEntries(HOLDER_KINDS.map((k) => [name(k), template(k)]));
}
