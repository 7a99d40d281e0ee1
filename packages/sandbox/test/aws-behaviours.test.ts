import {
  CreateKeyPairCommand,
  DescribeImagesCommand,
  EC2Client,
  RunInstancesCommand,
} from '@aws-sdk/client-ec2';
import {
  AttachRolePolicyCommand,
  AttachUserPolicyCommand,
  CreateAccessKeyCommand,
  CreatePolicyCommand,
  CreateRoleCommand,
  CreateUserCommand,
  GetRoleCommand,
  GetUserCommand,
  IAMClient,
  ListUsersCommand,
  PutUserPermissionsBoundaryCommand,
  PutUserPolicyCommand,
} from '@aws-sdk/client-iam';
import { CreateBucketCommand, ListBucketsCommand, S3Client } from '@aws-sdk/client-s3';
import { GetQueueUrlCommand, SQSClient } from '@aws-sdk/client-sqs';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import {
  SANDBOX_TEST_REGION as region,
  sandboxCli,
  SANDBOX_TEST_CREDENTIALS as testCredentials,
} from '@handson/test-support';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningSandbox, startSandbox } from '../src/index.js';

/*
 * AWS behaviours the sandbox used to differ in, each through the AWS CLI or SDK v3 as a learner meets them.
 */

let sb: RunningSandbox;
let ec2: EC2Client;
let imageId: string;
beforeAll(async () => {
  sb = await startSandbox({ seed: 'aws-behaviours' });
  ec2 = new EC2Client({ endpoint: sb.url, region, credentials: testCredentials, maxAttempts: 1 });
  const images = await ec2.send(
    new DescribeImagesCommand({
      Owners: ['amazon'],
      Filters: [{ Name: 'name', Values: ['al2023-ami-2023.*-x86_64'] }],
    }),
  );
  imageId = images.Images![0]!.ImageId!;
});
afterAll(() => sb?.close());

