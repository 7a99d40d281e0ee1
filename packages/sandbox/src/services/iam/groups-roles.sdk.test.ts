import {
  AddRoleToInstanceProfileCommand,
  AddUserToGroupCommand,
  CreateGroupCommand,
  CreateInstanceProfileCommand,
  CreateRoleCommand,
  CreateUserCommand,
  DeleteGroupCommand,
  DeleteInstanceProfileCommand,
  DeleteRoleCommand,
  GetGroupCommand,
  GetInstanceProfileCommand,
  GetRoleCommand,
  ListGroupsCommand,
  ListGroupsForUserCommand,
  ListInstanceProfilesCommand,
  ListInstanceProfilesForRoleCommand,
  ListInstanceProfileTagsCommand,
  ListRolesCommand,
  ListRoleTagsCommand,
  RemoveRoleFromInstanceProfileCommand,
  RemoveUserFromGroupCommand,
  TagRoleCommand,
  UpdateAssumeRolePolicyCommand,
  UpdateRoleCommand,
} from '@aws-sdk/client-iam';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { iamClient, sdkError, startTestSandbox, type TestSandbox } from './__fixtures__/sandbox';

/* Groups, roles and instance profiles through the real SDK v3 IAM client over HTTP. */

let sb: TestSandbox;
let iam: ReturnType<typeof iamClient>;
beforeAll(async () => {
  sb = await startTestSandbox('groups-roles');
  iam = iamClient(sb.url);
  await iam.send(new CreateUserCommand({ UserName: 'alice' }));
  await iam.send(new CreateUserCommand({ UserName: 'bob' }));
});
afterAll(() => sb.close());

const trust = (principal: object) =>
  JSON.stringify({
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Principal: principal, Action: 'sts:AssumeRole' }],
  });

describe('groups', () => {
  it('CreateGroup, GetGroup with members, ListGroups, ListGroupsForUser, RemoveUserFromGroup', async () => {
    const g = await iam.send(new CreateGroupCommand({ GroupName: 'devs', Path: '/teams/' }));
    expect(g.Group).toMatchObject({
      GroupName: 'devs',
      Path: '/teams/',
      Arn: 'arn:aws:iam::123456789012:group/teams/devs',
    });
    expect(g.Group?.GroupId).toMatch(/^AGPA[A-Z2-7]{17}$/);
    await iam.send(new CreateGroupCommand({ GroupName: 'ops' }));
    await iam.send(new AddUserToGroupCommand({ GroupName: 'devs', UserName: 'bob' }));
    await iam.send(new AddUserToGroupCommand({ GroupName: 'devs', UserName: 'alice' }));
    await iam.send(new AddUserToGroupCommand({ GroupName: 'ops', UserName: 'alice' }));

    const got = await iam.send(new GetGroupCommand({ GroupName: 'devs' }));
    expect(got.Group?.GroupName).toBe('devs');
    expect(got.Users?.map((u) => u.UserName)).toEqual(['alice', 'bob']);
    expect(got.IsTruncated).toBe(false);
    expect((await iam.send(new ListGroupsCommand({}))).Groups?.map((x) => x.GroupName)).toEqual([
      'devs',
      'ops',
    ]);
    expect(
      (await iam.send(new ListGroupsCommand({ PathPrefix: '/teams/' }))).Groups?.map((x) => x.GroupName),
    ).toEqual(['devs']);
    expect(
      (await iam.send(new ListGroupsForUserCommand({ UserName: 'alice' }))).Groups?.map((x) => x.GroupName),
    ).toEqual(['devs', 'ops']);

    await iam.send(new RemoveUserFromGroupCommand({ GroupName: 'devs', UserName: 'bob' }));
    expect(
      (await iam.send(new GetGroupCommand({ GroupName: 'devs' }))).Users?.map((u) => u.UserName),
    ).toEqual(['alice']);
  });

  it('errors: EntityAlreadyExists, NoSuchEntity, DeleteConflict with members', async () => {
    expect(await sdkError(iam.send(new CreateGroupCommand({ GroupName: 'DEVS' })))).toMatchObject({
      name: 'EntityAlreadyExistsException',
      message: 'Group with name DEVS already exists.',
    });
    expect(await sdkError(iam.send(new GetGroupCommand({ GroupName: 'nobody' })))).toMatchObject({
      name: 'NoSuchEntityException',
      message: 'The group with name nobody cannot be found.',
    });
    expect(
      await sdkError(iam.send(new AddUserToGroupCommand({ GroupName: 'devs', UserName: 'ghost' }))),
    ).toMatchObject({
      name: 'NoSuchEntityException',
      message: 'The user with name ghost cannot be found.',
    });
    expect(await sdkError(iam.send(new DeleteGroupCommand({ GroupName: 'ops' })))).toMatchObject({
      name: 'DeleteConflictException',
      message: 'Cannot delete entity, must remove users from group first.',
    });
    await iam.send(new RemoveUserFromGroupCommand({ GroupName: 'ops', UserName: 'alice' }));
    await iam.send(new DeleteGroupCommand({ GroupName: 'ops' }));
    expect((await iam.send(new ListGroupsCommand({}))).Groups?.map((x) => x.GroupName)).toEqual(['devs']);
  });
});

