import type { Handler } from '../../core/types';
import { alreadyExists, callerUserName, findUser, noSuchEntity } from './entities';
import { checkPassword, hashPassword } from './passwords';
import { date, iamState, isoNow, type UserRecord } from './state';
import { requireName, toBoolean, toInteger, validationError } from './validate';

function requirePassword(input: Record<string, unknown>, member: string): string {
  const value = input[member];
  if (value === undefined || value === null || value === '') {
    throw validationError(member, undefined, 'Member must not be null');
  }
  const password = String(value);
  // The constraint messages name the member but never echo the password.
  if (password.length > 128)
    throw validationError(member, '***', 'Member must have length less than or equal to 128');
  if (!/^[\u0009\u000A\u000D\u0020-\u00FF]+$/.test(password)) {
    throw validationError(
      member,
      '***',
      'Member must satisfy regular expression pattern: [\\u0009\\u000A\\u000D\\u0020-\\u00FF]+',
    );
  }
  return password;
}

function profileOf(user: UserRecord) {
  if (!user.loginProfile) throw noSuchEntity(`Login Profile for User ${user.UserName} cannot be found.`);
  return user.loginProfile;
}

const CreateLoginProfile: Handler = (ctx, input) => {
  const state = iamState(ctx);
  const name = callerUserName(ctx, input);
  if (name === undefined) throw validationError('UserName', undefined, 'Member must not be null');
  const user = findUser(state, requireName({ UserName: name }, 'UserName', 64));
  const password = requirePassword(input, 'Password');
  if (user.loginProfile) throw alreadyExists(`Login Profile for user ${user.UserName} already exists.`);
  checkPassword(password, state.passwordPolicy);
  const PasswordResetRequired = toBoolean(input.PasswordResetRequired) ?? false;
  user.loginProfile = { CreateDate: isoNow(ctx), PasswordResetRequired, ...hashPassword(password) };
  return {
    LoginProfile: {
      UserName: user.UserName,
      CreateDate: date(user.loginProfile.CreateDate),
      PasswordResetRequired,
    },
  };
};

const GetLoginProfile: Handler = (ctx, input) => {
  const name = callerUserName(ctx, input);
  if (name === undefined) throw validationError('UserName', undefined, 'Member must not be null');
  const user = findUser(iamState(ctx), name);
  const profile = profileOf(user);
  return {
    LoginProfile: {
      UserName: user.UserName,
      CreateDate: date(profile.CreateDate),
      PasswordResetRequired: profile.PasswordResetRequired,
    },
  };
};

const UpdateLoginProfile: Handler = (ctx, input) => {
  const state = iamState(ctx);
  const user = findUser(state, requireName(input, 'UserName', 64));
  const profile = profileOf(user);
  if (input.Password !== undefined && input.Password !== null) {
    const password = requirePassword(input, 'Password');
    checkPassword(password, state.passwordPolicy);
    Object.assign(profile, hashPassword(password));
  }
  const reset = toBoolean(input.PasswordResetRequired);
  if (reset !== undefined) profile.PasswordResetRequired = reset;
  return {};
};

const DeleteLoginProfile: Handler = (ctx, input) => {
  const user = findUser(iamState(ctx), requireName(input, 'UserName', 64));
  profileOf(user);
  delete user.loginProfile;
  return {};
};

const GetAccountPasswordPolicy: Handler = (ctx) => {
  const policy = iamState(ctx).passwordPolicy;
  if (!policy) {
    throw noSuchEntity(`The Password Policy with domain name ${ctx.accountId} cannot be found.`);
  }
  return { PasswordPolicy: { ...policy, ExpirePasswords: policy.MaxPasswordAge !== undefined } };
};

const UpdateAccountPasswordPolicy: Handler = (ctx, input) => {
  const state = iamState(ctx);
  const policy = {
    MinimumPasswordLength: toInteger('MinimumPasswordLength', input.MinimumPasswordLength, 6, 128) ?? 8,
    RequireSymbols: toBoolean(input.RequireSymbols) ?? false,
    RequireNumbers: toBoolean(input.RequireNumbers) ?? false,
    RequireUppercaseCharacters: toBoolean(input.RequireUppercaseCharacters) ?? false,
    RequireLowercaseCharacters: toBoolean(input.RequireLowercaseCharacters) ?? false,
    AllowUsersToChangePassword: toBoolean(input.AllowUsersToChangePassword) ?? false,
  };
  const maxAge = toInteger('MaxPasswordAge', input.MaxPasswordAge, 1, 1095);
  const reuse = toInteger('PasswordReusePrevention', input.PasswordReusePrevention, 1, 24);
  const hard = toBoolean(input.HardExpiry);
  state.passwordPolicy = {
    ...policy,
    ...(maxAge !== undefined ? { MaxPasswordAge: maxAge } : {}),
    ...(reuse !== undefined ? { PasswordReusePrevention: reuse } : {}),
    ...(hard !== undefined ? { HardExpiry: hard } : {}),
  };
  return {};
};

const DeleteAccountPasswordPolicy: Handler = (ctx) => {
  const state = iamState(ctx);
  if (!state.passwordPolicy) {
    throw noSuchEntity(`The account policy with name PasswordPolicy cannot be found.`);
  }
  delete state.passwordPolicy;
  return {};
};

export const loginProfileOperations = {
  CreateLoginProfile,
  GetLoginProfile,
  UpdateLoginProfile,
  DeleteLoginProfile,
  GetAccountPasswordPolicy,
  UpdateAccountPasswordPolicy,
  DeleteAccountPasswordPolicy,
};