describe('EC2', () => {
  it('RunInstances with a reused ClientToken: the same launch again, or IdempotentParameterMismatch', async () => {
    const launch = {
      ImageId: imageId,
      InstanceType: 't2.micro' as const,
      MinCount: 1,
      MaxCount: 1,
      ClientToken: 'launch-once',
    };
    const first = await ec2.send(new RunInstancesCommand(launch));
    const again = await ec2.send(new RunInstancesCommand(launch));
    expect(again.ReservationId).toBe(first.ReservationId);
    expect(again.Instances?.map((i) => i.InstanceId)).toEqual(first.Instances?.map((i) => i.InstanceId));
    const other = await ec2
      .send(new RunInstancesCommand({ ...launch, InstanceType: 't3.micro' }))
      .catch((e: Error) => e);
    expect((other as Error).name).toBe('IdempotentParameterMismatch');
    // The CLI encodes the same request its own way: a retry is still recognised, a change still refused.
    const same = await sandboxCli(sb.url, [
      'ec2',
      'run-instances',
      '--image-id',
      imageId,
      '--instance-type',
      't2.micro',
      '--client-token',
      'launch-once',
      '--query',
      'ReservationId',
      '--output',
      'text',
    ]);
    expect(same.stdout.trim()).toBe(first.ReservationId);
    const changed = await sandboxCli(sb.url, [
      'ec2',
      'run-instances',
      '--image-id',
      imageId,
      '--instance-type',
      't2.micro',
      '--key-name',
      'none',
      '--client-token',
      'launch-once',
    ]);
    expect(changed.stderr.trim()).toBe(
      'An error occurred (IdempotentParameterMismatch) when calling the RunInstances operation: Arguments on this idempotent request are inconsistent with arguments used in previous request(s).',
    );
  });

  it('a listing leaves deprecated images out unless --include-deprecated; by id they are described and launch', async () => {
    const list = async (...extra: string[]) => {
      const cli = await sandboxCli(sb.url, [
        'ec2',
        'describe-images',
        '--owners',
        'amazon',
        '--filters',
        'Name=name,Values=amzn2-ami-hvm-2.0.*-x86_64-gp2',
        ...extra,
        '--query',
        'Images[].[ImageId,DeprecationTime]',
        '--output',
        'json',
      ]);
      expect(cli.code, cli.stderr).toBe(0);
      return JSON.parse(cli.stdout) as [string, string][];
    };
    const now = Date.now();
    const current = await list();
    expect(current.length).toBeGreaterThan(0);
    expect(current.every(([, deprecation]) => Date.parse(deprecation) > now)).toBe(true);
    const all = await list('--include-deprecated');
    const deprecated = all.filter(([, deprecation]) => Date.parse(deprecation) <= now);
    expect(deprecated.length).toBeGreaterThan(0);
    expect(all).toHaveLength(current.length + deprecated.length);

    const [oldId] = deprecated[0]!;
    const byId = await ec2.send(new DescribeImagesCommand({ ImageIds: [oldId] }));
    expect(byId.Images?.map((i) => i.ImageId)).toEqual([oldId]);
    const run = await ec2.send(
      new RunInstancesCommand({ ImageId: oldId, InstanceType: 't2.micro', MinCount: 1, MaxCount: 1 }),
    );
    expect(run.Instances?.[0]?.ImageId).toBe(oldId);
  });

  it('a malformed instance id is InvalidInstanceID.Malformed, not NotFound', async () => {
    const cli = await sandboxCli(sb.url, ['ec2', 'describe-instances', '--instance-ids', 'i-zzz']);
    expect(cli.stderr.trim()).toBe(
      'An error occurred (InvalidInstanceID.Malformed) when calling the DescribeInstances operation: Invalid id: "i-zzz"',
    );
    const stop = await sandboxCli(sb.url, ['ec2', 'stop-instances', '--instance-ids', 'i-zzz']);
    expect(stop.stderr).toContain('(InvalidInstanceID.Malformed)');
    const missing = await sandboxCli(sb.url, [
      'ec2',
      'describe-instances',
      '--instance-ids',
      'i-0123456789abcdef0',
    ]);
    expect(missing.stderr).toContain('(InvalidInstanceID.NotFound)');
  });

  it("an instance gets its image's metadata defaults: AL2023 IMDSv2 required, hop limit 2; AL2 optional, 1", async () => {
    const al2 = await ec2.send(
      new DescribeImagesCommand({
        Owners: ['amazon'],
        Filters: [{ Name: 'name', Values: ['amzn2-ami-hvm-*-x86_64-gp2'] }],
      }),
    );
    const options = async (image: string) => {
      const run = await ec2.send(
        new RunInstancesCommand({ ImageId: image, InstanceType: 't2.micro', MinCount: 1, MaxCount: 1 }),
      );
      const cli = await sandboxCli(sb.url, [
        'ec2',
        'describe-instances',
        '--instance-ids',
        run.Instances![0]!.InstanceId!,
        '--query',
        'Reservations[0].Instances[0].[MetadataOptions.HttpTokens,MetadataOptions.HttpPutResponseHopLimit,BootMode]',
        '--output',
        'text',
      ]);
      return cli.stdout.trim().split(/\s+/);
    };
    expect(await options(imageId)).toEqual(['required', '2', 'uefi-preferred']);
    expect(await options(al2.Images![0]!.ImageId!)).toEqual(['optional', '1', 'legacy-bios']);
  });

  it('answers times in whole seconds, as EC2 does, even when the sandbox clock has milliseconds', async () => {
    sb.clock.freeze(new Date('2026-03-01T10:20:30.456Z'));
    try {
      const run = await ec2.send(
        new RunInstancesCommand({ ImageId: imageId, InstanceType: 't2.micro', MinCount: 1, MaxCount: 1 }),
      );
      expect(run.Instances![0]!.LaunchTime!.toISOString()).toBe('2026-03-01T10:20:30.000Z');
      const key = await ec2.send(new CreateKeyPairCommand({ KeyName: 'whole-seconds' }));
      expect(key.KeyPairId).toBeDefined();
      const cli = await sandboxCli(sb.url, [
        'ec2',
        'describe-instances',
        '--instance-ids',
        run.Instances![0]!.InstanceId!,
        '--query',
        'Reservations[0].Instances[0].LaunchTime',
        '--output',
        'text',
      ]);
      expect(cli.stdout).toBe('2026-03-01T10:20:30+00:00\n');
      const keys = await sandboxCli(sb.url, [
        'ec2',
        'describe-key-pairs',
        '--query',
        'KeyPairs[0].CreateTime',
        '--output',
        'text',
      ]);
      expect(keys.stdout).toBe('2026-03-01T10:20:30+00:00\n');
    } finally {
      sb.clock.resume();
      sb.clock.set(new Date());
    }
  });
});

