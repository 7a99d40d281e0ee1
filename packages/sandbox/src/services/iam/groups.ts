import type { Handler } from '../../core/types';
import {
  alreadyExists,
  deleteConflict,
  findGroup,
  findUser,
  groupOut,
  limitExceeded,
  noSuchEntity,
  userOut,
} from './entities';
import { byName, pageOutput, paginate, underPath } from './paginate';
import { iamArn, iamState, isoNow, nameKey, newId } from './state';
import { optionalPath, optionalPathPrefix, requireName } from './validate';

const MAX_GROUPS_PER_USER = 10;

const CreateGroup: Handler = (ctx, input) => {
  const GroupName = requireName(input, 'GroupName', 128);
  const Path = optionalPath(input);
  const state = iamState(ctx);
  if (state.groups[nameKey(GroupName)]) throw alreadyExists(`Group with name ${GroupName} already exists.`);
  const group = {
    GroupName,
    GroupId: newId(ctx, 'AGPA'),
    Arn: iamArn(ctx.accountId, 'group', Path, GroupName),
    Path,
    CreateDate: isoNow(ctx),
    attachedPolicies: [],
    inlinePolicies: {},
  };
  state.groups[nameKey(GroupName)] = group;
  return { Group: groupOut(group) };
};

const GetGroup: Handler = (ctx, input) => {
  const state = iamState(ctx);
  const group = findGroup(state, requireName(input, 'GroupName', 128));
  const key = nameKey(group.GroupName);
  const members = byName(
    Object.values(state.users).filter((u) => u.groups.includes(key)),
    (u) => u.UserName,
  );
  const page = paginate(members, input, ctx.pageSize);
  return {
    Group: groupOut(group),
    ...pageOutput('Users', { ...page, items: page.items.map((u) => userOut(u, false)) }),
  };
};

const ListGroups: Handler = (ctx, input) => {
  const prefix = optionalPathPrefix(input);
  const groups = byName(underPath(Object.values(iamState(ctx).groups), prefix), (g) => g.GroupName);
  const page = paginate(groups, input, ctx.pageSize);
  return pageOutput('Groups', { ...page, items: page.items.map(groupOut) });
};

const DeleteGroup: Handler = (ctx, input) => {
  const state = iamState(ctx);
  const group = findGroup(state, requireName(input, 'GroupName', 128));
  const key = nameKey(group.GroupName);
  if (Object.values(state.users).some((u) => u.groups.includes(key))) {
    throw deleteConflict('Cannot delete entity, must remove users from group first.');
  }
  if (group.attachedPolicies.length > 0)
    throw deleteConflict('Cannot delete entity, must detach all policies first.');
  if (Object.keys(group.inlinePolicies).length > 0) {
    throw deleteConflict('Cannot delete entity, must delete policies first.');
  }
  delete state.groups[key];
  return {};
};

const AddUserToGroup: Handler = (ctx, input) => {
  const state = iamState(ctx);
  const group = findGroup(state, requireName(input, 'GroupName', 128));
  const user = findUser(state, requireName(input, 'UserName', 64));
  const key = nameKey(group.GroupName);
  if (user.groups.includes(key)) return {};
  if (user.groups.length >= MAX_GROUPS_PER_USER) {
    throw limitExceeded(`Cannot exceed quota for GroupsPerUser: ${MAX_GROUPS_PER_USER}`);
  }
  user.groups.push(key);
  return {};
};

const RemoveUserFromGroup: Handler = (ctx, input) => {
  const state = iamState(ctx);
  const group = findGroup(state, requireName(input, 'GroupName', 128));
  const user = findUser(state, requireName(input, 'UserName', 64));
  const key = nameKey(group.GroupName);
  if (!user.groups.includes(key)) {
    throw noSuchEntity(`The user with name ${user.UserName} cannot be found.`);
  }
  user.groups = user.groups.filter((g) => g !== key);
  return {};
};

const ListGroupsForUser: Handler = (ctx, input) => {
  const state = iamState(ctx);
  const user = findUser(state, requireName(input, 'UserName', 128));
  const groups = user.groups.map((k) => state.groups[k]).filter((g) => g !== undefined);
  const page = paginate(groups, input, ctx.pageSize);
  return pageOutput('Groups', { ...page, items: page.items.map(groupOut) });
};

export const groupOperations = {
  CreateGroup,
  GetGroup,
  ListGroups,
  DeleteGroup,
  AddUserToGroup,
  RemoveUserFromGroup,
  ListGroupsForUser,
};
