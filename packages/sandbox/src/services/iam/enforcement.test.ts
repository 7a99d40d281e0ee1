import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DescribeInstancesCommand, EC2Client } from '@aws-sdk/client-ec2';
import {
  AddUserToGroupCommand,
  AttachGroupPolicyCommand,
  AttachRolePolicyCommand,
  AttachUserPolicyCommand,
  CreateAccessKeyCommand,
  CreateGroupCommand,
  CreateRoleCommand,
  CreateUserCommand,
  DeleteAccessKeyCommand,
  GetAccessKeyLastUsedCommand,
  ListUsersCommand,
  PutUserPolicyCommand,
  TagUserCommand,
  UpdateAccessKeyCommand,
} from '@aws-sdk/client-iam';
import { CreateBucketCommand, ListBucketsCommand, S3Client } from '@aws-sdk/client-s3';
import { AssumeRoleCommand, GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  cliAs,
  iamClient,
  type Keys,
  operatorKeys,
  REGION,
  s3Client,
  sdkError,
  startTestSandbox,
  stsClient,
  type TestSandbox,
} from './__fixtures__/sandbox';

/*
 * IAM enforcement through the real server: SDK v3 clients and /usr/bin/aws signing with keys the sandbox
 * issued, answered by the S3, EC2, IAM and STS services with AWS's denial errors.
 */

let sb: TestSandbox;
let iam: ReturnType<typeof iamClient>;
const ec2Client = (url: string, keys: Keys) =>
  new EC2Client({ endpoint: url, region: REGION, credentials: keys, maxAttempts: 1 });
const BUCKET = 'cf-templates-t1azjfgdsw8s-ap-northeast-1';
const ROLE = 'handson-cloud9-environment-role';
const ROLE_ARN = `arn:aws:iam::123456789012:role/${ROLE}`;

async function newUserKeys(name: string): Promise<Keys> {
  await iam.send(new CreateUserCommand({ UserName: name }));
  const k = await iam.send(new CreateAccessKeyCommand({ UserName: name }));
  return { accessKeyId: k.AccessKey!.AccessKeyId!, secretAccessKey: k.AccessKey!.SecretAccessKey! };
}

const policy = (statement: object) => JSON.stringify({ Version: '2012-10-17', Statement: [statement] });

let roleKeys: Keys;
let userKeys: Keys;

beforeAll(async () => {
  sb = await startTestSandbox('enforcement');
  expect(sb.sandbox.services).toEqual(expect.arrayContaining(['ec2', 'iam', 's3', 'sts']));
  iam = iamClient(sb.url);
  await s3Client(sb.url).send(new CreateBucketCommand({ Bucket: BUCKET }));

  // The Cloud9 environment's role: IAMFullAccess only, assumed from the account root.
  await iam.send(
    new CreateRoleCommand({
      RoleName: ROLE,
      AssumeRolePolicyDocument: policy({
        Effect: 'Allow',
        Principal: { AWS: 'arn:aws:iam::123456789012:root' },
        Action: 'sts:AssumeRole',
      }),
    }),
  );
  await iam.send(
    new AttachRolePolicyCommand({ RoleName: ROLE, PolicyArn: 'arn:aws:iam::aws:policy/IAMFullAccess' }),
  );
  const assumed = await stsClient(sb.url, await operatorKeys(sb.url)).send(
    new AssumeRoleCommand({ RoleArn: ROLE_ARN, RoleSessionName: 'cloud9' }),
  );
  roleKeys = {
    accessKeyId: assumed.Credentials!.AccessKeyId!,
    secretAccessKey: assumed.Credentials!.SecretAccessKey!,
    sessionToken: assumed.Credentials!.SessionToken!,
  };

  // The blog's user: in a group with AmazonS3FullAccess.
  userKeys = await newUserKeys('handson-cli-novice-user');
  await iam.send(new CreateGroupCommand({ GroupName: 'handson-cli-novice-group' }));
  await iam.send(
    new AttachGroupPolicyCommand({
      GroupName: 'handson-cli-novice-group',
      PolicyArn: 'arn:aws:iam::aws:policy/AmazonS3FullAccess',
    }),
  );
  await iam.send(
    new AddUserToGroupCommand({ GroupName: 'handson-cli-novice-group', UserName: 'handson-cli-novice-user' }),
  );
});
afterAll(() => sb.close());

