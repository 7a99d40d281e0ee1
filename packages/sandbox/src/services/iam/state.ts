import { withDicts } from '../../core/dict';
import type { RequestContext, StateAccess } from '../../core/types';

/**
 * IAM's state for one account (IAM is global: one copy for all regions). Plain JSON so the core can persist
 * it; dates are ISO strings. Entities are keyed by their lower-cased name because IAM names are unique
 * case-insensitively ("Alice" and "alice" cannot both exist).
 */

export interface Tag {
  Key: string;
  Value: string;
}

/** Inline policies by name; the document is kept as the text the caller sent. */
export type InlinePolicies = Record<string, string>;

export interface LoginProfileRecord {
  CreateDate: string;
  PasswordResetRequired: boolean;
  /** scrypt hash; the password itself is never stored, returned or logged. */
  passwordHash: string;
  salt: string;
}

export interface UserRecord {
  UserName: string;
  UserId: string;
  Arn: string;
  Path: string;
  CreateDate: string;
  Tags: Tag[];
  PermissionsBoundary?: string;
  /** Lower-cased names of the groups, in the order the user joined them. */
  groups: string[];
  attachedPolicies: string[];
  inlinePolicies: InlinePolicies;
  loginProfile?: LoginProfileRecord;
}

export interface GroupRecord {
  GroupName: string;
  GroupId: string;
  Arn: string;
  Path: string;
  CreateDate: string;
  attachedPolicies: string[];
  inlinePolicies: InlinePolicies;
}

export interface RoleRecord {
  RoleName: string;
  RoleId: string;
  Arn: string;
  Path: string;
  CreateDate: string;
  AssumeRolePolicyDocument: string;
  Description?: string;
  MaxSessionDuration: number;
  Tags: Tag[];
  /** A managed policy ARN that caps what the role's policies allow. */
  PermissionsBoundary?: string;
  attachedPolicies: string[];
  inlinePolicies: InlinePolicies;
  lastUsed?: { LastUsedDate: string; Region: string };
}

export interface InstanceProfileRecord {
  InstanceProfileName: string;
  InstanceProfileId: string;
  Arn: string;
  Path: string;
  CreateDate: string;
  Tags: Tag[];
  /** Lower-cased role names (at most one, as in AWS). */
  roles: string[];
}

export interface PolicyVersionRecord {
  VersionId: string;
  Document: string;
  CreateDate: string;
}

export interface ManagedPolicyRecord {
  PolicyName: string;
  PolicyId: string;
  Arn: string;
  Path: string;
  Description?: string;
  CreateDate: string;
  UpdateDate: string;
  DefaultVersionId: string;
  versions: PolicyVersionRecord[];
  nextVersion: number;
  Tags: Tag[];
}

export interface AccessKeyRecord {
  AccessKeyId: string;
  /** Kept so the core can verify signatures made with it. */
  SecretAccessKey: string;
  /** Lower-cased owner name. */
  user: string;
  Status: 'Active' | 'Inactive';
  CreateDate: string;
  lastUsed?: { LastUsedDate: string; ServiceName: string; Region: string };
}

/** A deleted key is remembered so that using it again is refused instead of falling back to the admin. */
export interface DeletedKeyRecord {
  SecretAccessKey: string;
  userArn: string;
  userId: string;
  userName: string;
}

export interface PasswordPolicyRecord {
  MinimumPasswordLength: number;
  RequireSymbols: boolean;
  RequireNumbers: boolean;
  RequireUppercaseCharacters: boolean;
  RequireLowercaseCharacters: boolean;
  AllowUsersToChangePassword: boolean;
  MaxPasswordAge?: number;
  PasswordReusePrevention?: number;
  HardExpiry?: boolean;
}

export interface IamState {
  users: Record<string, UserRecord>;
  groups: Record<string, GroupRecord>;
  roles: Record<string, RoleRecord>;
  instanceProfiles: Record<string, InstanceProfileRecord>;
  /** Customer managed policies by ARN. AWS managed policies live in the catalogue, not here. */
  policies: Record<string, ManagedPolicyRecord>;
  accessKeys: Record<string, AccessKeyRecord>;
  deletedAccessKeys: Record<string, DeletedKeyRecord>;
  passwordPolicy?: PasswordPolicyRecord;
}

export const IAM_SERVICE = 'iam';

export function emptyIamState(): IamState {
  return {
    users: {},
    groups: {},
    roles: {},
    instanceProfiles: {},
    policies: {},
    accessKeys: {},
    deletedAccessKeys: {},
  };
}

export function iamState(ctx: RequestContext): IamState {
  return withDicts(ctx.store<IamState>(IAM_SERVICE, 'global', emptyIamState));
}

export function iamStateOf(state: StateAccess, accountId: string): IamState {
  return withDicts(state.get<IamState>(accountId, IAM_SERVICE, 'global', emptyIamState));
}

export const nameKey = (name: string) => name.toLowerCase();

export { type IdPrefix, newId, newSecret } from './ids';

export function isoNow(ctx: RequestContext): string {
  return ctx
    .now()
    .toISOString()
    .replace(/\.\d{3}Z$/, 'Z');
}

export function iamArn(accountId: string, type: string, path: string, name: string): string {
  return `arn:aws:iam::${accountId}:${type}${path}${name}`;
}

/** Plain key/value copies, so callers cannot mutate stored tags through an output object. */
export function tagsOut(tags: Tag[]): Tag[] | undefined {
  return tags.length > 0 ? tags.map((t) => ({ Key: t.Key, Value: t.Value })) : undefined;
}

export const date = (iso: string) => new Date(iso);
