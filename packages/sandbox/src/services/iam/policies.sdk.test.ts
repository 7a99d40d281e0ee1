import {
  AttachGroupPolicyCommand,
  AttachRolePolicyCommand,
  AttachUserPolicyCommand,
  CreateGroupCommand,
  CreatePolicyCommand,
  CreatePolicyVersionCommand,
  CreateRoleCommand,
  CreateUserCommand,
  DeleteGroupPolicyCommand,
  DeletePolicyCommand,
  DeletePolicyVersionCommand,
  DeleteRolePolicyCommand,
  DetachGroupPolicyCommand,
  DetachRolePolicyCommand,
  DetachUserPolicyCommand,
  GetAccountAuthorizationDetailsCommand,
  GetGroupPolicyCommand,
  GetPolicyCommand,
  GetPolicyVersionCommand,
  GetRolePolicyCommand,
  GetUserPolicyCommand,
  ListAttachedGroupPoliciesCommand,
  ListAttachedRolePoliciesCommand,
  ListAttachedUserPoliciesCommand,
  ListEntitiesForPolicyCommand,
  ListGroupPoliciesCommand,
  ListPoliciesCommand,
  ListPolicyVersionsCommand,
  ListRolePoliciesCommand,
  ListUserPoliciesCommand,
  PutGroupPolicyCommand,
  PutRolePolicyCommand,
  PutUserPolicyCommand,
  SetDefaultPolicyVersionCommand,
} from '@aws-sdk/client-iam';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { iamClient, sdkError, startTestSandbox, type TestSandbox } from './__fixtures__/sandbox';

/* Managed (AWS and customer) and inline policies through the real SDK v3 IAM client over HTTP. */

let sb: TestSandbox;
let iam: ReturnType<typeof iamClient>;
const S3_FULL = 'arn:aws:iam::aws:policy/AmazonS3FullAccess';
const IAM_FULL = 'arn:aws:iam::aws:policy/IAMFullAccess';
const doc = (action: string) =>
  JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: action, Resource: '*' }] });

beforeAll(async () => {
  sb = await startTestSandbox('policies');
  iam = iamClient(sb.url);
  await iam.send(new CreateUserCommand({ UserName: 'alice' }));
  await iam.send(new CreateGroupCommand({ GroupName: 'devs' }));
  await iam.send(
    new CreateRoleCommand({
      RoleName: 'app',
      AssumeRolePolicyDocument: JSON.stringify({
        Statement: [{ Effect: 'Allow', Principal: { AWS: '123456789012' }, Action: 'sts:AssumeRole' }],
      }),
    }),
  );
});
afterAll(() => sb.close());

describe('the AWS managed catalogue', () => {
  it('has real ARNs, paths and documents', async () => {
    const s3 = await iam.send(new GetPolicyCommand({ PolicyArn: S3_FULL }));
    expect(s3.Policy).toMatchObject({
      PolicyName: 'AmazonS3FullAccess',
      Path: '/',
      IsAttachable: true,
      AttachmentCount: 0,
    });
    expect(s3.Policy?.PolicyId).toMatch(/^ANPA[A-Z2-7]{17}$/);
    const v = await iam.send(
      new GetPolicyVersionCommand({ PolicyArn: S3_FULL, VersionId: s3.Policy!.DefaultVersionId! }),
    );
    expect(JSON.parse(decodeURIComponent(v.PolicyVersion!.Document!))).toEqual({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Action: ['s3:*', 's3-object-lambda:*'], Resource: '*' }],
    });
    expect(v.PolicyVersion?.IsDefaultVersion).toBe(true);
    const viewOnly = await iam.send(
      new GetPolicyCommand({ PolicyArn: 'arn:aws:iam::aws:policy/job-function/ViewOnlyAccess' }),
    );
    expect(viewOnly.Policy?.Path).toBe('/job-function/');
    expect(
      await sdkError(iam.send(new GetPolicyVersionCommand({ PolicyArn: S3_FULL, VersionId: 'v99' }))),
    ).toMatchObject({
      name: 'NoSuchEntityException',
    });
  });

  it('ListPolicies: Scope, PathPrefix, OnlyAttached, MaxItems/Marker', async () => {
    const aws = await iam.send(new ListPoliciesCommand({ Scope: 'AWS', MaxItems: 1000 }));
    const names = aws.Policies!.map((p) => p.PolicyName!);
    for (const expected of [
      'AdministratorAccess',
      'AmazonEC2FullAccess',
      'AmazonEC2ReadOnlyAccess',
      'AmazonS3FullAccess',
      'AmazonS3ReadOnlyAccess',
      'AmazonSQSFullAccess',
      'AmazonSSMManagedInstanceCore',
      'AmazonVPCFullAccess',
      'AWSCloudFormationFullAccess',
      'CloudWatchReadOnlyAccess',
      'IAMFullAccess',
      'PowerUserAccess',
      'ReadOnlyAccess',
      'SecurityAudit',
    ]) {
      expect(names).toContain(expected);
    }
    expect(names.length).toBeGreaterThanOrEqual(40);
    expect(aws.IsTruncated).toBe(false);
    const jobs = await iam.send(new ListPoliciesCommand({ Scope: 'AWS', PathPrefix: '/job-function/' }));
    expect(jobs.Policies!.every((p) => p.Path === '/job-function/')).toBe(true);
    expect(jobs.Policies!.length).toBeGreaterThan(0);

    const pages: string[] = [];
    let marker: string | undefined;
    do {
      const page = await iam.send(new ListPoliciesCommand({ Scope: 'AWS', MaxItems: 10, Marker: marker }));
      expect(page.Policies!.length).toBeLessThanOrEqual(10);
      pages.push(...page.Policies!.map((p) => p.PolicyName!));
      marker = page.IsTruncated ? page.Marker : undefined;
    } while (marker);
    expect(pages).toEqual(names);
    expect((await iam.send(new ListPoliciesCommand({ Scope: 'Local' }))).Policies).toEqual([]);
    expect((await iam.send(new ListPoliciesCommand({ OnlyAttached: true }))).Policies).toEqual([]);
  });
});

