import {
  AddUserToGroupCommand,
  AttachUserPolicyCommand,
  CreateAccessKeyCommand,
  CreateGroupCommand,
  CreateLoginProfileCommand,
  CreateUserCommand,
  DeleteAccessKeyCommand,
  DeleteAccountPasswordPolicyCommand,
  DeleteLoginProfileCommand,
  DeleteUserCommand,
  DeleteUserPolicyCommand,
  DetachUserPolicyCommand,
  GetAccessKeyLastUsedCommand,
  GetAccountPasswordPolicyCommand,
  GetLoginProfileCommand,
  GetUserCommand,
  ListAccessKeysCommand,
  ListUsersCommand,
  ListUserTagsCommand,
  PutUserPolicyCommand,
  RemoveUserFromGroupCommand,
  TagUserCommand,
  UntagUserCommand,
  UpdateAccessKeyCommand,
  UpdateAccountPasswordPolicyCommand,
  UpdateLoginProfileCommand,
  UpdateUserCommand,
} from '@aws-sdk/client-iam';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { iamClient, sdkError, startTestSandbox, type TestSandbox } from './__fixtures__/sandbox';

/* Users, login profiles and access keys through the real SDK v3 IAM client over HTTP. */

let sb: TestSandbox;
let iam: ReturnType<typeof iamClient>;
beforeAll(async () => {
  sb = await startTestSandbox('users');
  iam = iamClient(sb.url);
});
afterAll(() => sb.close());

describe('users', () => {
  it('CreateUser with a path and tags, GetUser, ListUsers', async () => {
    const created = await iam.send(
      new CreateUserCommand({
        UserName: 'alice',
        Path: '/division/',
        Tags: [{ Key: 'team', Value: 'blue' }],
      }),
    );
    expect(created.User).toMatchObject({
      Path: '/division/',
      UserName: 'alice',
      Arn: 'arn:aws:iam::123456789012:user/division/alice',
      Tags: [{ Key: 'team', Value: 'blue' }],
    });
    expect(created.User?.UserId).toMatch(/^AIDA[A-Z2-7]{17}$/);
    expect(created.User?.CreateDate).toBeInstanceOf(Date);

    const got = await iam.send(new GetUserCommand({ UserName: 'ALICE' }));
    expect(got.User?.UserId).toBe(created.User?.UserId);
    await iam.send(new CreateUserCommand({ UserName: 'bob' }));
    const all = await iam.send(new ListUsersCommand({}));
    expect(all.Users?.map((u) => u.UserName)).toEqual(['alice', 'bob']);
    expect(all.IsTruncated).toBe(false);
    const division = await iam.send(new ListUsersCommand({ PathPrefix: '/division/' }));
    expect(division.Users?.map((u) => u.UserName)).toEqual(['alice']);
  });

  it('GetUser without a name answers for the caller (root here)', async () => {
    const me = await iam.send(new GetUserCommand({}));
    expect(me.User?.Arn).toBe('arn:aws:iam::123456789012:root');
    expect(me.User?.UserId).toBe('123456789012');
  });

  it('pages ListUsers with MaxItems and Marker', async () => {
    const first = await iam.send(new ListUsersCommand({ MaxItems: 1 }));
    expect(first.Users?.map((u) => u.UserName)).toEqual(['alice']);
    expect(first.IsTruncated).toBe(true);
    const second = await iam.send(new ListUsersCommand({ MaxItems: 1, Marker: first.Marker }));
    expect(second.Users?.map((u) => u.UserName)).toEqual(['bob']);
    expect(second.IsTruncated).toBe(false);
    expect(second.Marker).toBeUndefined();
  });

  it('tags: TagUser, ListUserTags, UntagUser', async () => {
    await iam.send(new TagUserCommand({ UserName: 'bob', Tags: [{ Key: 'handson:lab', Value: '01-iam' }] }));
    expect((await iam.send(new ListUserTagsCommand({ UserName: 'bob' }))).Tags).toEqual([
      { Key: 'handson:lab', Value: '01-iam' },
    ]);
    await iam.send(new UntagUserCommand({ UserName: 'bob', TagKeys: ['handson:lab'] }));
    expect((await iam.send(new ListUserTagsCommand({ UserName: 'bob' }))).Tags).toEqual([]);
  });

  it.each([
    [{ UserName: 'alice' }, 'EntityAlreadyExistsException', 'User with name alice already exists.'],
    [{ UserName: 'Alice' }, 'EntityAlreadyExistsException', 'User with name Alice already exists.'],
    [
      { UserName: 'bad name' },
      'ValidationError',
      "1 validation error detected: Value 'bad name' at 'userName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]+",
    ],
    [
      { UserName: 'x'.repeat(65) },
      'ValidationError',
      `1 validation error detected: Value '${'x'.repeat(65)}' at 'userName' failed to satisfy constraint: Member must have length less than or equal to 64`,
    ],
    [
      { UserName: 'carol', Path: 'no-slashes' },
      'ValidationError',
      "1 validation error detected: Value 'no-slashes' at 'path' failed to satisfy constraint: Member must satisfy regular expression pattern: (\\u002F)|(\\u002F[\\u0021-\\u007F]+\\u002F)",
    ],
  ])('CreateUser %j → %s', async (input, code, message) => {
    const err = await sdkError(iam.send(new CreateUserCommand(input)));
    expect(err).toMatchObject({ name: code, message });
  });

  it('NoSuchEntity for a missing user', async () => {
    const err = await sdkError(iam.send(new GetUserCommand({ UserName: 'nobody' })));
    expect(err).toEqual({
      name: 'NoSuchEntityException',
      message: 'The user with name nobody cannot be found.',
      status: 404,
    });
  });
});