describe('Lab 01 through the SDK', () => {
  it('the IAMFullAccess role: IAM yes, S3 AccessDenied, EC2 UnauthorizedOperation', async () => {
    expect((await stsClient(sb.url, roleKeys).send(new GetCallerIdentityCommand({}))).Arn).toBe(
      `arn:aws:sts::123456789012:assumed-role/${ROLE}/cloud9`,
    );
    // The users so far: the blog's, and the operator who assumed the role.
    expect(
      (await iamClient(sb.url, roleKeys).send(new ListUsersCommand({}))).Users?.map((u) => u.UserName),
    ).toEqual(['handson-cli-novice-user', 'operator']);
    expect(await sdkError(s3Client(sb.url, roleKeys).send(new ListBucketsCommand({})))).toEqual({
      name: 'AccessDenied',
      message: 'Access Denied',
      status: 403,
    });
    expect(await sdkError(ec2Client(sb.url, roleKeys).send(new DescribeInstancesCommand({})))).toEqual({
      name: 'UnauthorizedOperation',
      message: 'You are not authorized to perform this operation.',
      status: 403,
    });
  });

  it('the S3FullAccess group member: S3 yes, EC2 UnauthorizedOperation, IAM AccessDenied', async () => {
    const buckets = await s3Client(sb.url, userKeys).send(new ListBucketsCommand({}));
    expect(buckets.Buckets?.map((b) => b.Name)).toEqual([BUCKET]);
    expect(await sdkError(ec2Client(sb.url, userKeys).send(new DescribeInstancesCommand({})))).toMatchObject({
      name: 'UnauthorizedOperation',
    });
    const denied = await sdkError(iamClient(sb.url, userKeys).send(new ListUsersCommand({})));
    expect(denied.name).toBe('AccessDenied');
    expect(denied.message).toContain(
      'arn:aws:iam::123456789012:user/handson-cli-novice-user is not authorized to perform: iam:ListUsers',
    );
  });

  it('records the key use for GetAccessKeyLastUsed', async () => {
    const used = await iam.send(new GetAccessKeyLastUsedCommand({ AccessKeyId: userKeys.accessKeyId }));
    expect(used.UserName).toBe('handson-cli-novice-user');
    expect(used.AccessKeyLastUsed).toMatchObject({ Region: REGION });
    expect(['s3', 'ec2', 'iam']).toContain(used.AccessKeyLastUsed?.ServiceName);
    expect(used.AccessKeyLastUsed?.LastUsedDate).toBeInstanceOf(Date);
  });
});

