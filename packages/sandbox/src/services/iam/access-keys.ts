import type { Handler } from '../../core/types';
import { callerUserName, findUser, limitExceeded, noSuchEntity } from './entities';
import { pageOutput, paginate } from './paginate';
import { date, iamState, isoNow, nameKey, newId, newSecret } from './state';
import { checkLength, requireString, validationError } from './validate';

const MAX_KEYS_PER_USER = 2;

function ownerName(ctx: Parameters<Handler>[0], input: Record<string, unknown>): string {
  const name = callerUserName(ctx, input);
  if (name === undefined) throw validationError('UserName', undefined, 'Member must not be null');
  return name;
}

function requireKeyId(input: Record<string, unknown>): string {
  const id = requireString(input, 'AccessKeyId');
  checkLength('AccessKeyId', id, 16, 128);
  if (!/^\w+$/.test(id))
    throw validationError('AccessKeyId', id, 'Member must satisfy regular expression pattern: [\\w]+');
  return id;
}

function notFound(id: string) {
  return noSuchEntity(`The Access Key with id ${id} cannot be found.`);
}

const CreateAccessKey: Handler = (ctx, input) => {
  const state = iamState(ctx);
  const user = findUser(state, ownerName(ctx, input));
  const key = nameKey(user.UserName);
  if (Object.values(state.accessKeys).filter((k) => k.user === key).length >= MAX_KEYS_PER_USER) {
    throw limitExceeded(`Cannot exceed quota for AccessKeysPerUser: ${MAX_KEYS_PER_USER}`);
  }
  const record = {
    AccessKeyId: newId(ctx, 'AKIA'),
    SecretAccessKey: newSecret(ctx),
    user: key,
    Status: 'Active' as const,
    CreateDate: isoNow(ctx),
  };
  state.accessKeys[record.AccessKeyId] = record;
  return {
    AccessKey: {
      UserName: user.UserName,
      AccessKeyId: record.AccessKeyId,
      Status: record.Status,
      SecretAccessKey: record.SecretAccessKey,
      CreateDate: date(record.CreateDate),
    },
  };
};

const ListAccessKeys: Handler = (ctx, input) => {
  const state = iamState(ctx);
  const user = findUser(state, ownerName(ctx, input));
  const key = nameKey(user.UserName);
  const keys = Object.values(state.accessKeys)
    .filter((k) => k.user === key)
    .sort((a, b) => a.CreateDate.localeCompare(b.CreateDate))
    .map((k) => ({
      UserName: user.UserName,
      AccessKeyId: k.AccessKeyId,
      Status: k.Status,
      CreateDate: date(k.CreateDate),
    }));
  return pageOutput('AccessKeyMetadata', paginate(keys, input, ctx.pageSize));
};

/** The key must belong to the named (or calling) user. */
function ownedKey(ctx: Parameters<Handler>[0], input: Record<string, unknown>) {
  const state = iamState(ctx);
  const id = requireKeyId(input);
  const user = findUser(state, ownerName(ctx, input));
  const record = state.accessKeys[id];
  if (!record || record.user !== nameKey(user.UserName)) throw notFound(id);
  return { state, record };
}

const UpdateAccessKey: Handler = (ctx, input) => {
  const status = requireString(input, 'Status');
  if (status !== 'Active' && status !== 'Inactive') {
    throw validationError('Status', status, 'Member must satisfy enum value set: [Active, Inactive]');
  }
  ownedKey(ctx, input).record.Status = status;
  return {};
};

const DeleteAccessKey: Handler = (ctx, input) => {
  const { state, record } = ownedKey(ctx, input);
  const user = state.users[record.user]!;
  delete state.accessKeys[record.AccessKeyId];
  state.deletedAccessKeys[record.AccessKeyId] = {
    SecretAccessKey: record.SecretAccessKey,
    userArn: user.Arn,
    userId: user.UserId,
    userName: user.UserName,
  };
  return {};
};

const GetAccessKeyLastUsed: Handler = (ctx, input) => {
  const state = iamState(ctx);
  const id = requireKeyId(input);
  const record = state.accessKeys[id];
  if (!record) throw notFound(id);
  const user = state.users[record.user];
  const used = record.lastUsed;
  return {
    UserName: user?.UserName,
    AccessKeyLastUsed: used
      ? { LastUsedDate: date(used.LastUsedDate), ServiceName: used.ServiceName, Region: used.Region }
      : { ServiceName: 'N/A', Region: 'N/A' },
  };
};

export const accessKeyOperations = {
  CreateAccessKey,
  ListAccessKeys,
  UpdateAccessKey,
  DeleteAccessKey,
  GetAccessKeyLastUsed,
};
