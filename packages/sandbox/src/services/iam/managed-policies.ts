import { AwsError, type Handler } from '../../core/types';
import { parsePolicyDocument } from '../../policy/parse';
import { alreadyExists, deleteConflict, limitExceeded, noSuchEntity } from './entities';
import { byName, pageOutput, paginate } from './paginate';
import { allPolicies, attachmentCount, documentOut, policyOut, requirePolicy } from './policy-store';
import { date, iamState, isoNow, type ManagedPolicyRecord, newId, tagsOut } from './state';
import {
  checkLength,
  mergeTags,
  optionalPathPrefix,
  optionalPolicyPath,
  parseTags,
  policySize,
  requireArn,
  requireDocument,
  requireName,
  requireString,
  toBoolean,
  validationError,
} from './validate';

const MAX_VERSIONS = 5;

function localPolicy(state: ReturnType<typeof iamState>, arn: string): ManagedPolicyRecord {
  const policy = requirePolicy(state, arn);
  if (!policy.record) {
    throw new AwsError('AccessDenied', `Cannot modify the AWS managed policy ${arn}.`, { status: 403 });
  }
  return policy.record;
}

/** A managed policy's quota: 6,144 characters, white space not counted (IAM and AWS STS quotas). */
const MANAGED_POLICY_LIMIT = 6144;

function checkManagedSize(document: string): void {
  if (policySize(document) > MANAGED_POLICY_LIMIT) {
    throw limitExceeded(`Cannot exceed quota for PolicySize: ${MANAGED_POLICY_LIMIT}`);
  }
}

const CreatePolicy: Handler = (ctx, input) => {
  const PolicyName = requireName(input, 'PolicyName', 128);
  const Path = optionalPolicyPath(input);
  const document = requireDocument(input, 'PolicyDocument');
  const Description = input.Description === undefined ? undefined : String(input.Description);
  if (Description !== undefined) checkLength('Description', Description, 0, 1000);
  const Tags = parseTags(input.Tags);
  const state = iamState(ctx);
  if (Object.values(state.policies).some((p) => p.PolicyName.toLowerCase() === PolicyName.toLowerCase())) {
    throw alreadyExists(`A policy called ${PolicyName} already exists. Duplicate names are not allowed.`);
  }
  parsePolicyDocument(document, 'identity');
  checkManagedSize(document);
  const now = isoNow(ctx);
  const record: ManagedPolicyRecord = {
    PolicyName,
    PolicyId: newId(ctx, 'ANPA'),
    Arn: `arn:aws:iam::${ctx.accountId}:policy${Path}${PolicyName}`,
    Path,
    ...(Description !== undefined ? { Description } : {}),
    CreateDate: now,
    UpdateDate: now,
    DefaultVersionId: 'v1',
    versions: [{ VersionId: 'v1', Document: document, CreateDate: now }],
    nextVersion: 2,
    Tags,
  };
  state.policies[record.Arn] = record;
  const out = policyOut(state, { scope: 'Local', ...record, record }, false);
  const tags = tagsOut(Tags);
  if (tags) out.Tags = tags;
  return { Policy: out };
};

const GetPolicy: Handler = (ctx, input) => {
  const state = iamState(ctx);
  return { Policy: policyOut(state, requirePolicy(state, requireArn(input, 'PolicyArn')), true) };
};

const DeletePolicy: Handler = (ctx, input) => {
  const state = iamState(ctx);
  const record = localPolicy(state, requireArn(input, 'PolicyArn'));
  if (attachmentCount(state, record.Arn) > 0)
    throw deleteConflict('Cannot delete a policy attached to entities.');
  if (record.versions.length > 1) {
    throw deleteConflict(
      "This policy has more than one version. Before you delete a policy, you must delete the policy's versions. The default version is deleted with the policy.",
    );
  }
  delete state.policies[record.Arn];
  return {};
};

