import type { Handler } from '../../core/types';
import {
  alreadyExists,
  deleteConflict,
  findInstanceProfile,
  findRole,
  instanceProfileOut,
  limitExceeded,
  noSuchEntity,
} from './entities';
import { byName, pageOutput, paginate, underPath } from './paginate';
import { iamArn, iamState, isoNow, nameKey, newId, tagsOut } from './state';
import { optionalPath, optionalPathPrefix, parseTags, requireName } from './validate';

const MAX_ROLES_PER_PROFILE = 1;

const CreateInstanceProfile: Handler = (ctx, input) => {
  const InstanceProfileName = requireName(input, 'InstanceProfileName', 128);
  const Path = optionalPath(input);
  const Tags = parseTags(input.Tags);
  const state = iamState(ctx);
  if (state.instanceProfiles[nameKey(InstanceProfileName)]) {
    throw alreadyExists(`Instance Profile ${InstanceProfileName} already exists.`);
  }
  const profile = {
    InstanceProfileName,
    InstanceProfileId: newId(ctx, 'AIPA'),
    Arn: iamArn(ctx.accountId, 'instance-profile', Path, InstanceProfileName),
    Path,
    CreateDate: isoNow(ctx),
    Tags,
    roles: [],
  };
  state.instanceProfiles[nameKey(InstanceProfileName)] = profile;
  return { InstanceProfile: instanceProfileOut(state, profile) };
};

const GetInstanceProfile: Handler = (ctx, input) => {
  const state = iamState(ctx);
  return {
    InstanceProfile: instanceProfileOut(
      state,
      findInstanceProfile(state, requireName(input, 'InstanceProfileName', 128)),
    ),
  };
};

const ListInstanceProfiles: Handler = (ctx, input) => {
  const state = iamState(ctx);
  const prefix = optionalPathPrefix(input);
  const profiles = byName(
    underPath(Object.values(state.instanceProfiles), prefix),
    (p) => p.InstanceProfileName,
  );
  const page = paginate(profiles, input, ctx.pageSize);
  return pageOutput('InstanceProfiles', {
    ...page,
    items: page.items.map((p) => {
      const out = instanceProfileOut(state, p);
      delete out.Tags;
      return out;
    }),
  });
};

const ListInstanceProfilesForRole: Handler = (ctx, input) => {
  const state = iamState(ctx);
  const role = findRole(state, requireName(input, 'RoleName', 64));
  const key = nameKey(role.RoleName);
  const profiles = byName(
    Object.values(state.instanceProfiles).filter((p) => p.roles.includes(key)),
    (p) => p.InstanceProfileName,
  );
  const page = paginate(profiles, input, ctx.pageSize);
  return pageOutput('InstanceProfiles', {
    ...page,
    items: page.items.map((p) => instanceProfileOut(state, p)),
  });
};

const DeleteInstanceProfile: Handler = (ctx, input) => {
  const state = iamState(ctx);
  const profile = findInstanceProfile(state, requireName(input, 'InstanceProfileName', 128));
  if (profile.roles.length > 0) {
    throw deleteConflict('Cannot delete entity, must remove roles from instance profile first.');
  }
  delete state.instanceProfiles[nameKey(profile.InstanceProfileName)];
  return {};
};

const AddRoleToInstanceProfile: Handler = (ctx, input) => {
  const state = iamState(ctx);
  const profile = findInstanceProfile(state, requireName(input, 'InstanceProfileName', 128));
  const role = findRole(state, requireName(input, 'RoleName', 64));
  if (profile.roles.length >= MAX_ROLES_PER_PROFILE) {
    throw limitExceeded(
      `Cannot exceed quota for InstanceSessionsPerInstanceProfile: ${MAX_ROLES_PER_PROFILE}`,
    );
  }
  profile.roles.push(nameKey(role.RoleName));
  return {};
};

const RemoveRoleFromInstanceProfile: Handler = (ctx, input) => {
  const state = iamState(ctx);
  const profile = findInstanceProfile(state, requireName(input, 'InstanceProfileName', 128));
  const role = findRole(state, requireName(input, 'RoleName', 64));
  const key = nameKey(role.RoleName);
  if (!profile.roles.includes(key)) {
    throw noSuchEntity(`The role with name ${role.RoleName} cannot be found.`);
  }
  profile.roles = profile.roles.filter((r) => r !== key);
  return {};
};

// ListInstanceProfiles leaves tags out, as AWS does ("this operation does not return tags"): they are read here.
const ListInstanceProfileTags: Handler = (ctx, input) => {
  const profile = findInstanceProfile(iamState(ctx), requireName(input, 'InstanceProfileName', 128));
  return pageOutput('Tags', paginate(tagsOut(profile.Tags) ?? [], input, ctx.pageSize));
};

export const instanceProfileOperations = {
  CreateInstanceProfile,
  GetInstanceProfile,
  ListInstanceProfiles,
  ListInstanceProfilesForRole,
  ListInstanceProfileTags,
  DeleteInstanceProfile,
  AddRoleToInstanceProfile,
  RemoveRoleFromInstanceProfile,
};
