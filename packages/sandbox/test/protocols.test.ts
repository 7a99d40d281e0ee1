import { CreateVpcCommand, DescribeVpcsCommand, EC2Client } from '@aws-sdk/client-ec2';
import { CreateUserCommand, GetUserCommand, IAMClient, ListUsersCommand } from '@aws-sdk/client-iam';
import {
  CreateQueueCommand,
  GetQueueUrlCommand,
  ReceiveMessageCommand,
  SendMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import {
  SANDBOX_TEST_REGION as region,
  sandboxCli,
  SANDBOX_TEST_CREDENTIALS as testCredentials,
} from '@handson/test-support';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningSandbox, startSandbox } from '../src/index.js';
import ec2 from '../src/services/ec2/index.js';
import iam from '../src/services/iam/index.js';
import s3 from '../src/services/s3/index.js';
import sqs from '../src/services/sqs/index.js';

/** Now as X-Amz-Date: the sandbox holds header signatures to AWS's 15-minute window, by the real clock. */
const amzNow = () =>
  new Date()
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');

let sandbox: RunningSandbox;
const clients: { destroy(): void }[] = [];
function client<T extends { destroy(): void }>(c: T): T {
  clients.push(c);
  return c;
}

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, discover: false, services: [iam, ec2, sqs, s3], seed: 7 });
});
afterAll(async () => {
  for (const c of clients) c.destroy();
  await sandbox.close();
});

const config = () => ({ endpoint: sandbox.url, region, credentials: testCredentials, maxAttempts: 1 });

/** A request signed with an unknown key: the sandbox treats it as root without checking the signature. */
function rootPost(body: string, headers: Record<string, string> = {}, service = 'iam') {
  return fetch(sandbox.url, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded; charset=utf-8',
      authorization: `AWS4-HMAC-SHA256 Credential=test/${amzNow().slice(0, 8)}/us-east-1/${service}/aws4_request, SignedHeaders=host;x-amz-date, Signature=00`,
      'x-amz-date': amzNow(),
      ...headers,
    },
    body,
  });
}

describe('awsQuery (IAM model)', () => {
  it('parses lists of structures and serialises timestamps, lists and strings', async () => {
    sandbox.clock.freeze(new Date('2021-05-16T09:21:41Z'));
    const iamClient = client(new IAMClient(config()));
    const out = await iamClient.send(
      new CreateUserCommand({
        UserName: 'handson-cli-novice-user',
        Path: '/labs/',
        Tags: [
          { Key: 'handson:lab', Value: '01-iam' },
          { Key: '名前', Value: '値 = 1+1' },
        ],
      }),
    );
    expect(out.User).toMatchObject({
      UserName: 'handson-cli-novice-user',
      Path: '/labs/',
      Arn: 'arn:aws:iam::123456789012:user/labs/handson-cli-novice-user',
      Tags: [
        { Key: 'handson:lab', Value: '01-iam' },
        { Key: '名前', Value: '値 = 1+1' },
      ],
    });
    expect(out.User?.CreateDate).toEqual(new Date('2021-05-16T09:21:41Z'));
    sandbox.clock.resume();
  });

  it('parses numbers and serialises booleans', async () => {
    const iamClient = client(new IAMClient(config()));
    const all = await iamClient.send(new ListUsersCommand({ MaxItems: 1000 }));
    expect(all.IsTruncated).toBe(false);
    expect(all.Users?.map((u) => u.UserName)).toEqual(['handson-cli-novice-user']);
    const one = await iamClient.send(new ListUsersCommand({ MaxItems: 0 })).catch((e) => e);
    expect(one.name).toBe('ValidationError');
  });

  it('raises the named exception with the query code, status and request id', async () => {
    const iamClient = client(new IAMClient(config()));
    const err = await iamClient.send(new GetUserCommand({ UserName: 'missing' })).catch((e) => e);
    expect(err.name).toBe('NoSuchEntityException');
    expect(err.message).toBe('The user with name missing cannot be found.');
    expect(err.$metadata.httpStatusCode).toBe(404);
    expect(err.$metadata.requestId).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-a[0-9a-f]{3}-[0-9a-f]{12}$/,
    );
  });

  it('prints as the CLI prints AWS errors', async () => {
    const res = await sandboxCli(sandbox.url, ['iam', 'get-user', '--user-name', 'missing']);
    expect(res.code).toBe(254);
    expect(res.stderr.trim()).toBe(
      'An error occurred (NoSuchEntity) when calling the GetUser operation: The user with name missing cannot be found.',
    );
    const ok = await sandboxCli(sandbox.url, [
      'iam',
      'get-user',
      '--user-name',
      'handson-cli-novice-user',
      '--query',
      'User.[CreateDate,Tags[0].Key]',
      '--output',
      'text',
    ]);
    expect(ok.stderr).toBe('');
    expect(ok.stdout).toBe('2021-05-16T09:21:41+00:00\thandson:lab\n');
  });

  it('answers MissingParameter-style validation, InvalidAction and MalformedQueryString, and keeps serving', async () => {
    const missing = await rootPost('Action=CreateUser&Version=2010-05-08');
    expect(missing.status).toBe(400);
    const missingText = await missing.text();
    expect(missingText).toContain('<Code>ValidationError</Code>');
    expect(missingText).toContain(
      "Value null at 'userName' failed to satisfy constraint: Member must not be null",
    );
    expect(missingText).toMatch(/<RequestId>[0-9a-f-]{36}<\/RequestId>/);

    const unknown = await rootPost('Action=FlyToTheMoon&Version=2010-05-08');
    expect(unknown.status).toBe(400);
    expect(await unknown.text()).toContain('<Code>InvalidAction</Code>');

    const malformed = await rootPost('Action=GetUser&UserName=%zz');
    expect(malformed.status).toBe(400);
    expect(await malformed.text()).toContain('<Code>MalformedQueryString</Code>');

    const badNumber = await rootPost('Action=ListUsers&MaxItems=lots');
    expect(await badNumber.text()).toContain('<Code>ValidationError</Code>');

    const wrongType = await rootPost('{"Action":"GetUser"}', { 'content-type': 'application/json' });
    expect(wrongType.status).toBe(415);
    expect(await wrongType.text()).toContain('<Code>UnsupportedMediaType</Code>');

    const huge = await rootPost(`Action=GetUser&UserName=${'a'.repeat(17 * 1024 * 1024)}`);
    expect(huge.status).toBe(413);
    expect(await huge.text()).toContain('<Code>RequestEntityTooLarge</Code>');

    const health = await fetch(`${sandbox.url}/_sandbox/health`);
    expect(await health.json()).toMatchObject({ status: 'ok', services: ['ec2', 'iam', 's3', 'sqs'] });
  });

  it('answers unsigned requests with MissingAuthenticationToken', async () => {
    const res = await fetch(sandbox.url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'Action=GetUser&Version=2010-05-08',
    });
    expect(res.status).toBe(403);
    const text = await res.text();
    expect(text).toContain('<Code>MissingAuthenticationToken</Code>');
    expect(text).toContain('xmlns="https://iam.amazonaws.com/doc/2010-05-08/"');
  });
});