describe('roles', () => {
  it('CreateRole with a trust policy, GetRole, ListRoles, UpdateRole, UpdateAssumeRolePolicy, tags', async () => {
    const doc = trust({ Service: 'ec2.amazonaws.com' });
    const created = await iam.send(
      new CreateRoleCommand({
        RoleName: 'handson-cloud9-environment-role',
        AssumeRolePolicyDocument: doc,
        Description: 'Cloud9',
        Tags: [{ Key: 'handson:lab', Value: '01-iam' }],
      }),
    );
    expect(created.Role).toMatchObject({
      Path: '/',
      RoleName: 'handson-cloud9-environment-role',
      Arn: 'arn:aws:iam::123456789012:role/handson-cloud9-environment-role',
      Description: 'Cloud9',
    });
    expect(created.Role?.RoleId).toMatch(/^AROA[A-Z2-7]{17}$/);
    // Documents travel URL-encoded, as AWS sends them.
    expect(decodeURIComponent(created.Role!.AssumeRolePolicyDocument!)).toBe(doc);

    await iam.send(
      new UpdateRoleCommand({ RoleName: 'handson-cloud9-environment-role', MaxSessionDuration: 7200 }),
    );
    const newTrust = trust({ AWS: 'arn:aws:iam::123456789012:root' });
    await iam.send(
      new UpdateAssumeRolePolicyCommand({
        RoleName: 'handson-cloud9-environment-role',
        PolicyDocument: newTrust,
      }),
    );
    await iam.send(
      new TagRoleCommand({ RoleName: 'handson-cloud9-environment-role', Tags: [{ Key: 'x', Value: 'y' }] }),
    );
    const got = await iam.send(new GetRoleCommand({ RoleName: 'handson-cloud9-environment-role' }));
    expect(got.Role).toMatchObject({ MaxSessionDuration: 7200, RoleLastUsed: {} });
    expect(decodeURIComponent(got.Role!.AssumeRolePolicyDocument!)).toBe(newTrust);
    expect(
      (await iam.send(new ListRoleTagsCommand({ RoleName: 'handson-cloud9-environment-role' }))).Tags,
    ).toEqual([
      { Key: 'handson:lab', Value: '01-iam' },
      { Key: 'x', Value: 'y' },
    ]);
    const roles = await iam.send(new ListRolesCommand({}));
    expect(roles.Roles?.map((r) => r.RoleName)).toEqual(['handson-cloud9-environment-role']);
  });

  it('errors: MalformedPolicyDocument, EntityAlreadyExists, NoSuchEntity, ValidationError', async () => {
    expect(
      await sdkError(
        iam.send(new CreateRoleCommand({ RoleName: 'r2', AssumeRolePolicyDocument: '{not json' })),
      ),
    ).toMatchObject({
      name: 'MalformedPolicyDocumentException',
      message: 'This policy contains invalid Json',
    });
    expect(
      await sdkError(
        iam.send(
          new CreateRoleCommand({
            RoleName: 'r2',
            AssumeRolePolicyDocument: JSON.stringify({
              Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole' }],
            }),
          }),
        ),
      ),
    ).toMatchObject({ name: 'MalformedPolicyDocumentException' });
    expect(
      await sdkError(
        iam.send(
          new CreateRoleCommand({
            RoleName: 'handson-cloud9-environment-role',
            AssumeRolePolicyDocument: trust({ AWS: '123456789012' }),
          }),
        ),
      ),
    ).toMatchObject({
      name: 'EntityAlreadyExistsException',
      message: 'Role with name handson-cloud9-environment-role already exists.',
    });
    expect(await sdkError(iam.send(new GetRoleCommand({ RoleName: 'nope' })))).toMatchObject({
      name: 'NoSuchEntityException',
      message: 'The role with name nope cannot be found.',
    });
    expect(
      await sdkError(
        iam.send(
          new CreateRoleCommand({
            RoleName: 'r3',
            AssumeRolePolicyDocument: trust({ AWS: '123456789012' }),
            MaxSessionDuration: 60,
          }),
        ),
      ),
    ).toMatchObject({
      name: 'ValidationError',
      message:
        "1 validation error detected: Value '60' at 'maxSessionDuration' failed to satisfy constraint: Member must have value greater than or equal to 3600",
    });
  });
});

