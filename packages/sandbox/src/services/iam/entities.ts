import { AwsError, type RequestContext } from '../../core/types';
import type { GroupRecord, IamState, InstanceProfileRecord, RoleRecord, UserRecord } from './state';
import { date, nameKey, tagsOut } from './state';

/** Lookups that fail with IAM's own NoSuchEntity messages, and the model-shaped views of each entity. */

export function noSuchEntity(message: string): AwsError {
  return new AwsError('NoSuchEntity', message, { status: 404 });
}

export function alreadyExists(message: string): AwsError {
  return new AwsError('EntityAlreadyExists', message, { status: 409 });
}

export function deleteConflict(message: string): AwsError {
  return new AwsError('DeleteConflict', message, { status: 409 });
}

export function limitExceeded(message: string): AwsError {
  return new AwsError('LimitExceeded', message, { status: 409 });
}

export function findUser(state: IamState, name: string): UserRecord {
  const user = state.users[nameKey(name)];
  if (!user) throw noSuchEntity(`The user with name ${name} cannot be found.`);
  return user;
}

export function findGroup(state: IamState, name: string): GroupRecord {
  const group = state.groups[nameKey(name)];
  if (!group) throw noSuchEntity(`The group with name ${name} cannot be found.`);
  return group;
}

export function findRole(state: IamState, name: string): RoleRecord {
  const role = state.roles[nameKey(name)];
  if (!role) throw noSuchEntity(`The role with name ${name} cannot be found.`);
  return role;
}

export function findInstanceProfile(state: IamState, name: string): InstanceProfileRecord {
  const profile = state.instanceProfiles[nameKey(name)];
  if (!profile) throw noSuchEntity(`Instance Profile ${name} cannot be found.`);
  return profile;
}

/** The user an operation without `UserName` acts on: the calling IAM user. */
export function callerUserName(ctx: RequestContext, input: Record<string, unknown>): string | undefined {
  if (input.UserName !== undefined && input.UserName !== null && input.UserName !== '') {
    return String(input.UserName);
  }
  return ctx.principal.type === 'user' ? ctx.principal.userName : undefined;
}

export function userOut(u: UserRecord, withTags = true): Record<string, unknown> {
  const out: Record<string, unknown> = {
    Path: u.Path,
    UserName: u.UserName,
    UserId: u.UserId,
    Arn: u.Arn,
    CreateDate: date(u.CreateDate),
  };
  if (u.PermissionsBoundary) {
    out.PermissionsBoundary = {
      PermissionsBoundaryType: 'Policy',
      PermissionsBoundaryArn: u.PermissionsBoundary,
    };
  }
  const tags = withTags ? tagsOut(u.Tags) : undefined;
  if (tags) out.Tags = tags;
  return out;
}

export function groupOut(g: GroupRecord): Record<string, unknown> {
  return {
    Path: g.Path,
    GroupName: g.GroupName,
    GroupId: g.GroupId,
    Arn: g.Arn,
    CreateDate: date(g.CreateDate),
  };
}

/** `withDetails` adds what GetRole shows and ListRoles leaves out (tags, last use). */
export function roleOut(r: RoleRecord, withDetails = false): Record<string, unknown> {
  const out: Record<string, unknown> = {
    Path: r.Path,
    RoleName: r.RoleName,
    RoleId: r.RoleId,
    Arn: r.Arn,
    CreateDate: date(r.CreateDate),
    AssumeRolePolicyDocument: encodeURIComponent(r.AssumeRolePolicyDocument),
  };
  if (r.Description !== undefined) out.Description = r.Description;
  out.MaxSessionDuration = r.MaxSessionDuration;
  if (r.PermissionsBoundary) {
    out.PermissionsBoundary = {
      PermissionsBoundaryType: 'Policy',
      PermissionsBoundaryArn: r.PermissionsBoundary,
    };
  }
  if (withDetails) {
    const tags = tagsOut(r.Tags);
    if (tags) out.Tags = tags;
    out.RoleLastUsed = r.lastUsed
      ? { LastUsedDate: date(r.lastUsed.LastUsedDate), Region: r.lastUsed.Region }
      : {};
  }
  return out;
}

export function instanceProfileOut(state: IamState, p: InstanceProfileRecord): Record<string, unknown> {
  const out: Record<string, unknown> = {
    Path: p.Path,
    InstanceProfileName: p.InstanceProfileName,
    InstanceProfileId: p.InstanceProfileId,
    Arn: p.Arn,
    CreateDate: date(p.CreateDate),
    Roles: p.roles
      .map((k) => state.roles[k])
      .filter((r): r is RoleRecord => r !== undefined)
      .map((r) => roleOut(r)),
  };
  const tags = tagsOut(p.Tags);
  if (tags) out.Tags = tags;
  return out;
}
