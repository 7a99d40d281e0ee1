import type { Handler } from '../../core/types';
import { groupOut, instanceProfileOut, roleOut, userOut } from './entities';
import { paginate } from './paginate';
import { allPolicies, attachmentCount, documentOut, lookupPolicy, policyOut } from './policy-store';
import { type InlinePolicies, iamState } from './state';

/**
 * GetAccountAuthorizationDetails: every user, group and role with their policies, and the managed policies
 * in use (all customer managed ones, and the AWS managed ones that are attached somewhere).
 */
const inline = (policies: InlinePolicies) =>
  Object.entries(policies).map(([PolicyName, text]) => ({ PolicyName, PolicyDocument: documentOut(text) }));

const GetAccountAuthorizationDetails: Handler = (ctx, input) => {
  const state = iamState(ctx);
  const filter = new Set((input.Filter as string[] | undefined) ?? []);
  const want = (kind: string) => filter.size === 0 || filter.has(kind);
  const attached = (arns: string[]) =>
    arns
      .map((arn) => lookupPolicy(state, arn))
      .filter((p) => p !== undefined)
      .map((p) => ({ PolicyName: p.PolicyName, PolicyArn: p.Arn }));

  type Item = { list: string; value: Record<string, unknown> };
  const items: Item[] = [];
  if (want('User')) {
    for (const u of Object.values(state.users)) {
      items.push({
        list: 'UserDetailList',
        value: {
          ...userOut(u),
          UserPolicyList: inline(u.inlinePolicies),
          GroupList: u.groups.map((g) => state.groups[g]?.GroupName).filter((n) => n !== undefined),
          AttachedManagedPolicies: attached(u.attachedPolicies),
        },
      });
    }
  }
  if (want('Group')) {
    for (const g of Object.values(state.groups)) {
      items.push({
        list: 'GroupDetailList',
        value: {
          ...groupOut(g),
          GroupPolicyList: inline(g.inlinePolicies),
          AttachedManagedPolicies: attached(g.attachedPolicies),
        },
      });
    }
  }
  if (want('Role')) {
    for (const r of Object.values(state.roles)) {
      const key = r.RoleName.toLowerCase();
      items.push({
        list: 'RoleDetailList',
        value: {
          ...roleOut(r, true),
          InstanceProfileList: Object.values(state.instanceProfiles)
            .filter((p) => p.roles.includes(key))
            .map((p) => instanceProfileOut(state, p)),
          RolePolicyList: inline(r.inlinePolicies),
          AttachedManagedPolicies: attached(r.attachedPolicies),
        },
      });
    }
  }
  for (const p of allPolicies(state)) {
    const inUse = p.scope === 'Local' || attachmentCount(state, p.Arn) > 0;
    const kind = p.scope === 'Local' ? 'LocalManagedPolicy' : 'AWSManagedPolicy';
    if (!inUse || !want(kind)) continue;
    items.push({
      list: 'Policies',
      value: {
        ...policyOut(state, p, true),
        PolicyVersionList: p.versions.map((v) => ({
          Document: documentOut(v.Document),
          VersionId: v.VersionId,
          IsDefaultVersion: v.VersionId === p.DefaultVersionId,
          CreateDate: new Date(v.CreateDate),
        })),
      },
    });
  }
  const page = paginate(items, input, ctx.pageSize);
  const out: Record<string, unknown> = {
    UserDetailList: [],
    GroupDetailList: [],
    RoleDetailList: [],
    Policies: [],
  };
  for (const item of page.items) (out[item.list] as unknown[]).push(item.value);
  out.IsTruncated = page.IsTruncated;
  if (page.Marker !== undefined) out.Marker = page.Marker;
  return out;
};

export const accountOperations = { GetAccountAuthorizationDetails };