describe('instance profiles', () => {
  it('Create, AddRoleTo (one role at most), Get, List, ListForRole, RemoveRoleFrom, Delete', async () => {
    const p = await iam.send(new CreateInstanceProfileCommand({ InstanceProfileName: 'cloud9-profile' }));
    expect(p.InstanceProfile).toMatchObject({
      InstanceProfileName: 'cloud9-profile',
      Arn: 'arn:aws:iam::123456789012:instance-profile/cloud9-profile',
      Roles: [],
    });
    expect(p.InstanceProfile?.InstanceProfileId).toMatch(/^AIPA[A-Z2-7]{17}$/);
    const role = 'handson-cloud9-environment-role';
    await iam.send(
      new AddRoleToInstanceProfileCommand({ InstanceProfileName: 'cloud9-profile', RoleName: role }),
    );
    await iam.send(
      new CreateRoleCommand({
        RoleName: 'second',
        AssumeRolePolicyDocument: trust({ Service: 'ec2.amazonaws.com' }),
      }),
    );
    expect(
      await sdkError(
        iam.send(
          new AddRoleToInstanceProfileCommand({ InstanceProfileName: 'cloud9-profile', RoleName: 'second' }),
        ),
      ),
    ).toMatchObject({
      name: 'LimitExceededException',
      message: 'Cannot exceed quota for InstanceSessionsPerInstanceProfile: 1',
    });
    const got = await iam.send(new GetInstanceProfileCommand({ InstanceProfileName: 'cloud9-profile' }));
    expect(got.InstanceProfile?.Roles?.map((r) => r.RoleName)).toEqual([role]);
    expect(
      (await iam.send(new ListInstanceProfilesCommand({}))).InstanceProfiles?.map(
        (x) => x.InstanceProfileName,
      ),
    ).toEqual(['cloud9-profile']);
    expect(
      (await iam.send(new ListInstanceProfilesForRoleCommand({ RoleName: role }))).InstanceProfiles?.map(
        (x) => x.InstanceProfileName,
      ),
    ).toEqual(['cloud9-profile']);
    expect(await sdkError(iam.send(new DeleteRoleCommand({ RoleName: role })))).toMatchObject({
      name: 'DeleteConflictException',
      message: 'Cannot delete entity, must remove roles from instance profile first.',
    });
    expect(
      await sdkError(iam.send(new DeleteInstanceProfileCommand({ InstanceProfileName: 'cloud9-profile' }))),
    ).toMatchObject({
      name: 'DeleteConflictException',
      message: 'Cannot delete entity, must remove roles from instance profile first.',
    });
    await iam.send(
      new RemoveRoleFromInstanceProfileCommand({ InstanceProfileName: 'cloud9-profile', RoleName: role }),
    );
    await iam.send(new DeleteInstanceProfileCommand({ InstanceProfileName: 'cloud9-profile' }));
    expect(
      await sdkError(iam.send(new GetInstanceProfileCommand({ InstanceProfileName: 'cloud9-profile' }))),
    ).toMatchObject({
      name: 'NoSuchEntityException',
      message: 'Instance Profile cloud9-profile cannot be found.',
    });
    await iam.send(new DeleteRoleCommand({ RoleName: role }));
    await iam.send(new DeleteRoleCommand({ RoleName: 'second' }));
    expect((await iam.send(new ListRolesCommand({}))).Roles).toEqual([]);
  });

  it('ListInstanceProfileTags gives the tags ListInstanceProfiles leaves out, a page at a time', async () => {
    const Tags = [
      { Key: 'handson:lab', Value: '03-ec2-userdata-ssh-port' },
      { Key: 'Name', Value: 'cloud9' },
    ];
    await iam.send(new CreateInstanceProfileCommand({ InstanceProfileName: 'tagged-profile', Tags }));
    const listed = (await iam.send(new ListInstanceProfilesCommand({}))).InstanceProfiles ?? [];
    expect(listed.map((p) => [p.InstanceProfileName, p.Tags])).toEqual([['tagged-profile', undefined]]);
    const all = await iam.send(new ListInstanceProfileTagsCommand({ InstanceProfileName: 'tagged-profile' }));
    expect(all).toMatchObject({ Tags, IsTruncated: false });
    const first = await iam.send(
      new ListInstanceProfileTagsCommand({ InstanceProfileName: 'tagged-profile', MaxItems: 1 }),
    );
    expect(first).toMatchObject({ Tags: [Tags[0]], IsTruncated: true });
    const rest = await iam.send(
      new ListInstanceProfileTagsCommand({ InstanceProfileName: 'tagged-profile', Marker: first.Marker }),
    );
    expect(rest).toMatchObject({ Tags: [Tags[1]], IsTruncated: false });
    await iam.send(new DeleteInstanceProfileCommand({ InstanceProfileName: 'tagged-profile' }));
    expect(
      await sdkError(iam.send(new ListInstanceProfileTagsCommand({ InstanceProfileName: 'tagged-profile' }))),
    ).toMatchObject({
      name: 'NoSuchEntityException',
      message: 'Instance Profile tagged-profile cannot be found.',
    });
  });
});