describe('login profiles and the password policy', () => {
  it('Create, Get, Update, Delete; the password is never echoed', async () => {
    const created = await iam.send(
      new CreateLoginProfileCommand({ UserName: 'alice', Password: '#userPass123' }),
    );
    expect(created.LoginProfile).toMatchObject({ UserName: 'alice', PasswordResetRequired: false });
    expect(JSON.stringify(created)).not.toContain('userPass123');
    const err = await sdkError(
      iam.send(new CreateLoginProfileCommand({ UserName: 'alice', Password: '#userPass123' })),
    );
    expect(err).toMatchObject({
      name: 'EntityAlreadyExistsException',
      message: 'Login Profile for user alice already exists.',
    });
    await iam.send(new UpdateLoginProfileCommand({ UserName: 'alice', PasswordResetRequired: true }));
    const got = await iam.send(new GetLoginProfileCommand({ UserName: 'alice' }));
    expect(got.LoginProfile).toMatchObject({ UserName: 'alice', PasswordResetRequired: true });
    await iam.send(new DeleteLoginProfileCommand({ UserName: 'alice' }));
    expect(await sdkError(iam.send(new GetLoginProfileCommand({ UserName: 'alice' })))).toMatchObject({
      name: 'NoSuchEntityException',
      message: 'Login Profile for User alice cannot be found.',
    });
  });

  it('PasswordPolicyViolation against the default and an account policy', async () => {
    expect(
      await sdkError(iam.send(new CreateLoginProfileCommand({ UserName: 'bob', Password: 'short' }))),
    ).toMatchObject({
      name: 'PasswordPolicyViolationException',
      message: 'Password should have a minimum length of 8',
    });
    expect(await sdkError(iam.send(new GetAccountPasswordPolicyCommand({})))).toMatchObject({
      name: 'NoSuchEntityException',
    });
    await iam.send(
      new UpdateAccountPasswordPolicyCommand({
        MinimumPasswordLength: 10,
        RequireSymbols: true,
        RequireNumbers: true,
      }),
    );
    expect((await iam.send(new GetAccountPasswordPolicyCommand({}))).PasswordPolicy).toMatchObject({
      MinimumPasswordLength: 10,
      RequireSymbols: true,
      RequireNumbers: true,
      RequireUppercaseCharacters: false,
    });
    const cases: Array<[string, string]> = [
      ['abcdefgh1!', ''],
      ['abcdefghij!', 'Password should have at least one number'],
      ['abcdefghij1', 'Password should have at least one symbol'],
      ['abc1!', 'Password should have a minimum length of 10'],
    ];
    for (const [password, message] of cases) {
      if (!message) continue;
      const e = await sdkError(
        iam.send(new CreateLoginProfileCommand({ UserName: 'bob', Password: password })),
      );
      expect(e).toMatchObject({ name: 'PasswordPolicyViolationException', message });
      expect(e.message).not.toContain(password);
    }
    await iam.send(new CreateLoginProfileCommand({ UserName: 'bob', Password: 'abcdefgh1!' }));
    await iam.send(new DeleteLoginProfileCommand({ UserName: 'bob' }));
    await iam.send(new DeleteAccountPasswordPolicyCommand({}));
  });
  it('a password outside the model pattern or too long is refused without echoing it', async () => {
    for (const password of ['パスワード123abc', `Aa1!${'x'.repeat(130)}`]) {
      const e = await sdkError(
        iam.send(new CreateLoginProfileCommand({ UserName: 'bob', Password: password })),
      );
      expect(e.name).toBe('ValidationError');
      expect(e.message).toMatch(
        /^1 validation error detected: Value '\*\*\*' at 'password' failed to satisfy constraint: /,
      );
      expect(e.message).not.toContain(password);
    }
  });
});