function versionOut(
  v: { VersionId: string; Document: string; CreateDate: string },
  defaultId: string,
  withDoc: boolean,
) {
  return {
    ...(withDoc ? { Document: documentOut(v.Document) } : {}),
    VersionId: v.VersionId,
    IsDefaultVersion: v.VersionId === defaultId,
    CreateDate: date(v.CreateDate),
  };
}

function requireVersionId(input: Record<string, unknown>): string {
  const id = requireString(input, 'VersionId');
  if (!/^v[1-9][0-9]*(\.[A-Za-z0-9-]*)?$/.test(id)) {
    throw validationError(
      'VersionId',
      id,
      'Member must satisfy regular expression pattern: v[1-9][0-9]*(\\.[A-Za-z0-9-]*)?',
    );
  }
  return id;
}

const GetPolicyVersion: Handler = (ctx, input) => {
  const state = iamState(ctx);
  const arn = requireArn(input, 'PolicyArn');
  const id = requireVersionId(input);
  const policy = requirePolicy(state, arn);
  const version = policy.versions.find((v) => v.VersionId === id);
  if (!version) throw noSuchEntity(`Policy ${arn} version ${id} does not exist or is not attachable.`);
  return { PolicyVersion: versionOut(version, policy.DefaultVersionId, true) };
};

const ListPolicyVersions: Handler = (ctx, input) => {
  const state = iamState(ctx);
  const policy = requirePolicy(state, requireArn(input, 'PolicyArn'));
  const versions = [...policy.versions].reverse().map((v) => versionOut(v, policy.DefaultVersionId, false));
  return pageOutput('Versions', paginate(versions, input, ctx.pageSize));
};

const CreatePolicyVersion: Handler = (ctx, input) => {
  const state = iamState(ctx);
  const record = localPolicy(state, requireArn(input, 'PolicyArn'));
  const document = requireDocument(input, 'PolicyDocument');
  if (record.versions.length >= MAX_VERSIONS) {
    throw limitExceeded(
      'A managed policy can have up to 5 versions. Before you create a new version, you must delete an existing version.',
    );
  }
  parsePolicyDocument(document, 'identity');
  checkManagedSize(document);
  const now = isoNow(ctx);
  const version = { VersionId: `v${record.nextVersion}`, Document: document, CreateDate: now };
  record.nextVersion += 1;
  record.versions.push(version);
  if (toBoolean(input.SetAsDefault)) {
    record.DefaultVersionId = version.VersionId;
    record.UpdateDate = now;
  }
  return { PolicyVersion: versionOut(version, record.DefaultVersionId, false) };
};

const DeletePolicyVersion: Handler = (ctx, input) => {
  const state = iamState(ctx);
  const record = localPolicy(state, requireArn(input, 'PolicyArn'));
  const id = requireVersionId(input);
  if (!record.versions.some((v) => v.VersionId === id)) {
    throw noSuchEntity(`Policy ${record.Arn} version ${id} does not exist or is not attachable.`);
  }
  if (record.DefaultVersionId === id) throw deleteConflict('Cannot delete the default version of a policy.');
  record.versions = record.versions.filter((v) => v.VersionId !== id);
  return {};
};

const SetDefaultPolicyVersion: Handler = (ctx, input) => {
  const state = iamState(ctx);
  const record = localPolicy(state, requireArn(input, 'PolicyArn'));
  const id = requireVersionId(input);
  if (!record.versions.some((v) => v.VersionId === id)) {
    throw noSuchEntity(`Policy ${record.Arn} version ${id} does not exist or is not attachable.`);
  }
  record.DefaultVersionId = id;
  record.UpdateDate = isoNow(ctx);
  return {};
};