describe('attach, detach, list attached', () => {
  it('for users, groups and roles; AttachmentCount and ListEntitiesForPolicy follow', async () => {
    await iam.send(new AttachUserPolicyCommand({ UserName: 'alice', PolicyArn: S3_FULL }));
    await iam.send(new AttachGroupPolicyCommand({ GroupName: 'devs', PolicyArn: S3_FULL }));
    await iam.send(new AttachRolePolicyCommand({ RoleName: 'app', PolicyArn: IAM_FULL }));
    await iam.send(new AttachRolePolicyCommand({ RoleName: 'app', PolicyArn: IAM_FULL }));
    expect(
      (await iam.send(new ListAttachedUserPoliciesCommand({ UserName: 'alice' }))).AttachedPolicies,
    ).toEqual([{ PolicyName: 'AmazonS3FullAccess', PolicyArn: S3_FULL }]);
    expect(
      (await iam.send(new ListAttachedGroupPoliciesCommand({ GroupName: 'devs' }))).AttachedPolicies,
    ).toEqual([{ PolicyName: 'AmazonS3FullAccess', PolicyArn: S3_FULL }]);
    expect(
      (await iam.send(new ListAttachedRolePoliciesCommand({ RoleName: 'app' }))).AttachedPolicies,
    ).toEqual([{ PolicyName: 'IAMFullAccess', PolicyArn: IAM_FULL }]);
    expect((await iam.send(new GetPolicyCommand({ PolicyArn: S3_FULL }))).Policy?.AttachmentCount).toBe(2);
    const entities = await iam.send(new ListEntitiesForPolicyCommand({ PolicyArn: S3_FULL }));
    expect(entities.PolicyUsers?.map((u) => u.UserName)).toEqual(['alice']);
    expect(entities.PolicyGroups?.map((g) => g.GroupName)).toEqual(['devs']);
    expect(entities.PolicyRoles).toEqual([]);
    const onlyAttached = await iam.send(new ListPoliciesCommand({ OnlyAttached: true }));
    expect(onlyAttached.Policies?.map((p) => p.PolicyName)).toEqual(['AmazonS3FullAccess', 'IAMFullAccess']);

    await iam.send(new DetachUserPolicyCommand({ UserName: 'alice', PolicyArn: S3_FULL }));
    await iam.send(new DetachGroupPolicyCommand({ GroupName: 'devs', PolicyArn: S3_FULL }));
    await iam.send(new DetachRolePolicyCommand({ RoleName: 'app', PolicyArn: IAM_FULL }));
    expect(
      (await iam.send(new ListAttachedRolePoliciesCommand({ RoleName: 'app' }))).AttachedPolicies,
    ).toEqual([]);
  });

  it('errors: a policy that does not exist, detaching what is not attached, a bad ARN, the quota', async () => {
    const missing = 'arn:aws:iam::aws:policy/NoSuchPolicy';
    expect(
      await sdkError(iam.send(new AttachUserPolicyCommand({ UserName: 'alice', PolicyArn: missing }))),
    ).toMatchObject({
      name: 'NoSuchEntityException',
      message: `Policy ${missing} does not exist or is not attachable.`,
    });
    expect(
      await sdkError(iam.send(new DetachUserPolicyCommand({ UserName: 'alice', PolicyArn: S3_FULL }))),
    ).toMatchObject({
      name: 'NoSuchEntityException',
      message: `Policy ${S3_FULL} was not found.`,
    });
    expect(
      await sdkError(
        iam.send(new AttachUserPolicyCommand({ UserName: 'alice', PolicyArn: 'not-an-arn-at-all-really' })),
      ),
    ).toMatchObject({
      name: 'InvalidInputException',
      message: 'ARN not-an-arn-at-all-really is not valid.',
    });
    const list = await iam.send(new ListPoliciesCommand({ Scope: 'AWS', MaxItems: 11 }));
    for (const p of list.Policies!.slice(0, 10)) {
      await iam.send(new AttachUserPolicyCommand({ UserName: 'alice', PolicyArn: p.Arn }));
    }
    expect(
      await sdkError(
        iam.send(new AttachUserPolicyCommand({ UserName: 'alice', PolicyArn: list.Policies![10]!.Arn })),
      ),
    ).toMatchObject({
      name: 'LimitExceededException',
      message: 'Cannot exceed quota for PoliciesPerUser: 10',
    });
    for (const p of list.Policies!.slice(0, 10)) {
      await iam.send(new DetachUserPolicyCommand({ UserName: 'alice', PolicyArn: p.Arn }));
    }
  });
});

