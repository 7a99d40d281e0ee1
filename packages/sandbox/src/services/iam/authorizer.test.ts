import { describe, expect, it } from 'vitest';
import type { Principal, RequestContext } from '../../core/types';
import { emptyStsState, type StsState } from '../sts/state';
import { authorize } from './authorizer';
import { emptyIamState, type IamState } from './state';

/*
 * The authorizer on hand-built state, without HTTP: which policies count for a user (own, groups; inline and
 * managed) and for an assumed role, and what happens when the principal is gone. The same decisions are
 * checked end to end through the server in enforcement.test.ts.
 */

const ACCOUNT = '123456789012';
const allow = (action: string, resource = '*') =>
  JSON.stringify({
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Action: action, Resource: resource }],
  });
const deny = (action: string) =>
  JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Deny', Action: action, Resource: '*' }] });

function world() {
  const iam: IamState = emptyIamState();
  const sts: StsState = emptyStsState();
  const base = {
    Path: '/',
    CreateDate: '2026-01-01T00:00:00Z',
    attachedPolicies: [] as string[],
    inlinePolicies: {},
  };
  iam.users.alice = {
    ...base,
    UserName: 'alice',
    UserId: 'AIDAALICE000000000001',
    Arn: `arn:aws:iam::${ACCOUNT}:user/alice`,
    Tags: [{ Key: 'team', Value: 'blue' }],
    groups: ['readers'],
  };
  iam.groups.readers = {
    ...base,
    GroupName: 'readers',
    GroupId: 'AGPAREADERS0000000001',
    Arn: `arn:aws:iam::${ACCOUNT}:group/readers`,
  };
  iam.roles.app = {
    ...base,
    RoleName: 'app',
    RoleId: 'AROAAPP00000000000001',
    Arn: `arn:aws:iam::${ACCOUNT}:role/app`,
    AssumeRolePolicyDocument: '{}',
    MaxSessionDuration: 3600,
    Tags: [],
  };
  iam.accessKeys.AKIAALICE0001EXAMPLE = {
    AccessKeyId: 'AKIAALICE0001EXAMPLE',
    SecretAccessKey: 's',
    user: 'alice',
    Status: 'Active',
    CreateDate: '2026-01-01T00:00:00Z',
  };
  return { iam, sts };
}

const alice: Principal = {
  type: 'user',
  accountId: ACCOUNT,
  arn: `arn:aws:iam::${ACCOUNT}:user/alice`,
  userId: 'AIDAALICE000000000001',
  accessKeyId: 'AKIAALICE0001EXAMPLE',
  userName: 'alice',
};
const appSession: Principal = {
  type: 'assumed-role',
  accountId: ACCOUNT,
  arn: `arn:aws:sts::${ACCOUNT}:assumed-role/app/s1`,
  userId: 'AROAAPP00000000000001:s1',
  accessKeyId: 'ASIAAPP0000000000001',
  roleName: 'app',
  sessionName: 's1',
};

function ctxFor(
  w: ReturnType<typeof world>,
  principal: Principal,
  service = 's3',
  now = '2026-06-01T00:00:00Z',
): RequestContext {
  return {
    accountId: ACCOUNT,
    region: 'ap-northeast-1',
    service,
    operation: 'Op',
    requestId: 'r',
    principal,
    endpoint: new URL('http://127.0.0.1:4580'),
    now: () => new Date(now),
    rng: { next: () => 0, int: (a) => a, chars: (n) => 'A'.repeat(n) },
    store: <T>(name: string) => (name === 'iam' ? w.iam : w.sts) as T,
    storeIn: <T>(name: string) => (name === 'iam' ? w.iam : w.sts) as T,
    call: async () => ({}),
  };
}