describe('Lab 01 through /usr/bin/aws, as the blog runs it', { timeout: 300_000 }, () => {
  it('with the role: s3 ls and ec2 describe-instances are refused', async () => {
    const s3 = await cliAs(sb.url, ['s3', 'ls'], roleKeys);
    expect(s3.code).not.toBe(0);
    expect(s3.stderr).toBe(
      '\nAn error occurred (AccessDenied) when calling the ListBuckets operation: Access Denied\n',
    );
    const ec2 = await cliAs(
      sb.url,
      ['ec2', 'describe-instances', '--instance-ids', 'i-0cdb696axxxxx7373'],
      roleKeys,
    );
    expect(ec2.stderr).toBe(
      '\nAn error occurred (UnauthorizedOperation) when calling the DescribeInstances operation: You are not authorized to perform this operation.\n',
    );
  });

  it('with the user profile from a credentials file: s3 ls lists the bucket, EC2 is still refused', async () => {
    const file = join(sb.dataDir, 'handson-cli-novice-user.ini');
    writeFileSync(
      file,
      `[handson-cli-novice-user]\naws_access_key_id=${userKeys.accessKeyId}\naws_secret_access_key=${userKeys.secretAccessKey}\n`,
      { mode: 0o600 },
    );
    const env = { AWS_SHARED_CREDENTIALS_FILE: file, AWS_DEFAULT_PROFILE: 'handson-cli-novice-user' };
    const none = { accessKeyId: '', secretAccessKey: '' };
    const unsetKeys = { AWS_ACCESS_KEY_ID: '', AWS_SECRET_ACCESS_KEY: '' };
    const s3 = await cliAs(sb.url, ['s3', 'ls'], none, { ...env, ...unsetKeys });
    expect(s3.stderr).toBe('');
    expect(s3.stdout).toMatch(new RegExp(`^\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d ${BUCKET}\\n$`));
    const ec2 = await cliAs(
      sb.url,
      ['ec2', 'describe-instances', '--instance-ids', 'i-0cdb696axxxxx7373'],
      none,
      {
        ...env,
        ...unsetKeys,
      },
    );
    expect(ec2.stderr).toBe(
      '\nAn error occurred (UnauthorizedOperation) when calling the DescribeInstances operation: You are not authorized to perform this operation.\n',
    );
  });
});

describe('key status', { timeout: 120_000 }, () => {
  it('an inactive key is refused with InvalidClientTokenId, and works again once active', async () => {
    const keys = await newUserKeys('status-user');
    await iam.send(
      new AttachUserPolicyCommand({
        UserName: 'status-user',
        PolicyArn: 'arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess',
      }),
    );
    await s3Client(sb.url, keys).send(new ListBucketsCommand({}));
    await iam.send(
      new UpdateAccessKeyCommand({
        UserName: 'status-user',
        AccessKeyId: keys.accessKeyId,
        Status: 'Inactive',
      }),
    );
    expect(await sdkError(stsClient(sb.url, keys).send(new GetCallerIdentityCommand({})))).toMatchObject({
      name: 'InvalidClientTokenId',
      status: 403,
    });
    await iam.send(
      new UpdateAccessKeyCommand({
        UserName: 'status-user',
        AccessKeyId: keys.accessKeyId,
        Status: 'Active',
      }),
    );
    expect((await stsClient(sb.url, keys).send(new GetCallerIdentityCommand({}))).Arn).toBe(
      'arn:aws:iam::123456789012:user/status-user',
    );
  });

  it('a deleted key is refused too, not taken for an administrator key', async () => {
    const keys = await newUserKeys('deleted-key-user');
    await iam.send(
      new DeleteAccessKeyCommand({ UserName: 'deleted-key-user', AccessKeyId: keys.accessKeyId }),
    );
    expect(await sdkError(s3Client(sb.url, keys).send(new ListBucketsCommand({})))).toMatchObject({
      status: 403,
    });
    const cli = await cliAs(sb.url, ['sts', 'get-caller-identity'], keys);
    expect(cli.stderr).toContain(
      'An error occurred (InvalidClientTokenId) when calling the GetCallerIdentity operation',
    );
  });

  it('a wrong secret for an issued key is SignatureDoesNotMatch', async () => {
    const keys = await newUserKeys('wrong-secret-user');
    const err = await sdkError(
      stsClient(sb.url, { ...keys, secretAccessKey: 'x'.repeat(40) }).send(new GetCallerIdentityCommand({})),
    );
    expect(err.name).toBe('SignatureDoesNotMatch');
  });
});

