import {
  DeleteAccessKeyCommand,
  DeleteInstanceProfileCommand,
  DeleteLoginProfileCommand,
  DeletePolicyCommand,
  DeletePolicyVersionCommand,
  DeleteRoleCommand,
  DeleteRolePolicyCommand,
  DeleteUserCommand,
  DeleteUserPolicyCommand,
  DetachGroupPolicyCommand,
  DetachRolePolicyCommand,
  DetachUserPolicyCommand,
  GetInstanceProfileCommand,
  ListAccessKeysCommand,
  type ListAccessKeysCommandOutput,
  ListAttachedRolePoliciesCommand,
  type ListAttachedRolePoliciesCommandOutput,
  ListAttachedUserPoliciesCommand,
  type ListAttachedUserPoliciesCommandOutput,
  ListEntitiesForPolicyCommand,
  type ListEntitiesForPolicyCommandOutput,
  ListGroupsForUserCommand,
  type ListGroupsForUserCommandOutput,
  ListInstanceProfilesCommand,
  type ListInstanceProfilesCommandOutput,
  ListInstanceProfilesForRoleCommand,
  type ListInstanceProfilesForRoleCommandOutput,
  ListInstanceProfileTagsCommand,
  ListPoliciesCommand,
  type ListPoliciesCommandOutput,
  ListPolicyTagsCommand,
  ListPolicyVersionsCommand,
  type ListPolicyVersionsCommandOutput,
  ListRolePoliciesCommand,
  type ListRolePoliciesCommandOutput,
  ListRolesCommand,
  type ListRolesCommandOutput,
  ListRoleTagsCommand,
  ListUserPoliciesCommand,
  type ListUserPoliciesCommandOutput,
  ListUsersCommand,
  type ListUsersCommandOutput,
  ListUserTagsCommand,
  RemoveRoleFromInstanceProfileCommand,
  RemoveUserFromGroupCommand,
} from '@aws-sdk/client-iam';
import type { AwsClients } from '../clients.js';
import { isNotFound } from '../teardown.js';
import { type Found, type KindOps, list } from './kind.js';

/*
 * IAM lists users, roles, instance profiles and policies without their tags: each one's tags are one more
 * request. IAM deletes none of them while something hangs off it, so each removal takes that off first.
 */

/** An IAM user and what hangs off it: access keys, login profile, policies, group memberships. */
async function removeUser({ iam }: AwsClients, UserName: string): Promise<void> {
  for (const key of (await list<ListAccessKeysCommandOutput>(iam, new ListAccessKeysCommand({ UserName })))
    .AccessKeyMetadata ?? []) {
    await iam.send(new DeleteAccessKeyCommand({ UserName, AccessKeyId: key.AccessKeyId }));
  }
  try {
    await iam.send(new DeleteLoginProfileCommand({ UserName }));
  } catch (error) {
    if (!isNotFound(error)) throw error; // a user without a console password
  }
  for (const p of (
    await list<ListAttachedUserPoliciesCommandOutput>(iam, new ListAttachedUserPoliciesCommand({ UserName }))
  ).AttachedPolicies ?? []) {
    await iam.send(new DetachUserPolicyCommand({ UserName, PolicyArn: p.PolicyArn }));
  }
  for (const PolicyName of (
    await list<ListUserPoliciesCommandOutput>(iam, new ListUserPoliciesCommand({ UserName }))
  ).PolicyNames ?? []) {
    await iam.send(new DeleteUserPolicyCommand({ UserName, PolicyName }));
  }
  for (const g of (
    await list<ListGroupsForUserCommandOutput>(iam, new ListGroupsForUserCommand({ UserName }))
  ).Groups ?? []) {
    await iam.send(new RemoveUserFromGroupCommand({ UserName, GroupName: g.GroupName }));
  }
  await iam.send(new DeleteUserCommand({ UserName }));
}

/**
 * A role, out of its instance profiles first (the profiles stay: a tagged one is a resource of its own),
 * with its attached and inline policies.
 */