describe('authorize', () => {
  it('a user gets its own and its groups’ inline and managed policies', () => {
    const w = world();
    const ask = (action: string) => authorize(ctxFor(w, alice), action, ['*'], {});
    expect(ask('s3:ListAllMyBuckets')).toBe('implicit-deny');
    w.iam.groups.readers!.attachedPolicies.push('arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess');
    expect(ask('s3:ListAllMyBuckets')).toBe('allow');
    expect(ask('s3:PutObject')).toBe('implicit-deny');
    w.iam.users.alice!.inlinePolicies.put = allow('s3:PutObject');
    expect(ask('s3:PutObject')).toBe('allow');
    w.iam.groups.readers!.inlinePolicies.nope = deny('s3:Put*');
    expect(ask('s3:PutObject')).toBe('explicit-deny');
    expect(ask('ec2:DescribeInstances')).toBe('implicit-deny');
  });

  it('customer managed policies count with their default version only', () => {
    const w = world();
    const arn = `arn:aws:iam::${ACCOUNT}:policy/p`;
    w.iam.policies[arn] = {
      PolicyName: 'p',
      PolicyId: 'ANPAP000000000000001',
      Arn: arn,
      Path: '/',
      CreateDate: '2026-01-01T00:00:00Z',
      UpdateDate: '2026-01-01T00:00:00Z',
      DefaultVersionId: 'v1',
      versions: [
        { VersionId: 'v1', Document: allow('sqs:ListQueues'), CreateDate: '2026-01-01T00:00:00Z' },
        { VersionId: 'v2', Document: allow('sqs:*'), CreateDate: '2026-01-02T00:00:00Z' },
      ],
      nextVersion: 3,
      Tags: [],
    };
    w.iam.users.alice!.attachedPolicies.push(arn);
    const ask = (action: string) => authorize(ctxFor(w, alice, 'sqs'), action, ['*'], {});
    expect(ask('sqs:ListQueues')).toBe('allow');
    expect(ask('sqs:SendMessage')).toBe('implicit-deny');
    w.iam.policies[arn]!.DefaultVersionId = 'v2';
    expect(ask('sqs:SendMessage')).toBe('allow');
  });

  it('an assumed role gets the role’s policies; EC2 and S3 are denied to an IAMFullAccess role', () => {
    const w = world();
    w.iam.roles.app!.attachedPolicies.push('arn:aws:iam::aws:policy/IAMFullAccess');
    expect(authorize(ctxFor(w, appSession, 'iam'), 'iam:CreateUser', ['*'], {})).toBe('allow');
    expect(authorize(ctxFor(w, appSession), 's3:ListAllMyBuckets', ['*'], {})).toBe('implicit-deny');
    expect(authorize(ctxFor(w, appSession, 'ec2'), 'ec2:DescribeInstances', ['*'], {})).toBe('implicit-deny');
    expect(w.iam.roles.app!.lastUsed).toEqual({
      LastUsedDate: '2026-06-01T00:00:00Z',
      Region: 'ap-northeast-1',
    });
  });

  it('GetCallerIdentity needs no permission; a deleted user or role has none at all', () => {
    const w = world();
    expect(authorize(ctxFor(w, alice, 'sts'), 'sts:GetCallerIdentity', ['*'], {})).toBe('allow');
    w.iam.users.alice!.inlinePolicies.all = allow('*');
    delete w.iam.users.alice;
    expect(authorize(ctxFor(w, alice), 's3:ListAllMyBuckets', ['*'], {})).toBe('implicit-deny');
    delete w.iam.roles.app;
    expect(authorize(ctxFor(w, appSession, 'sts'), 'sts:GetCallerIdentity', ['*'], {})).toBe('implicit-deny');
  });

  it('records the access key use with service and region', () => {
    const w = world();
    authorize(ctxFor(w, alice, 'sqs'), 'sqs:ListQueues', ['*'], {});
    expect(w.iam.accessKeys.AKIAALICE0001EXAMPLE!.lastUsed).toEqual({
      LastUsedDate: '2026-06-01T00:00:00Z',
      ServiceName: 'sqs',
      Region: 'ap-northeast-1',
    });
  });

  it('condition keys: principal tags, request tags, the policy ARN being attached', () => {
    const w = world();
    w.iam.users.alice!.inlinePolicies.cond = JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Action: 'iam:AttachUserPolicy',
          Resource: '*',
          Condition: {
            StringEquals: { 'aws:PrincipalTag/team': 'blue' },
            ArnEquals: { 'iam:PolicyARN': 'arn:aws:iam::aws:policy/ReadOnlyAccess' },
          },
        },
        {
          Effect: 'Deny',
          Action: 'iam:TagUser',
          Resource: '*',
          Condition: { 'ForAnyValue:StringEquals': { 'aws:TagKeys': ['admin'] } },
        },
        { Effect: 'Allow', Action: 'iam:TagUser', Resource: '*' },
      ],
    });
    const ask = (action: string, input: Record<string, unknown>) =>
      authorize(ctxFor(w, alice, 'iam'), action, ['*'], input);
    expect(ask('iam:AttachUserPolicy', { PolicyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' })).toBe(
      'allow',
    );
    expect(ask('iam:AttachUserPolicy', { PolicyArn: 'arn:aws:iam::aws:policy/AdministratorAccess' })).toBe(
      'implicit-deny',
    );
    expect(ask('iam:TagUser', { Tags: [{ Key: 'team', Value: 'x' }] })).toBe('allow');
    expect(ask('iam:TagUser', { Tags: [{ Key: 'admin', Value: 'x' }] })).toBe('explicit-deny');
  });

  it('an expired session is refused by the sandbox clock; session-token credentials may not call IAM', () => {
    const w = world();
    w.iam.roles.app!.attachedPolicies.push('arn:aws:iam::aws:policy/AdministratorAccess');
    w.sts.sessions[appSession.accessKeyId] = {
      AccessKeyId: appSession.accessKeyId,
      SecretAccessKey: 's',
      SessionToken: 't',
      Expiration: '2026-06-01T01:00:00Z',
      kind: 'assumed-role',
      RoleName: 'app',
    };
    expect(authorize(ctxFor(w, appSession), 's3:ListAllMyBuckets', ['*'], {})).toBe('allow');
    expect(() =>
      authorize(ctxFor(w, appSession, 's3', '2026-06-01T01:00:00Z'), 's3:ListAllMyBuckets', ['*'], {}),
    ).toThrow('The security token included in the request is expired');

    w.iam.users.alice!.inlinePolicies.all = allow('*');
    const sessionUser = { ...alice, accessKeyId: 'ASIAALICE00000000001' };
    w.sts.sessions[sessionUser.accessKeyId] = {
      AccessKeyId: sessionUser.accessKeyId,
      SecretAccessKey: 's',
      SessionToken: 't',
      Expiration: '2026-06-02T00:00:00Z',
      kind: 'session-token',
      userName: 'alice',
    };
    expect(authorize(ctxFor(w, sessionUser), 's3:ListAllMyBuckets', ['*'], {})).toBe('allow');
    expect(authorize(ctxFor(w, sessionUser, 'iam'), 'iam:ListUsers', ['*'], {})).toBe('implicit-deny');
    expect(authorize(ctxFor(w, sessionUser, 'sts'), 'sts:AssumeRole', ['*'], {})).toBe('allow');
  });

  it('the account root is never restricted', () => {
    const w = world();
    const root: Principal = {
      type: 'root',
      accountId: ACCOUNT,
      arn: `arn:aws:iam::${ACCOUNT}:root`,
      userId: ACCOUNT,
      accessKeyId: 'test',
    };
    expect(authorize(ctxFor(w, root, 'ec2'), 'ec2:DescribeInstances', ['*'], {})).toBe('allow');
  });
});
