import {
  DescribeImagesCommand,
  DescribeInstancesCommand,
  EC2Client,
  RunInstancesCommand,
} from '@aws-sdk/client-ec2';
import {
  AddRoleToInstanceProfileCommand,
  CreateAccessKeyCommand,
  CreateInstanceProfileCommand,
  CreateRoleCommand,
  CreateUserCommand,
  PutUserPolicyCommand,
} from '@aws-sdk/client-iam';
import { ListBucketsCommand } from '@aws-sdk/client-s3';
import {
  ChangeMessageVisibilityBatchCommand,
  CreateQueueCommand,
  DeleteMessageBatchCommand,
  ReceiveMessageCommand,
  SendMessageBatchCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServiceDefinition } from '../core/types';
import cloudformation from '../services/cloudformation/index';
import cloudtrail from '../services/cloudtrail/index';
import ec2 from '../services/ec2/index';
import {
  cliAs,
  iamClient,
  type Keys,
  REGION,
  s3Client,
  sdkError,
  startTestSandbox,
  type TestSandbox,
} from '../services/iam/__fixtures__/sandbox';
import iam from '../services/iam/index';
import s3 from '../services/s3/index';
import sqs from '../services/sqs/index';
import sts from '../services/sts/index';
import reference from './reference/actions.json';

/*
 * The IAM action each served operation is authorized as (a service definition's `actions`, else
 * `<service>:<Operation>`, as the core resolves it), checked against the action names of AWS's Service
 * Authorization Reference (reference/actions.json, where it came from is in its "source"), and enforced as
 * AWS maps it, through the real server.
 */

const DEFINITIONS = [cloudformation, cloudtrail, ec2, iam, s3, sqs, sts] as ServiceDefinition[];
/** Actions an operation needs besides its own (enforced in the handler). */
const ALSO_NEEDED: Record<string, string[]> = { 'ec2:RunInstances': ['iam:PassRole'] };

const actionOf = (def: ServiceDefinition, op: string) => def.actions?.[op] ?? `${def.name}:${op}`;

describe('the operation → IAM action table', () => {
  const names = reference as unknown as Record<string, string[]>;
  it('names only actions that exist in the Service Authorization Reference, for every served operation', () => {
    const unknown: string[] = [];
    let checked = 0;
    for (const def of DEFINITIONS) {
      for (const op of Object.keys(def.operations)) {
        for (const action of [actionOf(def, op), ...(ALSO_NEEDED[`${def.name}:${op}`] ?? [])]) {
          const [prefix, name] = action.split(':') as [string, string];
          checked++;
          if (!names[prefix]?.includes(name)) unknown.push(`${def.name}:${op} -> ${action}`);
        }
      }
    }
    expect(unknown).toEqual([]);
    expect(checked).toBeGreaterThan(150);
  });

  it('maps the operations whose action is not their own name as AWS does', () => {
    expect(actionOf(sqs, 'SendMessageBatch')).toBe('sqs:SendMessage');
    expect(actionOf(sqs, 'DeleteMessageBatch')).toBe('sqs:DeleteMessage');
    expect(actionOf(sqs, 'ChangeMessageVisibilityBatch')).toBe('sqs:ChangeMessageVisibility');
    expect(actionOf(s3, 'ListBuckets')).toBe('s3:ListAllMyBuckets');
    expect(actionOf(s3, 'HeadBucket')).toBe('s3:ListBucket');
  });
});

let sb: TestSandbox;
const policy = (...Statement: object[]) => JSON.stringify({ Version: '2012-10-17', Statement });

async function userWith(name: string, ...statements: object[]): Promise<Keys> {
  const admin = iamClient(sb.url);
  await admin.send(new CreateUserCommand({ UserName: name }));
  await admin.send(
    new PutUserPolicyCommand({ UserName: name, PolicyName: 'p', PolicyDocument: policy(...statements) }),
  );
  const k = await admin.send(new CreateAccessKeyCommand({ UserName: name }));
  return { accessKeyId: k.AccessKey!.AccessKeyId!, secretAccessKey: k.AccessKey!.SecretAccessKey! };
}
const sqsAs = (keys: Keys) =>
  new SQSClient({ endpoint: sb.url, region: REGION, credentials: keys, maxAttempts: 1 });
const ec2As = (keys: Keys) =>
  new EC2Client({ endpoint: sb.url, region: REGION, credentials: keys, maxAttempts: 1 });

beforeAll(async () => {
  sb = await startTestSandbox('authorization-map');
});
afterAll(() => sb?.close());