describe('EC2 query (real EC2 service)', () => {
  it('parses nested tag specifications and flattened filter lists; serialises item lists, booleans and escaped text', async () => {
    const ec2Client = client(new EC2Client(config()));
    const created = await ec2Client.send(
      new CreateVpcCommand({
        CidrBlock: '10.1.0.0/16',
        TagSpecifications: [
          {
            ResourceType: 'vpc',
            Tags: [
              { Key: 'Name', Value: 'a & <b>' },
              { Key: 'handson:lab', Value: '03-vpc' },
            ],
          },
        ],
      }),
    );
    expect(created.Vpc?.VpcId).toMatch(/^vpc-[0-9a-f]{17}$/);
    const out = await ec2Client.send(
      new DescribeVpcsCommand({ Filters: [{ Name: 'tag:Name', Values: ['a & <b>', 'other'] }] }),
    );
    expect(out.Vpcs).toHaveLength(1);
    expect(out.Vpcs?.[0]).toMatchObject({
      VpcId: created.Vpc?.VpcId,
      CidrBlock: '10.1.0.0/16',
      IsDefault: false,
      Tags: expect.arrayContaining([{ Key: 'Name', Value: 'a & <b>' }]),
    });
    const cli = await sandboxCli(sandbox.url, [
      'ec2',
      'describe-vpcs',
      '--filters',
      'Name=isDefault,Values=true',
      '--query',
      'Vpcs[0].IsDefault',
    ]);
    expect(cli.stdout.trim()).toBe('true');
  });

  it('returns EC2 error documents the SDK and CLI understand', async () => {
    const ec2Client = client(new EC2Client(config()));
    const err = await ec2Client.send(new DescribeVpcsCommand({ VpcIds: ['vpc-missing'] })).catch((e) => e);
    expect(err.name).toBe('InvalidVpcID.NotFound');
    expect(err.message).toBe("The vpc ID 'vpc-missing' does not exist");
    const cli = await sandboxCli(sandbox.url, ['ec2', 'describe-vpcs', '--vpc-ids', 'vpc-missing']);
    expect(cli.stderr.trim()).toBe(
      "An error occurred (InvalidVpcID.NotFound) when calling the DescribeVpcs operation: The vpc ID 'vpc-missing' does not exist",
    );
  });

  it('answers MissingParameter for a required EC2 member, in the EC2 error shape', async () => {
    const res = await rootPost(
      'Action=CreateVpc&Version=2016-11-15&AmazonProvidedIpv6CidrBlock=maybe',
      {},
      'ec2',
    );
    expect(res.status).toBe(400);
    const text = await res.text();
    expect(text).toMatch(
      /^<\?xml version="1.0" encoding="UTF-8"\?>\n<Response><Errors><Error><Code>InvalidParameterValue<\/Code>/,
    );
    expect(text).toMatch(/<RequestID>[0-9a-f-]{36}<\/RequestID><\/Response>$/);
    const missing = await rootPost('Action=DeleteVpc&Version=2016-11-15', {}, 'ec2');
    expect(await missing.text()).toContain(
      '<Code>MissingParameter</Code><Message>The request must contain the parameter VpcId</Message>',
    );
  });

  it('answers an operation in the model that no handler implements', async () => {
    const cli = await sandboxCli(sandbox.url, ['ec2', 'describe-capacity-reservations']);
    expect(cli.code).toBe(254);
    expect(cli.stderr).toContain(
      'An error occurred (InvalidAction) when calling the DescribeCapacityReservations operation: The sandbox does not implement ec2:DescribeCapacityReservations',
    );
  });
});