describe('customer managed policies and versions', () => {
  it('CreatePolicy, versions (max 5), SetDefault, DeletePolicyVersion, DeletePolicy', async () => {
    const created = await iam.send(
      new CreatePolicyCommand({
        PolicyName: 'lab-s3-read',
        Path: '/handson/',
        PolicyDocument: doc('s3:Get*'),
        Description: 'lab',
      }),
    );
    const arn = created.Policy!.Arn!;
    expect(arn).toBe('arn:aws:iam::123456789012:policy/handson/lab-s3-read');
    expect(created.Policy).toMatchObject({ DefaultVersionId: 'v1', AttachmentCount: 0, IsAttachable: true });
    expect(created.Policy?.PolicyId).toMatch(/^ANPA[A-Z2-7]{17}$/);
    expect(
      await sdkError(
        iam.send(new CreatePolicyCommand({ PolicyName: 'lab-s3-read', PolicyDocument: doc('s3:*') })),
      ),
    ).toMatchObject({
      name: 'EntityAlreadyExistsException',
      message: 'A policy called lab-s3-read already exists. Duplicate names are not allowed.',
    });
    for (let i = 2; i <= 5; i++) {
      const v = await iam.send(
        new CreatePolicyVersionCommand({ PolicyArn: arn, PolicyDocument: doc(`s3:List${i}`) }),
      );
      expect(v.PolicyVersion).toMatchObject({ VersionId: `v${i}`, IsDefaultVersion: false });
    }
    expect(
      await sdkError(
        iam.send(new CreatePolicyVersionCommand({ PolicyArn: arn, PolicyDocument: doc('s3:*') })),
      ),
    ).toMatchObject({
      name: 'LimitExceededException',
      message:
        'A managed policy can have up to 5 versions. Before you create a new version, you must delete an existing version.',
    });
    await iam.send(new SetDefaultPolicyVersionCommand({ PolicyArn: arn, VersionId: 'v3' }));
    const v3 = await iam.send(new GetPolicyVersionCommand({ PolicyArn: arn, VersionId: 'v3' }));
    expect(JSON.parse(decodeURIComponent(v3.PolicyVersion!.Document!)).Statement[0].Action).toBe('s3:List3');
    expect(v3.PolicyVersion?.IsDefaultVersion).toBe(true);
    expect(
      await sdkError(iam.send(new DeletePolicyVersionCommand({ PolicyArn: arn, VersionId: 'v3' }))),
    ).toMatchObject({
      name: 'DeleteConflictException',
      message: 'Cannot delete the default version of a policy.',
    });
    const versions = await iam.send(new ListPolicyVersionsCommand({ PolicyArn: arn }));
    expect(versions.Versions?.map((v) => v.VersionId)).toEqual(['v5', 'v4', 'v3', 'v2', 'v1']);

    await iam.send(new AttachGroupPolicyCommand({ GroupName: 'devs', PolicyArn: arn }));
    expect(await sdkError(iam.send(new DeletePolicyCommand({ PolicyArn: arn })))).toMatchObject({
      name: 'DeleteConflictException',
      message: 'Cannot delete a policy attached to entities.',
    });
    await iam.send(new DetachGroupPolicyCommand({ GroupName: 'devs', PolicyArn: arn }));
    expect(await sdkError(iam.send(new DeletePolicyCommand({ PolicyArn: arn })))).toMatchObject({
      name: 'DeleteConflictException',
    });
    for (const id of ['v1', 'v2', 'v4', 'v5']) {
      await iam.send(new DeletePolicyVersionCommand({ PolicyArn: arn, VersionId: id }));
    }
    await iam.send(new DeletePolicyCommand({ PolicyArn: arn }));
    expect(await sdkError(iam.send(new GetPolicyCommand({ PolicyArn: arn })))).toMatchObject({
      name: 'NoSuchEntityException',
      message: `Policy ${arn} was not found.`,
    });
  });

  it.each([
    ['invalid JSON', '{', 'This policy contains invalid Json'],
    [
      'a principal',
      JSON.stringify({ Statement: [{ Effect: 'Allow', Principal: '*', Action: 's3:*', Resource: '*' }] }),
      'Policy document should not specify a principal.',
    ],
    [
      'no resource',
      JSON.stringify({ Statement: [{ Effect: 'Allow', Action: 's3:*' }] }),
      'Policy statement must contain resources.',
    ],
  ])('MalformedPolicyDocument for %s', async (_what, text, message) => {
    expect(
      await sdkError(iam.send(new CreatePolicyCommand({ PolicyName: 'bad', PolicyDocument: text }))),
    ).toMatchObject({
      name: 'MalformedPolicyDocumentException',
      message,
    });
    expect(
      await sdkError(
        iam.send(new PutUserPolicyCommand({ UserName: 'alice', PolicyName: 'bad', PolicyDocument: text })),
      ),
    ).toMatchObject({
      name: 'MalformedPolicyDocumentException',
      message,
    });
  });
});

