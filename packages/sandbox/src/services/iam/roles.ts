import type { Handler } from '../../core/types';
import { parsePolicyDocument } from '../../policy/parse';
import { checkBoundary } from './boundaries';
import { alreadyExists, deleteConflict, findRole, roleOut } from './entities';
import { byName, pageOutput, paginate, underPath } from './paginate';
import { iamArn, iamState, isoNow, nameKey, newId, tagsOut } from './state';
import { checkTrustPrincipals } from './trust-principals';
import {
  checkLength,
  mergeTags,
  optionalPath,
  optionalPathPrefix,
  parseTags,
  requireDocument,
  requireName,
  toInteger,
} from './validate';

function description(input: Record<string, unknown>): string | undefined {
  if (input.Description === undefined || input.Description === null) return undefined;
  const text = String(input.Description);
  checkLength('Description', text, 0, 1000);
  return text;
}

const CreateRole: Handler = (ctx, input) => {
  const RoleName = requireName(input, 'RoleName', 64);
  const Path = optionalPath(input);
  const document = requireDocument(input, 'AssumeRolePolicyDocument');
  const Description = description(input);
  const MaxSessionDuration = toInteger('MaxSessionDuration', input.MaxSessionDuration, 3600, 43200) ?? 3600;
  const Tags = parseTags(input.Tags);
  const state = iamState(ctx);
  if (state.roles[nameKey(RoleName)]) throw alreadyExists(`Role with name ${RoleName} already exists.`);
  parsePolicyDocument(document, 'trust');
  checkTrustPrincipals(state, ctx.accountId, document);
  const role = {
    RoleName,
    RoleId: newId(ctx, 'AROA'),
    Arn: iamArn(ctx.accountId, 'role', Path, RoleName),
    Path,
    CreateDate: isoNow(ctx),
    AssumeRolePolicyDocument: document,
    ...(Description !== undefined ? { Description } : {}),
    MaxSessionDuration,
    Tags,
    ...(input.PermissionsBoundary
      ? { PermissionsBoundary: checkBoundary(state, String(input.PermissionsBoundary)) }
      : {}),
    attachedPolicies: [],
    inlinePolicies: {},
  };
  state.roles[nameKey(RoleName)] = role;
  const out = roleOut(role);
  // CreateRole echoes the tags but not MaxSessionDuration or RoleLastUsed.
  delete out.MaxSessionDuration;
  const tags = tagsOut(Tags);
  if (tags) out.Tags = tags;
  return { Role: out };
};

const GetRole: Handler = (ctx, input) => ({
  Role: roleOut(findRole(iamState(ctx), requireName(input, 'RoleName', 64)), true),
});

const ListRoles: Handler = (ctx, input) => {
  const prefix = optionalPathPrefix(input);
  const roles = byName(underPath(Object.values(iamState(ctx).roles), prefix), (r) => r.RoleName);
  const page = paginate(roles, input, ctx.pageSize);
  return pageOutput('Roles', { ...page, items: page.items.map((r) => roleOut(r)) });
};

const DeleteRole: Handler = (ctx, input) => {
  const state = iamState(ctx);
  const role = findRole(state, requireName(input, 'RoleName', 64));
  const key = nameKey(role.RoleName);
  if (Object.values(state.instanceProfiles).some((p) => p.roles.includes(key))) {
    throw deleteConflict('Cannot delete entity, must remove roles from instance profile first.');
  }
  if (role.attachedPolicies.length > 0)
    throw deleteConflict('Cannot delete entity, must detach all policies first.');
  if (Object.keys(role.inlinePolicies).length > 0) {
    throw deleteConflict('Cannot delete entity, must delete policies first.');
  }
  delete state.roles[key];
  return {};
};

const UpdateAssumeRolePolicy: Handler = (ctx, input) => {
  const state = iamState(ctx);
  const role = findRole(state, requireName(input, 'RoleName', 64));
  const document = requireDocument(input, 'PolicyDocument');
  parsePolicyDocument(document, 'trust');
  checkTrustPrincipals(state, ctx.accountId, document);
  role.AssumeRolePolicyDocument = document;
  return {};
};

const UpdateRole: Handler = (ctx, input) => {
  const role = findRole(iamState(ctx), requireName(input, 'RoleName', 64));
  const text = description(input);
  if (text !== undefined) role.Description = text;
  const max = toInteger('MaxSessionDuration', input.MaxSessionDuration, 3600, 43200);
  if (max !== undefined) role.MaxSessionDuration = max;
  return {};
};

const TagRole: Handler = (ctx, input) => {
  const role = findRole(iamState(ctx), requireName(input, 'RoleName', 64));
  role.Tags = mergeTags(role.Tags, parseTags(input.Tags ?? []));
  return {};
};

const UntagRole: Handler = (ctx, input) => {
  const role = findRole(iamState(ctx), requireName(input, 'RoleName', 64));
  const keys = new Set(((input.TagKeys as string[] | undefined) ?? []).map((k) => String(k).toLowerCase()));
  role.Tags = role.Tags.filter((t) => !keys.has(t.Key.toLowerCase()));
  return {};
};

const ListRoleTags: Handler = (ctx, input) => {
  const role = findRole(iamState(ctx), requireName(input, 'RoleName', 64));
  return pageOutput('Tags', paginate(tagsOut(role.Tags) ?? [], input, ctx.pageSize));
};

export const roleOperations = {
  CreateRole,
  GetRole,
  ListRoles,
  DeleteRole,
  UpdateAssumeRolePolicy,
  UpdateRole,
  TagRole,
  UntagRole,
  ListRoleTags,
};