describe('access keys', () => {
  it('CreateAccessKey (AKIA + 16, 40-char secret), at most two, ListAccessKeys, UpdateAccessKey', async () => {
    const a = await iam.send(new CreateAccessKeyCommand({ UserName: 'bob' }));
    expect(a.AccessKey?.AccessKeyId).toMatch(/^AKIA[A-Z2-7]{16}$/);
    expect(a.AccessKey?.SecretAccessKey).toMatch(/^[A-Za-z0-9+/]{40}$/);
    expect(a.AccessKey).toMatchObject({ UserName: 'bob', Status: 'Active' });
    const b = await iam.send(new CreateAccessKeyCommand({ UserName: 'bob' }));
    expect(await sdkError(iam.send(new CreateAccessKeyCommand({ UserName: 'bob' })))).toMatchObject({
      name: 'LimitExceededException',
      message: 'Cannot exceed quota for AccessKeysPerUser: 2',
    });
    await iam.send(
      new UpdateAccessKeyCommand({
        UserName: 'bob',
        AccessKeyId: b.AccessKey!.AccessKeyId,
        Status: 'Inactive',
      }),
    );
    const listed = await iam.send(new ListAccessKeysCommand({ UserName: 'bob' }));
    expect(listed.AccessKeyMetadata?.map((k) => [k.AccessKeyId, k.Status])).toEqual([
      [a.AccessKey!.AccessKeyId, 'Active'],
      [b.AccessKey!.AccessKeyId, 'Inactive'],
    ]);
    expect(JSON.stringify(listed)).not.toContain(a.AccessKey!.SecretAccessKey!);
  });

  it('GetAccessKeyLastUsed before any use, and NoSuchEntity for an unknown key', async () => {
    const keys = await iam.send(new ListAccessKeysCommand({ UserName: 'bob' }));
    const id = keys.AccessKeyMetadata![0]!.AccessKeyId!;
    const used = await iam.send(new GetAccessKeyLastUsedCommand({ AccessKeyId: id }));
    expect(used).toMatchObject({ UserName: 'bob', AccessKeyLastUsed: { ServiceName: 'N/A', Region: 'N/A' } });
    expect(
      await sdkError(iam.send(new GetAccessKeyLastUsedCommand({ AccessKeyId: 'AKIAUNKNOWN01EXAMPLE' }))),
    ).toMatchObject({
      name: 'NoSuchEntityException',
      message: 'The Access Key with id AKIAUNKNOWN01EXAMPLE cannot be found.',
    });
  });
});