async function removeRole({ iam }: AwsClients, RoleName: string): Promise<void> {
  for (const profile of (
    await list<ListInstanceProfilesForRoleCommandOutput>(
      iam,
      new ListInstanceProfilesForRoleCommand({ RoleName }),
    )
  ).InstanceProfiles ?? []) {
    await iam.send(
      new RemoveRoleFromInstanceProfileCommand({
        RoleName,
        InstanceProfileName: profile.InstanceProfileName,
      }),
    );
  }
  for (const p of (
    await list<ListAttachedRolePoliciesCommandOutput>(iam, new ListAttachedRolePoliciesCommand({ RoleName }))
  ).AttachedPolicies ?? []) {
    await iam.send(new DetachRolePolicyCommand({ RoleName, PolicyArn: p.PolicyArn }));
  }
  for (const PolicyName of (
    await list<ListRolePoliciesCommandOutput>(iam, new ListRolePoliciesCommand({ RoleName }))
  ).PolicyNames ?? []) {
    await iam.send(new DeleteRolePolicyCommand({ RoleName, PolicyName }));
  }
  await iam.send(new DeleteRoleCommand({ RoleName }));
}

/** An instance profile, its role taken out first (the role stays: a tagged one is a resource of its own). */
async function removeInstanceProfile({ iam }: AwsClients, InstanceProfileName: string): Promise<void> {
  const { InstanceProfile } = await iam.send(new GetInstanceProfileCommand({ InstanceProfileName }));
  for (const { RoleName } of InstanceProfile?.Roles ?? []) {
    await iam.send(new RemoveRoleFromInstanceProfileCommand({ InstanceProfileName, RoleName }));
  }
  await iam.send(new DeleteInstanceProfileCommand({ InstanceProfileName }));
}

/** A customer managed policy, detached from every user, role and group, its old versions first. */
async function removePolicy({ iam }: AwsClients, PolicyArn: string): Promise<void> {
  const entities = await list<ListEntitiesForPolicyCommandOutput>(
    iam,
    new ListEntitiesForPolicyCommand({ PolicyArn }),
  );
  for (const { UserName } of entities.PolicyUsers ?? []) {
    await iam.send(new DetachUserPolicyCommand({ UserName, PolicyArn }));
  }
  for (const { RoleName } of entities.PolicyRoles ?? []) {
    await iam.send(new DetachRolePolicyCommand({ RoleName, PolicyArn }));
  }
  for (const { GroupName } of entities.PolicyGroups ?? []) {
    await iam.send(new DetachGroupPolicyCommand({ GroupName, PolicyArn }));
  }
  for (const version of (
    await list<ListPolicyVersionsCommandOutput>(iam, new ListPolicyVersionsCommand({ PolicyArn }))
  ).Versions ?? []) {
    if (!version.IsDefaultVersion) {
      await iam.send(new DeletePolicyVersionCommand({ PolicyArn, VersionId: version.VersionId }));
    }
  }
  await iam.send(new DeletePolicyCommand({ PolicyArn }));
}

export const user: KindOps = {
  list: async ({ iam }) => {
    const out: Found[] = [];
    for (const { UserName } of (await list<ListUsersCommandOutput>(iam, new ListUsersCommand({}))).Users ??
      [])
      out.push({ id: UserName!, tags: (await iam.send(new ListUserTagsCommand({ UserName }))).Tags });
    return out;
  },
  remove: removeUser,
};

export const role: KindOps = {
  list: async ({ iam }) => {
    const out: Found[] = [];
    for (const { RoleName } of (await list<ListRolesCommandOutput>(iam, new ListRolesCommand({}))).Roles ??
      [])
      out.push({ id: RoleName!, tags: (await iam.send(new ListRoleTagsCommand({ RoleName }))).Tags });
    return out;
  },
  remove: removeRole,
};

export const instanceProfile: KindOps = {
  list: async ({ iam }) => {
    const out: Found[] = [];
    const profiles = await list<ListInstanceProfilesCommandOutput>(iam, new ListInstanceProfilesCommand({}));
    for (const { InstanceProfileName } of profiles.InstanceProfiles ?? []) {
      const { Tags } = await iam.send(new ListInstanceProfileTagsCommand({ InstanceProfileName }));
      out.push({ id: InstanceProfileName!, tags: Tags });
    }
    return out;
  },
  remove: removeInstanceProfile,
};

export const policy: KindOps = {
  list: async ({ iam }) => {
    const out: Found[] = [];
    const local = await list<ListPoliciesCommandOutput>(iam, new ListPoliciesCommand({ Scope: 'Local' }));
    for (const { Arn } of local.Policies ?? [])
      out.push({ id: Arn!, tags: (await iam.send(new ListPolicyTagsCommand({ PolicyArn: Arn }))).Tags });
    return out;
  },
  remove: removePolicy,
};