const ListPolicies: Handler = (ctx, input) => {
  const state = iamState(ctx);
  const scope = input.Scope === undefined || input.Scope === null ? 'All' : String(input.Scope);
  if (!['All', 'AWS', 'Local'].includes(scope)) {
    throw validationError('Scope', scope, 'Member must satisfy enum value set: [All, AWS, Local]');
  }
  const onlyAttached = toBoolean(input.OnlyAttached) ?? false;
  const prefix = optionalPathPrefix(input);
  const policies = byName(
    allPolicies(state).filter(
      (p) =>
        (scope === 'All' || p.scope === scope) &&
        p.Path.startsWith(prefix) &&
        (!onlyAttached || attachmentCount(state, p.Arn) > 0),
    ),
    (p) => p.PolicyName,
  );
  const page = paginate(policies, input, ctx.pageSize);
  return pageOutput('Policies', { ...page, items: page.items.map((p) => policyOut(state, p, false)) });
};

const ListEntitiesForPolicy: Handler = (ctx, input) => {
  const state = iamState(ctx);
  const policy = requirePolicy(state, requireArn(input, 'PolicyArn'));
  const filter = input.EntityFilter === undefined ? undefined : String(input.EntityFilter);
  const prefix = optionalPathPrefix(input);
  const want = (kind: string) => filter === undefined || filter === kind;
  type Entity = { kind: 'User' | 'Group' | 'Role'; name: string; id: string };
  const entities: Entity[] = [];
  if (want('Group')) {
    for (const g of byName(Object.values(state.groups), (x) => x.GroupName)) {
      if (g.attachedPolicies.includes(policy.Arn) && g.Path.startsWith(prefix)) {
        entities.push({ kind: 'Group', name: g.GroupName, id: g.GroupId });
      }
    }
  }
  if (want('User')) {
    for (const u of byName(Object.values(state.users), (x) => x.UserName)) {
      if (u.attachedPolicies.includes(policy.Arn) && u.Path.startsWith(prefix)) {
        entities.push({ kind: 'User', name: u.UserName, id: u.UserId });
      }
    }
  }
  if (want('Role')) {
    for (const r of byName(Object.values(state.roles), (x) => x.RoleName)) {
      if (r.attachedPolicies.includes(policy.Arn) && r.Path.startsWith(prefix)) {
        entities.push({ kind: 'Role', name: r.RoleName, id: r.RoleId });
      }
    }
  }
  const page = paginate(entities, input, ctx.pageSize);
  const out: Record<string, unknown> = {
    PolicyGroups: page.items
      .filter((e) => e.kind === 'Group')
      .map((e) => ({ GroupName: e.name, GroupId: e.id })),
    PolicyUsers: page.items.filter((e) => e.kind === 'User').map((e) => ({ UserName: e.name, UserId: e.id })),
    PolicyRoles: page.items.filter((e) => e.kind === 'Role').map((e) => ({ RoleName: e.name, RoleId: e.id })),
    IsTruncated: page.IsTruncated,
  };
  if (page.Marker) out.Marker = page.Marker;
  return out;
};

const TagPolicy: Handler = (ctx, input) => {
  const record = localPolicy(iamState(ctx), requireArn(input, 'PolicyArn'));
  record.Tags = mergeTags(record.Tags, parseTags(input.Tags ?? []));
  return {};
};

const UntagPolicy: Handler = (ctx, input) => {
  const record = localPolicy(iamState(ctx), requireArn(input, 'PolicyArn'));
  const keys = new Set(((input.TagKeys as string[] | undefined) ?? []).map((k) => String(k).toLowerCase()));
  record.Tags = record.Tags.filter((t) => !keys.has(t.Key.toLowerCase()));
  return {};
};

const ListPolicyTags: Handler = (ctx, input) => {
  const policy = requirePolicy(iamState(ctx), requireArn(input, 'PolicyArn'));
  return pageOutput('Tags', paginate(tagsOut(policy.record?.Tags ?? []) ?? [], input, ctx.pageSize));
};

export const managedPolicyOperations = {
  CreatePolicy,
  GetPolicy,
  DeletePolicy,
  GetPolicyVersion,
  ListPolicyVersions,
  CreatePolicyVersion,
  DeletePolicyVersion,
  SetDefaultPolicyVersion,
  ListPolicies,
  ListEntitiesForPolicy,
  TagPolicy,
  UntagPolicy,
  ListPolicyTags,
};