describe('DeleteUser refuses while anything is left, in the order AWS checks', () => {
  it('keys, login profile, groups, attached policies, inline policies', async () => {
    const del = () => sdkError(iam.send(new DeleteUserCommand({ UserName: 'bob' })));
    const conflict = (message: string) => ({ name: 'DeleteConflictException', message, status: 409 });
    await iam.send(new CreateLoginProfileCommand({ UserName: 'bob', Password: '#userPass123' }));
    await iam.send(new CreateGroupCommand({ GroupName: 'g1' }));
    await iam.send(new AddUserToGroupCommand({ GroupName: 'g1', UserName: 'bob' }));
    await iam.send(
      new AttachUserPolicyCommand({ UserName: 'bob', PolicyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' }),
    );
    const policy = JSON.stringify({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Action: 's3:*', Resource: '*' }],
    });
    await iam.send(
      new PutUserPolicyCommand({ UserName: 'bob', PolicyName: 'inline', PolicyDocument: policy }),
    );

    expect(await del()).toEqual(conflict('Cannot delete entity, must delete access keys first.'));
    for (const k of (await iam.send(new ListAccessKeysCommand({ UserName: 'bob' }))).AccessKeyMetadata ??
      []) {
      await iam.send(new DeleteAccessKeyCommand({ UserName: 'bob', AccessKeyId: k.AccessKeyId }));
    }
    expect(await del()).toEqual(conflict('Cannot delete entity, must delete login profile first.'));
    await iam.send(new DeleteLoginProfileCommand({ UserName: 'bob' }));
    expect(await del()).toEqual(conflict('Cannot delete entity, must remove user from all groups first.'));
    await iam.send(new RemoveUserFromGroupCommand({ GroupName: 'g1', UserName: 'bob' }));
    expect(await del()).toEqual(conflict('Cannot delete entity, must detach all policies first.'));
    await iam.send(
      new DetachUserPolicyCommand({ UserName: 'bob', PolicyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' }),
    );
    expect(await del()).toEqual(conflict('Cannot delete entity, must delete policies first.'));
    await iam.send(new DeleteUserPolicyCommand({ UserName: 'bob', PolicyName: 'inline' }));
    await iam.send(new DeleteUserCommand({ UserName: 'bob' }));
    expect(await sdkError(iam.send(new GetUserCommand({ UserName: 'bob' })))).toMatchObject({
      name: 'NoSuchEntityException',
    });
  });

  it('UpdateUser renames and moves a user; its keys follow', async () => {
    await iam.send(new CreateUserCommand({ UserName: 'old-name' }));
    const k = await iam.send(new CreateAccessKeyCommand({ UserName: 'old-name' }));
    await iam.send(
      new UpdateUserCommand({ UserName: 'old-name', NewUserName: 'new-name', NewPath: '/moved/' }),
    );
    const got = await iam.send(new GetUserCommand({ UserName: 'new-name' }));
    expect(got.User).toMatchObject({ Path: '/moved/', Arn: 'arn:aws:iam::123456789012:user/moved/new-name' });
    expect(
      (await iam.send(new ListAccessKeysCommand({ UserName: 'new-name' }))).AccessKeyMetadata?.[0]
        ?.AccessKeyId,
    ).toBe(k.AccessKey?.AccessKeyId);
    expect(await sdkError(iam.send(new GetUserCommand({ UserName: 'old-name' })))).toMatchObject({
      name: 'NoSuchEntityException',
    });
    expect(
      await sdkError(iam.send(new UpdateUserCommand({ UserName: 'new-name', NewUserName: 'alice' }))),
    ).toMatchObject({
      name: 'EntityAlreadyExistsException',
      message: 'User with name alice already exists.',
    });
  });

  it('DeleteAccessKey of an unknown key is NoSuchEntity', async () => {
    expect(
      await sdkError(
        iam.send(new DeleteAccessKeyCommand({ UserName: 'alice', AccessKeyId: 'AKIAUNKNOWN01EXAMPLE' })),
      ),
    ).toMatchObject({
      name: 'NoSuchEntityException',
      message: 'The Access Key with id AKIAUNKNOWN01EXAMPLE cannot be found.',
    });
  });
});