/** An identity policy of about `chars` characters without white space (a list of bucket ARNs). */
function policyOf(chars: number, pad = ''): string {
  const resources: string[] = [];
  const base =
    '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":[]}]}'.length;
  let size = base;
  for (let i = 0; size < chars; i++) {
    const arn = `arn:aws:s3:::bucket-${String(i).padStart(6, '0')}/*`;
    resources.push(arn);
    size += arn.length + 3;
  }
  return JSON.stringify(
    { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: resources }] },
    null,
    pad,
  );
}

describe('IAM', () => {
  it('a trust policy with a Resource element is MalformedPolicyDocument "Has prohibited field Resource"', async () => {
    const trust = JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Principal: { Service: 'ec2.amazonaws.com' },
          Action: 'sts:AssumeRole',
          Resource: '*',
        },
      ],
    });
    const cli = await sandboxCli(sb.url, [
      'iam',
      'create-role',
      '--role-name',
      'with-resource',
      '--assume-role-policy-document',
      trust,
    ]);
    expect(cli.stderr.trim()).toBe(
      'An error occurred (MalformedPolicyDocument) when calling the CreateRole operation: Has prohibited field Resource',
    );
  });

  it('a trust policy naming a user or role that does not exist is MalformedPolicyDocument "Invalid principal"', async () => {
    const trust = (arn: string) =>
      JSON.stringify({
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Principal: { AWS: arn }, Action: 'sts:AssumeRole' }],
      });
    const cli = await sandboxCli(sb.url, [
      'iam',
      'create-role',
      '--role-name',
      'trusts-nobody',
      '--assume-role-policy-document',
      trust('arn:aws:iam::123456789012:user/nobody'),
    ]);
    expect(cli.stderr.trim()).toBe(
      'An error occurred (MalformedPolicyDocument) when calling the CreateRole operation: Invalid principal in policy: "AWS":"arn:aws:iam::123456789012:user/nobody"',
    );
    const iam = new IAMClient({ endpoint: sb.url, region, credentials: testCredentials, maxAttempts: 1 });
    await iam.send(new CreateUserCommand({ UserName: 'somebody' }));
    await iam.send(
      new CreateRoleCommand({
        RoleName: 'trusts-somebody',
        AssumeRolePolicyDocument: trust('arn:aws:iam::123456789012:user/somebody'),
      }),
    );
    await iam.send(
      new CreateRoleCommand({
        RoleName: 'trusts-account',
        AssumeRolePolicyDocument: trust('arn:aws:iam::123456789012:root'),
      }),
    );
  });

  it('the root user may not assume a role, whatever its trust policy; a user of the account may', async () => {
    const iam = new IAMClient({ endpoint: sb.url, region, credentials: testCredentials, maxAttempts: 1 });
    const trust = JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::123456789012:root' }, Action: 'sts:AssumeRole' },
      ],
    });
    const { Role } = await iam.send(
      new CreateRoleCommand({ RoleName: 'trusts-root', AssumeRolePolicyDocument: trust }),
    );
    const assume = ['sts', 'assume-role', '--role-arn', Role!.Arn!, '--role-session-name', 'as-root'];
    const asRoot = await sandboxCli(sb.url, assume);
    expect(asRoot.stderr.trim()).toBe(
      'An error occurred (AccessDenied) when calling the AssumeRole operation: Roles may not be assumed by root accounts.',
    );
    // Also for a role that does not exist: root is refused before the role is looked up.
    const missing = await sandboxCli(sb.url, [
      ...assume.slice(0, 3),
      `${Role!.Arn!}-missing`,
      ...assume.slice(4),
    ]);
    expect(missing.stderr).toContain('Roles may not be assumed by root accounts.');

    await iam.send(new CreateUserCommand({ UserName: 'root-stand-in' }));
    await iam.send(
      new PutUserPolicyCommand({
        UserName: 'root-stand-in',
        PolicyName: 'assume',
        PolicyDocument: JSON.stringify({
          Version: '2012-10-17',
          Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: Role!.Arn }],
        }),
      }),
    );
    const { AccessKey } = await iam.send(new CreateAccessKeyCommand({ UserName: 'root-stand-in' }));
    const sts = new STSClient({
      endpoint: sb.url,
      region,
      maxAttempts: 1,
      credentials: { accessKeyId: AccessKey!.AccessKeyId!, secretAccessKey: AccessKey!.SecretAccessKey! },
    });
    const session = await sts.send(new AssumeRoleCommand({ RoleArn: Role!.Arn, RoleSessionName: 'as-user' }));
    expect(session.AssumedRoleUser?.Arn).toBe('arn:aws:sts::123456789012:assumed-role/trusts-root/as-user');
  });

  it("a user's inline policies over 2,048 characters in total are LimitExceeded; white space does not count", async () => {
    const iam = new IAMClient({ endpoint: sb.url, region, credentials: testCredentials, maxAttempts: 1 });
    await iam.send(new CreateUserCommand({ UserName: 'quota' }));
    const first = policyOf(1200, '          ');
    expect(first.length).toBeGreaterThan(2048);
    await iam.send(
      new PutUserPolicyCommand({ UserName: 'quota', PolicyName: 'first', PolicyDocument: first }),
    );
    // Replacing a policy counts the new text, not both.
    await iam.send(
      new PutUserPolicyCommand({ UserName: 'quota', PolicyName: 'first', PolicyDocument: policyOf(1300) }),
    );
    const over = await iam
      .send(
        new PutUserPolicyCommand({ UserName: 'quota', PolicyName: 'second', PolicyDocument: policyOf(900) }),
      )
      .catch((e: Error) => e);
    expect((over as Error).name).toBe('LimitExceededException');
    expect((over as Error).message).toBe('Maximum policy size of 2048 bytes exceeded for user quota');
    const cli = await sandboxCli(sb.url, [
      'iam',
      'put-user-policy',
      '--user-name',
      'quota',
      '--policy-name',
      'third',
      '--policy-document',
      policyOf(800),
    ]);
    expect(cli.stderr).toContain('(LimitExceeded) when calling the PutUserPolicy operation');
  });

  it('a managed policy over 6,144 characters is LimitExceeded', async () => {
    const iam = new IAMClient({ endpoint: sb.url, region, credentials: testCredentials, maxAttempts: 1 });
    const err = await iam
      .send(new CreatePolicyCommand({ PolicyName: 'too-big', PolicyDocument: policyOf(6200) }))
      .catch((e: Error) => e);
    expect((err as Error).name).toBe('LimitExceededException');
    expect((err as Error).message).toBe('Cannot exceed quota for PolicySize: 6144');
    await iam.send(new CreatePolicyCommand({ PolicyName: 'fits', PolicyDocument: policyOf(6000, '  ') }));
  });

  it("a permissions boundary caps what a user's policies allow (PutUserPermissionsBoundary, SDK and CLI)", async () => {
    const iam = new IAMClient({ endpoint: sb.url, region, credentials: testCredentials, maxAttempts: 1 });
    await iam.send(new CreateUserCommand({ UserName: 'bounded' }));
    await iam.send(
      new AttachUserPolicyCommand({
        UserName: 'bounded',
        PolicyArn: 'arn:aws:iam::aws:policy/AdministratorAccess',
      }),
    );
    const k = await iam.send(new CreateAccessKeyCommand({ UserName: 'bounded' }));
    const keys = { accessKeyId: k.AccessKey!.AccessKeyId!, secretAccessKey: k.AccessKey!.SecretAccessKey! };
    const as = { endpoint: sb.url, region, credentials: keys, maxAttempts: 1 };
    const s3 = new S3Client({ ...as, forcePathStyle: true });
    const asUser = new IAMClient(as);
    await asUser.send(new ListUsersCommand({}));

    const missing = await iam
      .send(
        new PutUserPermissionsBoundaryCommand({
          UserName: 'bounded',
          PermissionsBoundary: 'arn:aws:iam::123456789012:policy/none',
        }),
      )
      .catch((e: Error) => e);
    expect((missing as Error).name).toBe('NoSuchEntityException');
    const put = await sandboxCli(sb.url, [
      'iam',
      'put-user-permissions-boundary',
      '--user-name',
      'bounded',
      '--permissions-boundary',
      'arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess',
    ]);
    expect(put.code, put.stderr).toBe(0);
    const user = await iam.send(new GetUserCommand({ UserName: 'bounded' }));
    expect(user.User?.PermissionsBoundary?.PermissionsBoundaryArn).toBe(
      'arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess',
    );

    // Allowed by both: reading S3. Allowed by AdministratorAccess only: refused.
    await s3.send(new ListBucketsCommand({}));
    const create = await s3
      .send(
        new CreateBucketCommand({
          Bucket: 'bounded-bucket',
          CreateBucketConfiguration: { LocationConstraint: region },
        }),
      )
      .catch((e: Error) => e);
    expect((create as Error).name).toBe('AccessDenied');
    expect(((await asUser.send(new ListUsersCommand({})).catch((e: Error) => e)) as Error).name).toBe(
      'AccessDenied',
    );

    const removed = await sandboxCli(sb.url, [
      'iam',
      'delete-user-permissions-boundary',
      '--user-name',
      'bounded',
    ]);
    expect(removed.code, removed.stderr).toBe(0);
    await asUser.send(new ListUsersCommand({}));
  });

  it("a role's permissions boundary caps its sessions (PutRolePermissionsBoundary)", async () => {
    const iam = new IAMClient({ endpoint: sb.url, region, credentials: testCredentials, maxAttempts: 1 });
    await iam.send(new CreateUserCommand({ UserName: 'assumer' }));
    await iam.send(
      new AttachUserPolicyCommand({
        UserName: 'assumer',
        PolicyArn: 'arn:aws:iam::aws:policy/AdministratorAccess',
      }),
    );
    const k = await iam.send(new CreateAccessKeyCommand({ UserName: 'assumer' }));
    const assumer = {
      accessKeyId: k.AccessKey!.AccessKeyId!,
      secretAccessKey: k.AccessKey!.SecretAccessKey!,
    };
    const trust = JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::123456789012:root' }, Action: 'sts:AssumeRole' },
      ],
    });
    await iam.send(new CreateRoleCommand({ RoleName: 'bounded-role', AssumeRolePolicyDocument: trust }));
    await iam.send(
      new AttachRolePolicyCommand({
        RoleName: 'bounded-role',
        PolicyArn: 'arn:aws:iam::aws:policy/AdministratorAccess',
      }),
    );
    const put = await sandboxCli(sb.url, [
      'iam',
      'put-role-permissions-boundary',
      '--role-name',
      'bounded-role',
      '--permissions-boundary',
      'arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess',
    ]);
    expect(put.code, put.stderr).toBe(0);
    const role = await iam.send(new GetRoleCommand({ RoleName: 'bounded-role' }));
    expect(role.Role?.PermissionsBoundary?.PermissionsBoundaryArn).toBe(
      'arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess',
    );
    const sts = new STSClient({ endpoint: sb.url, region, credentials: assumer, maxAttempts: 1 });
    const session = await sts.send(
      new AssumeRoleCommand({
        RoleArn: 'arn:aws:iam::123456789012:role/bounded-role',
        RoleSessionName: 'capped',
      }),
    );
    const c = session.Credentials!;
    const keys = {
      accessKeyId: c.AccessKeyId!,
      secretAccessKey: c.SecretAccessKey!,
      sessionToken: c.SessionToken!,
    };
    await new S3Client({
      endpoint: sb.url,
      region,
      credentials: keys,
      forcePathStyle: true,
      maxAttempts: 1,
    }).send(new ListBucketsCommand({}));
    const denied = await new IAMClient({ endpoint: sb.url, region, credentials: keys, maxAttempts: 1 })
      .send(new ListUsersCommand({}))
      .catch((e: Error) => e);
    expect((denied as Error).name).toBe('AccessDenied');
  });
});