describe('inline policies', () => {
  it('Put/Get/List/Delete for a user, a group and a role', async () => {
    const text = doc('sqs:*');
    await iam.send(new PutUserPolicyCommand({ UserName: 'alice', PolicyName: 'u1', PolicyDocument: text }));
    await iam.send(new PutGroupPolicyCommand({ GroupName: 'devs', PolicyName: 'g1', PolicyDocument: text }));
    await iam.send(new PutRolePolicyCommand({ RoleName: 'app', PolicyName: 'r1', PolicyDocument: text }));
    const u = await iam.send(new GetUserPolicyCommand({ UserName: 'alice', PolicyName: 'u1' }));
    expect(u).toMatchObject({ UserName: 'alice', PolicyName: 'u1' });
    expect(decodeURIComponent(u.PolicyDocument!)).toBe(text);
    expect(
      (await iam.send(new GetGroupPolicyCommand({ GroupName: 'devs', PolicyName: 'g1' }))).GroupName,
    ).toBe('devs');
    expect((await iam.send(new GetRolePolicyCommand({ RoleName: 'app', PolicyName: 'r1' }))).RoleName).toBe(
      'app',
    );
    expect((await iam.send(new ListUserPoliciesCommand({ UserName: 'alice' }))).PolicyNames).toEqual(['u1']);
    expect((await iam.send(new ListGroupPoliciesCommand({ GroupName: 'devs' }))).PolicyNames).toEqual(['g1']);
    expect((await iam.send(new ListRolePoliciesCommand({ RoleName: 'app' }))).PolicyNames).toEqual(['r1']);

    const details = await iam.send(new GetAccountAuthorizationDetailsCommand({}));
    expect(details.UserDetailList?.[0]).toMatchObject({
      UserName: 'alice',
      GroupList: [],
      UserPolicyList: [{ PolicyName: 'u1' }],
    });
    expect(details.GroupDetailList?.[0]).toMatchObject({
      GroupName: 'devs',
      GroupPolicyList: [{ PolicyName: 'g1' }],
    });
    expect(details.RoleDetailList?.[0]).toMatchObject({
      RoleName: 'app',
      RolePolicyList: [{ PolicyName: 'r1' }],
    });

    await iam.send(new DeleteGroupPolicyCommand({ GroupName: 'devs', PolicyName: 'g1' }));
    await iam.send(new DeleteRolePolicyCommand({ RoleName: 'app', PolicyName: 'r1' }));
    expect(
      await sdkError(iam.send(new DeleteRolePolicyCommand({ RoleName: 'app', PolicyName: 'r1' }))),
    ).toMatchObject({
      name: 'NoSuchEntityException',
      message: 'The role policy with name r1 cannot be found.',
    });
    expect(
      await sdkError(iam.send(new GetUserPolicyCommand({ UserName: 'alice', PolicyName: 'nope' }))),
    ).toMatchObject({
      name: 'NoSuchEntityException',
      message: 'The user policy with name nope cannot be found.',
    });
  });
});