describe('batch actions are authorized as the single action', () => {
  it('a user denied sqs:SendMessage cannot send with SendMessageBatch; one allowed only it can', async () => {
    const admin = sqsAs({ accessKeyId: 'test', secretAccessKey: 'test' });
    const { QueueUrl } = await admin.send(new CreateQueueCommand({ QueueName: 'batch-auth' }));
    const entries = [{ Id: 'a', MessageBody: 'one' }];
    const denied = await userWith(
      'denied-send',
      { Effect: 'Allow', Action: 'sqs:*', Resource: '*' },
      { Effect: 'Deny', Action: 'sqs:SendMessage', Resource: '*' },
    );
    const err = await sdkError(
      sqsAs(denied).send(new SendMessageBatchCommand({ QueueUrl, Entries: entries })),
    );
    expect(err.name).toBe('AccessDenied');
    expect(err.message).toContain(
      'sqs:SendMessage on resource: arn:aws:sqs:ap-northeast-1:123456789012:batch-auth',
    );
    const only = await userWith('only-send', { Effect: 'Allow', Action: 'sqs:SendMessage', Resource: '*' });
    const sent = await sqsAs(only).send(new SendMessageBatchCommand({ QueueUrl, Entries: entries }));
    expect(sent.Successful?.map((s) => s.Id)).toEqual(['a']);
    // The CLI's batch call is the same action.
    const cli = await cliAs(
      sb.url,
      ['sqs', 'send-message-batch', '--queue-url', QueueUrl!, '--entries', 'Id=b,MessageBody=two'],
      only,
    );
    expect(cli.code, cli.stderr).toBe(0);

    const { Messages } = await admin.send(
      new ReceiveMessageCommand({ QueueUrl, MaxNumberOfMessages: 10, VisibilityTimeout: 30 }),
    );
    const handles = (Messages ?? []).map((m, i) => ({ Id: String(i), ReceiptHandle: m.ReceiptHandle! }));
    expect(handles.length).toBeGreaterThan(0);
    const receiver = await userWith('only-visibility-delete', {
      Effect: 'Allow',
      Action: ['sqs:ChangeMessageVisibility', 'sqs:DeleteMessage'],
      Resource: '*',
    });
    const vis = await sqsAs(receiver).send(
      new ChangeMessageVisibilityBatchCommand({
        QueueUrl,
        Entries: handles.map((h) => ({ ...h, VisibilityTimeout: 0 })),
      }),
    );
    expect(vis.Failed ?? []).toEqual([]);
    const del = await sqsAs(receiver).send(new DeleteMessageBatchCommand({ QueueUrl, Entries: handles }));
    expect(del.Failed ?? []).toEqual([]);
    const noDelete = await sdkError(
      sqsAs(only).send(new DeleteMessageBatchCommand({ QueueUrl, Entries: handles })),
    );
    expect(noDelete.name).toBe('AccessDenied');
  });
});

describe('ListBuckets and RunInstances', () => {
  it('ListBuckets is s3:ListAllMyBuckets (a policy naming s3:ListBuckets grants nothing)', async () => {
    const right = await userWith('lister', { Effect: 'Allow', Action: 's3:ListAllMyBuckets', Resource: '*' });
    await expect(s3Client(sb.url, right).send(new ListBucketsCommand({}))).resolves.toBeDefined();
    const wrong = await userWith('wrong-lister', {
      Effect: 'Allow',
      Action: 's3:ListBuckets',
      Resource: '*',
    });
    expect((await sdkError(s3Client(sb.url, wrong).send(new ListBucketsCommand({})))).name).toBe(
      'AccessDenied',
    );
  });

  it('RunInstances with an instance profile needs iam:PassRole on its role', async () => {
    const admin = iamClient(sb.url);
    await admin.send(
      new CreateRoleCommand({
        RoleName: 'app-role',
        AssumeRolePolicyDocument: policy({
          Effect: 'Allow',
          Principal: { Service: 'ec2.amazonaws.com' },
          Action: 'sts:AssumeRole',
        }),
      }),
    );
    await admin.send(new CreateInstanceProfileCommand({ InstanceProfileName: 'app-profile' }));
    await admin.send(
      new AddRoleToInstanceProfileCommand({ InstanceProfileName: 'app-profile', RoleName: 'app-role' }),
    );
    const root = ec2As({ accessKeyId: 'test', secretAccessKey: 'test' });
    const images = await root.send(
      new DescribeImagesCommand({
        Owners: ['amazon'],
        Filters: [{ Name: 'name', Values: ['al2023-ami-2023.*-x86_64'] }],
      }),
    );
    const ImageId = images.Images![0]!.ImageId!;
    const launch = {
      ImageId,
      InstanceType: 't2.micro' as const,
      MinCount: 1,
      MaxCount: 1,
      IamInstanceProfile: { Name: 'app-profile' },
    };

    const noPass = await userWith('launcher', { Effect: 'Allow', Action: 'ec2:*', Resource: '*' });
    const refused = await sdkError(ec2As(noPass).send(new RunInstancesCommand(launch)));
    expect(refused.name).toBe('UnauthorizedOperation');
    const cli = await cliAs(
      sb.url,
      [
        'ec2',
        'run-instances',
        '--image-id',
        ImageId,
        '--instance-type',
        't2.micro',
        '--iam-instance-profile',
        'Name=app-profile',
      ],
      noPass,
    );
    expect(cli.stderr).toContain('(UnauthorizedOperation) when calling the RunInstances operation');

    const withPass = await userWith(
      'launcher-with-pass',
      { Effect: 'Allow', Action: 'ec2:*', Resource: '*' },
      { Effect: 'Allow', Action: 'iam:PassRole', Resource: 'arn:aws:iam::123456789012:role/app-role' },
    );
    const out = await ec2As(withPass).send(new RunInstancesCommand(launch));
    const id = out.Instances![0]!.InstanceId!;
    const seen = await root.send(new DescribeInstancesCommand({ InstanceIds: [id] }));
    expect(seen.Reservations![0]!.Instances![0]!.IamInstanceProfile?.Arn).toBe(
      'arn:aws:iam::123456789012:instance-profile/app-profile',
    );
    const missing = await sdkError(
      root.send(new RunInstancesCommand({ ...launch, IamInstanceProfile: { Name: 'no-such-profile' } })),
    );
    expect(missing.name).toBe('InvalidParameterValue');
  });
});
