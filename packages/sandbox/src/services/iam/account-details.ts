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

type IamState = ReturnType<typeof iamState>;
/** One entry of the answer, with the list it goes in: the pages cut across all four lists. */
type Item = { list: string; value: Record<string, unknown> };

function attachedPolicies(state: IamState, arns: string[]) {
  return arns
    .map((arn) => lookupPolicy(state, arn))
    .filter((p) => p !== undefined)
    .map((p) => ({ PolicyName: p.PolicyName, PolicyArn: p.Arn }));
}

/** Users, groups and roles (those `want` asks for), each with its inline and attached policies. */
function principalItems(state: IamState, want: (kind: string) => boolean): Item[] {
  const items: Item[] = [];
  if (want('User')) {
    for (const u of Object.values(state.users)) {
      items.push({
        list: 'UserDetailList',
        value: {
          ...userOut(u),
          UserPolicyList: inline(u.inlinePolicies),
          GroupList: u.groups.map((g) => state.groups[g]?.GroupName).filter((n) => n !== undefined),
          AttachedManagedPolicies: attachedPolicies(state, u.attachedPolicies),
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
          AttachedManagedPolicies: attachedPolicies(state, g.attachedPolicies),
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
          AttachedManagedPolicies: attachedPolicies(state, r.attachedPolicies),
        },
      });
    }
  }
  return items;
}

/** Managed policies with every version: all customer managed ones, AWS managed ones only where attached. */
function policyItems(state: IamState, want: (kind: string) => boolean): Item[] {
  const items: Item[] = [];
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
  return items;
}

const GetAccountAuthorizationDetails: Handler = (ctx, input) => {
  const state = iamState(ctx);
  const filter = new Set((input.Filter as string[] | undefined) ?? []);
  const want = (kind: string) => filter.size === 0 || filter.has(kind);
  const items = [...principalItems(state, want), ...policyItems(state, want)];
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