describe('AWS JSON 1.0 (SQS, SDK v3) and awsQuery (SQS, CLI 2.9)', () => {
  it('round-trips maps, structures and lists through the JSON protocol', async () => {
    const sqsClient = client(new SQSClient(config()));
    const { QueueUrl } = await sqsClient.send(
      new CreateQueueCommand({
        QueueName: 'protocol-check',
        Attributes: { VisibilityTimeout: '45' },
        tags: { 'handson:lab': '04-sqs' },
      }),
    );
    expect(QueueUrl).toMatch(/\/123456789012\/protocol-check$/);
    await sqsClient.send(
      new SendMessageCommand({
        QueueUrl,
        MessageBody: 'hello',
        MessageAttributes: { Color: { DataType: 'String', StringValue: 'blue' } },
      }),
    );
    const got = await sqsClient.send(
      new ReceiveMessageCommand({
        QueueUrl,
        WaitTimeSeconds: 1,
        MessageAttributeNames: ['All'],
        MessageSystemAttributeNames: ['SentTimestamp'],
      }),
    );
    expect(got.Messages?.[0]).toMatchObject({
      Body: 'hello',
      MessageAttributes: { Color: { DataType: 'String', StringValue: 'blue' } },
    });
    expect(got.Messages?.[0]?.Attributes?.SentTimestamp).toMatch(/^\d{13}$/);
  });

  it('raises QueueDoesNotExist from the JSON error with x-amzn-query-error', async () => {
    const sqsClient = client(new SQSClient(config()));
    const err = await sqsClient.send(new GetQueueUrlCommand({ QueueName: 'nope' })).catch((e) => e);
    expect(err.name).toBe('QueueDoesNotExist');
    expect(err.Code).toBe('AWS.SimpleQueueService.NonExistentQueue');
    expect(err.$metadata.httpStatusCode).toBe(400);
  });

  it('shapes JSON errors for missing members, unknown targets and wrong content types', async () => {
    const post = (target: string, body: string, type = 'application/x-amz-json-1.0') =>
      fetch(sandbox.url, {
        method: 'POST',
        headers: {
          'content-type': type,
          'x-amz-target': target,
          'x-amzn-query-mode': 'true',
          authorization: `AWS4-HMAC-SHA256 Credential=test/${amzNow().slice(0, 8)}/ap-northeast-1/sqs/aws4_request, SignedHeaders=host, Signature=00`,
          'x-amz-date': amzNow(),
        },
        body,
      });
    const missing = await post('AmazonSQS.GetQueueUrl', '{}');
    expect(missing.status).toBe(400);
    expect(missing.headers.get('x-amzn-query-error')).toBe('MissingParameter;Sender');
    expect(missing.headers.get('x-amzn-requestid')).toMatch(/^[0-9a-f-]{36}$/);
    expect(await missing.json()).toEqual({
      __type: 'com.amazonaws.sqs#MissingParameter',
      message: 'The request must contain the parameter QueueName.',
    });
    const unknown = await post('AmazonSQS.FlyToTheMoon', '{}');
    expect(((await unknown.json()) as { __type: string }).__type).toBe(
      'com.amazonaws.sqs#UnknownOperationException',
    );
    const notJson = await post('AmazonSQS.ListQueues', '{not json');
    expect(((await notJson.json()) as { __type: string }).__type).toBe(
      'com.amazonaws.sqs#SerializationException',
    );
    const wrongType = await post('AmazonSQS.GetQueueUrl', '{"QueueName": 5}');
    expect(((await wrongType.json()) as { message: string }).message).toBe('Expected a string at QueueName');
    const form = await post('AmazonSQS.ListQueues', 'Action=ListQueues', 'application/x-www-form-urlencoded');
    expect(form.status).toBe(415);
  });

  it('speaks awsQuery to the 2.9 CLI, with the legacy error code', async () => {
    const url = await sandboxCli(sandbox.url, [
      'sqs',
      'get-queue-url',
      '--queue-name',
      'protocol-check',
      '--output',
      'text',
    ]);
    expect(url.stdout.trim()).toMatch(/\/123456789012\/protocol-check$/);
    const err = await sandboxCli(sandbox.url, ['sqs', 'get-queue-url', '--queue-name', 'nope']);
    expect(err.stderr.trim()).toMatch(
      /^An error occurred \(AWS\.SimpleQueueService\.NonExistentQueue\) when calling the GetQueueUrl operation: /,
    );
  });
});