describe('policy features, end to end', () => {
  it('an explicit Deny beats AdministratorAccess', async () => {
    const keys = await newUserKeys('denied-admin');
    await iam.send(
      new AttachUserPolicyCommand({
        UserName: 'denied-admin',
        PolicyArn: 'arn:aws:iam::aws:policy/AdministratorAccess',
      }),
    );
    await iam.send(
      new PutUserPolicyCommand({
        UserName: 'denied-admin',
        PolicyName: 'no-s3',
        PolicyDocument: policy({ Effect: 'Deny', Action: 's3:*', Resource: '*' }),
      }),
    );
    expect(await sdkError(s3Client(sb.url, keys).send(new ListBucketsCommand({})))).toMatchObject({
      name: 'AccessDenied',
    });
    expect((await ec2Client(sb.url, keys).send(new DescribeInstancesCommand({}))).Reservations).toBeDefined();
    // IAM is still allowed: the request reaches the handler, which finds no such user.
    const iamAllowed = await sdkError(
      iamClient(sb.url, keys).send(
        new PutUserPolicyCommand({ UserName: 'x', PolicyName: 'x', PolicyDocument: '{}' }),
      ),
    );
    expect(iamAllowed.name).toBe('NoSuchEntityException');
  });

  it('NotAction: everything but EC2', async () => {
    const keys = await newUserKeys('not-ec2');
    await iam.send(
      new PutUserPolicyCommand({
        UserName: 'not-ec2',
        PolicyName: 'not-ec2',
        PolicyDocument: policy({ Effect: 'Allow', NotAction: 'ec2:*', Resource: '*' }),
      }),
    );
    await s3Client(sb.url, keys).send(new ListBucketsCommand({}));
    expect(await sdkError(ec2Client(sb.url, keys).send(new DescribeInstancesCommand({})))).toMatchObject({
      name: 'UnauthorizedOperation',
    });
  });

  it('conditions: aws:RequestedRegion, aws:SecureTransport, aws:SourceIp, aws:PrincipalTag', async () => {
    const keys = await newUserKeys('conditional');
    await iam.send(new TagUserCommand({ UserName: 'conditional', Tags: [{ Key: 'team', Value: 'blue' }] }));
    const put = (name: string, condition: object, action = 's3:ListAllMyBuckets') =>
      iam.send(
        new PutUserPolicyCommand({
          UserName: 'conditional',
          PolicyName: name,
          PolicyDocument: policy({ Effect: 'Allow', Action: action, Resource: '*', Condition: condition }),
        }),
      );
    const listIn = (region: string) =>
      new S3Client({ endpoint: sb.url, region, credentials: keys, forcePathStyle: true, maxAttempts: 1 })
        .send(new ListBucketsCommand({}))
        .then(
          () => 'allowed',
          (e: Error) => e.name,
        );

    await put('region', { StringEquals: { 'aws:RequestedRegion': 'us-east-1' } });
    expect(await listIn(REGION)).toBe('AccessDenied');
    expect(await listIn('us-east-1')).toBe('allowed');

    await put('region', { Bool: { 'aws:SecureTransport': 'true' } });
    expect(await listIn(REGION)).toBe('AccessDenied');

    await put('region', { IpAddress: { 'aws:SourceIp': '203.0.113.0/24' } });
    expect(await listIn(REGION)).toBe('AccessDenied');
    await put('region', { IpAddress: { 'aws:SourceIp': ['127.0.0.0/8', '::1/128'] } });
    expect(await listIn(REGION)).toBe('allowed');

    await put('region', { StringEquals: { 'aws:PrincipalTag/team': 'red' } });
    expect(await listIn(REGION)).toBe('AccessDenied');
    await put('region', { StringEquals: { 'aws:PrincipalTag/team': 'blue' } });
    expect(await listIn(REGION)).toBe('allowed');

    // An operator the evaluator does not know never matches, so it grants nothing.
    await put('region', { StringSortOfEquals: { 'aws:PrincipalTag/team': 'blue' } });
    expect(await listIn(REGION)).toBe('AccessDenied');
  });
});
