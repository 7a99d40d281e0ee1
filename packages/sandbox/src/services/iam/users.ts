import { untracked } from '../../core/derived';
import { AwsError, type Handler } from '../../core/types';
import { checkBoundary } from './boundaries';
import { alreadyExists, callerUserName, deleteConflict, findUser, userOut } from './entities';
import { pageOutput, paginate } from './paginate';
import { iamArn, iamState, isoNow, nameKey, newId, tagsOut } from './state';
import { userAdded, userRemoved, usersInOrder } from './user-order';
import { mergeTags, optionalPath, optionalPathPrefix, parseTags, requireName } from './validate';

const CreateUser: Handler = (ctx, input) => {
  const UserName = requireName(input, 'UserName', 64);
  const Path = optionalPath(input);
  const Tags = parseTags(input.Tags);
  const state = iamState(ctx);
  if (state.users[nameKey(UserName)]) throw alreadyExists(`User with name ${UserName} already exists.`);
  const user = {
    UserName,
    UserId: newId(ctx, 'AIDA'),
    Arn: iamArn(ctx.accountId, 'user', Path, UserName),
    Path,
    CreateDate: isoNow(ctx),
    Tags,
    groups: [],
    attachedPolicies: [],
    inlinePolicies: {},
    ...(input.PermissionsBoundary
      ? { PermissionsBoundary: checkBoundary(state, String(input.PermissionsBoundary)) }
      : {}),
  };
  state.users[nameKey(UserName)] = user;
  userAdded(state.users, nameKey(UserName));
  return { User: userOut(user) };
};

const GetUser: Handler = (ctx, input) => {
  const name = callerUserName(ctx, input);
  if (name === undefined) {
    if (ctx.principal.type === 'root') {
      // What AWS answers for the account's root user: no name, no path.
      return {
        User: { UserId: ctx.accountId, Arn: ctx.principal.arn, CreateDate: new Date('2020-01-01T00:00:00Z') },
      };
    }
    throw new AwsError('ValidationError', 'Must specify userName when calling with non-User credentials');
  }
  return { User: userOut(findUser(iamState(ctx), name)) };
};

const ListUsers: Handler = (ctx, input) => {
  const prefix = optionalPathPrefix(input);
  const { users } = iamState(ctx);
  const keys = usersInOrder(users);
  // Every path starts with `/` (optionalPath checks it), so the default prefix keeps everyone and a page is a
  // slice of the index. Another prefix reads each user's path, without tracking, as the listing did before.
  const plain = untracked(users);
  const listed = prefix === '/' ? keys : keys.filter((key) => plain[key]?.Path.startsWith(prefix));
  const page = paginate(listed, input, ctx.pageSize);
  return pageOutput('Users', { ...page, items: page.items.map((key) => userOut(users[key]!, false)) });
};

const UpdateUser: Handler = (ctx, input) => {
  const UserName = requireName(input, 'UserName', 128);
  const state = iamState(ctx);
  const user = findUser(state, UserName);
  const newName = input.NewUserName ? requireName(input, 'NewUserName', 64) : user.UserName;
  const newPath = input.NewPath ? optionalPath(input, 'NewPath') : user.Path;
  if (nameKey(newName) !== nameKey(user.UserName) && state.users[nameKey(newName)]) {
    throw alreadyExists(`User with name ${newName} already exists.`);
  }
  delete state.users[nameKey(user.UserName)];
  const oldKey = nameKey(user.UserName);
  userRemoved(state.users, oldKey);
  user.UserName = newName;
  user.Path = newPath;
  user.Arn = iamArn(ctx.accountId, 'user', newPath, newName);
  state.users[nameKey(newName)] = user;
  userAdded(state.users, nameKey(newName));
  for (const key of Object.values(state.accessKeys)) if (key.user === oldKey) key.user = nameKey(newName);
  return {};
};

const DeleteUser: Handler = (ctx, input) => {
  const UserName = requireName(input, 'UserName', 128);
  const state = iamState(ctx);
  const user = findUser(state, UserName);
  const key = nameKey(user.UserName);
  // The order AWS checks in: credentials first, then memberships, then policies.
  if (Object.values(state.accessKeys).some((k) => k.user === key)) {
    throw deleteConflict('Cannot delete entity, must delete access keys first.');
  }
  if (user.loginProfile) throw deleteConflict('Cannot delete entity, must delete login profile first.');
  if (user.groups.length > 0)
    throw deleteConflict('Cannot delete entity, must remove user from all groups first.');
  if (user.attachedPolicies.length > 0)
    throw deleteConflict('Cannot delete entity, must detach all policies first.');
  if (Object.keys(user.inlinePolicies).length > 0) {
    throw deleteConflict('Cannot delete entity, must delete policies first.');
  }
  delete state.users[key];
  userRemoved(state.users, key);
  return {};
};

const TagUser: Handler = (ctx, input) => {
  const user = findUser(iamState(ctx), requireName(input, 'UserName', 128));
  user.Tags = mergeTags(user.Tags, parseTags(input.Tags ?? []));
  return {};
};

const UntagUser: Handler = (ctx, input) => {
  const user = findUser(iamState(ctx), requireName(input, 'UserName', 128));
  const keys = new Set(((input.TagKeys as string[] | undefined) ?? []).map((k) => String(k).toLowerCase()));
  user.Tags = user.Tags.filter((t) => !keys.has(t.Key.toLowerCase()));
  return {};
};

const ListUserTags: Handler = (ctx, input) => {
  const user = findUser(iamState(ctx), requireName(input, 'UserName', 128));
  return pageOutput('Tags', paginate(tagsOut(user.Tags) ?? [], input, ctx.pageSize));
};

export const userOperations = {
  CreateUser,
  GetUser,
  ListUsers,
  UpdateUser,
  DeleteUser,
  TagUser,
  UntagUser,
  ListUserTags,
};