describe('error texts', () => {
  it('a missing queue: the JSON protocol says "does not exist.", the query protocol "…for this wsdl version."', async () => {
    const sqs = new SQSClient({ endpoint: sb.url, region, credentials: testCredentials, maxAttempts: 1 });
    const json = await sqs.send(new GetQueueUrlCommand({ QueueName: 'never-made' })).catch((e: Error) => e);
    expect((json as Error).name).toBe('QueueDoesNotExist');
    expect((json as Error).message).toBe('The specified queue does not exist.');
    // The CLI v2.9 speaks the query protocol to SQS.
    const cli = await sandboxCli(sb.url, ['sqs', 'get-queue-url', '--queue-name', 'never-made']);
    expect(cli.stderr.trim()).toBe(
      'An error occurred (AWS.SimpleQueueService.NonExistentQueue) when calling the GetQueueUrl operation: The specified queue does not exist for this wsdl version.',
    );
  });

  it('an IAM listing refused names its path as the resource, as AWS does', async () => {
    const iam = new IAMClient({ endpoint: sb.url, region, credentials: testCredentials, maxAttempts: 1 });
    await iam.send(new CreateUserCommand({ UserName: 'lister' }));
    const { AccessKey } = await iam.send(new CreateAccessKeyCommand({ UserName: 'lister' }));
    const cli = await sandboxCli(sb.url, ['iam', 'list-roles'], {
      env: {
        AWS_ACCESS_KEY_ID: AccessKey!.AccessKeyId!,
        AWS_SECRET_ACCESS_KEY: AccessKey!.SecretAccessKey!,
      },
    });
    expect(cli.stderr.trim()).toBe(
      'An error occurred (AccessDenied) when calling the ListRoles operation: User: arn:aws:iam::123456789012:user/lister is not authorized to perform: iam:ListRoles on resource: arn:aws:iam::123456789012:role/ because no identity-based policy allows the iam:ListRoles action',
    );
  });

  it("EC2's MaxResults bounds in its own words, one bound at a time", async () => {
    const small = await sandboxCli(sb.url, ['ec2', 'describe-instances', '--max-results', '3']);
    expect(small.stderr.trim()).toBe(
      'An error occurred (InvalidParameterValue) when calling the DescribeInstances operation: Value ( 3 ) for parameter maxResults is invalid. Expecting a value greater than 5.',
    );
    const large = await sandboxCli(sb.url, ['ec2', 'describe-instances', '--max-results', '2000']);
    expect(large.stderr.trim()).toBe(
      'An error occurred (InvalidParameterValue) when calling the DescribeInstances operation: Value ( 2000 ) for parameter maxResults is invalid. Expecting a value less than or equal to 1000.',
    );
  });
});
