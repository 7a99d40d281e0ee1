/*
 * CloudFormation through the real server, the SDK v3 client and /usr/bin/aws, provisioning through the real
 * IAM and SQS services.
 */

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  CloudFormationClient,
  CreateStackCommand,
  DeleteStackCommand,
  DescribeStackEventsCommand,
  DescribeStackResourcesCommand,
  DescribeStacksCommand,
  waitUntilStackCreateComplete,
  waitUntilStackDeleteComplete,
} from '@aws-sdk/client-cloudformation';
import { GetRoleCommand, IAMClient } from '@aws-sdk/client-iam';
import { GetQueueUrlCommand, ListQueueTagsCommand, SQSClient } from '@aws-sdk/client-sqs';
import { sandboxCli } from '@handson/test-support';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningSandbox, startSandbox } from '../../index';

const credentials = { accessKeyId: 'test', secretAccessKey: 'test' };
const region = 'ap-northeast-1';
const QUEUE_AND_ROLE = readFileSync(join(__dirname, 'testing/templates/queue-and-role.yaml'), 'utf8');

let sandbox: RunningSandbox;
let cfn: CloudFormationClient;

beforeAll(async () => {
  sandbox = await startSandbox({ seed: 5 });
  cfn = new CloudFormationClient({ endpoint: sandbox.url, region, credentials });
});
afterAll(async () => {
  await sandbox?.close();
});

const waiter = () => ({ client: cfn, maxWaitTime: 60, minDelay: 1, maxDelay: 2 });

describe('CloudFormation over HTTP with IAM and SQS resources', () => {
  it('is served', () => {
    expect(sandbox.services).toEqual(expect.arrayContaining(['cloudformation', 'iam', 'sqs']));
  });

  it('creates, describes and deletes a stack, leaving nothing behind', async () => {
    const { StackId } = await cfn.send(
      new CreateStackCommand({
        StackName: 'queue-and-role',
        TemplateBody: QUEUE_AND_ROLE,
        Capabilities: ['CAPABILITY_IAM'],
        Tags: [{ Key: 'handson:lab', Value: 'cfn-test' }],
      }),
    );
    expect(StackId).toMatch(/^arn:aws:cloudformation:ap-northeast-1:123456789012:stack\/queue-and-role\//);
    await waitUntilStackCreateComplete(waiter(), { StackName: 'queue-and-role' });
    const stack = (await cfn.send(new DescribeStacksCommand({ StackName: 'queue-and-role' }))).Stacks![0]!;
    expect(stack.StackStatus).toBe('CREATE_COMPLETE');
    const outputs = Object.fromEntries(stack.Outputs!.map((o) => [o.OutputKey, o.OutputValue]));
    expect(outputs.QueueUrl).toMatch(/\/123456789012\/queue-and-role-Queue-[A-Z0-9]{12}$/);
    expect(outputs.QueueArn).toMatch(
      /^arn:aws:sqs:ap-northeast-1:123456789012:queue-and-role-Queue-[A-Z0-9]{12}$/,
    );
    expect(outputs.RoleArn).toMatch(/^arn:aws:iam::123456789012:role\/queue-and-role-Role-[A-Z0-9]{12}$/);
    expect(stack.Outputs!.find((o) => o.OutputKey === 'QueueArn')!.ExportName).toBe(
      'queue-and-role-queue-arn',
    );

    const sqs = new SQSClient({ endpoint: sandbox.url, region, credentials });
    const queueName = outputs.QueueUrl!.split('/').pop()!;
    const { QueueUrl } = await sqs.send(new GetQueueUrlCommand({ QueueName: queueName }));
    const { Tags } = await sqs.send(new ListQueueTagsCommand({ QueueUrl }));
    expect(Tags).toMatchObject({
      'aws:cloudformation:logical-id': 'Queue',
      'aws:cloudformation:stack-name': 'queue-and-role',
      'aws:cloudformation:stack-id': StackId,
      'handson:lab': 'cfn-test',
    });
    const iam = new IAMClient({ endpoint: sandbox.url, region, credentials });
    const roleName = outputs.RoleArn!.split('/').pop()!;
    expect((await iam.send(new GetRoleCommand({ RoleName: roleName }))).Role?.Arn).toBe(outputs.RoleArn);

    const resources = (await cfn.send(new DescribeStackResourcesCommand({ StackName: 'queue-and-role' })))
      .StackResources!;
    expect(resources.map((r) => [r.LogicalResourceId, r.ResourceType, r.ResourceStatus])).toEqual([
      ['Queue', 'AWS::SQS::Queue', 'CREATE_COMPLETE'],
      ['Role', 'AWS::IAM::Role', 'CREATE_COMPLETE'],
      ['Profile', 'AWS::IAM::InstanceProfile', 'CREATE_COMPLETE'],
    ]);
    expect(resources[0]!.PhysicalResourceId).toBe(outputs.QueueUrl);

    const cliView = await sandboxCli(sandbox.url, [
      'cloudformation',
      'describe-stacks',
      '--stack-name',
      'queue-and-role',
      '--query',
      'Stacks[0].[StackStatus,Parameters[0].ParameterValue]',
      '--output',
      'text',
    ]);
    expect([cliView.stderr, cliView.stdout]).toEqual(['', 'CREATE_COMPLETE\t120\n']);

    await cfn.send(new DeleteStackCommand({ StackName: 'queue-and-role' }));
    await waitUntilStackDeleteComplete(waiter(), { StackName: StackId });
    await expect(sqs.send(new GetQueueUrlCommand({ QueueName: queueName }))).rejects.toThrow(
      /does not exist/,
    );
    await expect(iam.send(new GetRoleCommand({ RoleName: roleName }))).rejects.toThrow(/cannot be found/);
    const gone = await sandboxCli(sandbox.url, [
      'cloudformation',
      'describe-stacks',
      '--stack-name',
      'queue-and-role',
    ]);
    expect(gone.code).toBe(254);
    expect(gone.stderr.trim()).toBe(
      'An error occurred (ValidationError) when calling the DescribeStacks operation: Stack with id queue-and-role does not exist',
    );
  });

  it('rolls back when a resource fails, with the service error in the events', async () => {
    await cfn.send(
      new CreateStackCommand({
        StackName: 'bad-queue',
        TemplateBody: QUEUE_AND_ROLE,
        Capabilities: ['CAPABILITY_IAM'],
        Parameters: [{ ParameterKey: 'VisibilityTimeout', ParameterValue: '50000' }],
      }),
    );
    // The create waiter stops with a failure on ROLLBACK_COMPLETE, as against AWS.
    await expect(waitUntilStackCreateComplete(waiter(), { StackName: 'bad-queue' })).rejects.toThrow(
      /FAILURE/,
    );
    const events = (await cfn.send(new DescribeStackEventsCommand({ StackName: 'bad-queue' }))).StackEvents!;
    const failed = events.find(
      (e) => e.LogicalResourceId === 'Queue' && e.ResourceStatus === 'CREATE_FAILED',
    );
    expect(failed?.ResourceStatusReason).toMatch(
      /^Resource handler returned message: ".*VisibilityTimeout.*\(Service: Sqs, Status Code: 400/,
    );
    expect(events[0]).toMatchObject({ LogicalResourceId: 'bad-queue', ResourceStatus: 'ROLLBACK_COMPLETE' });
    expect(
      events.some(
        (e) =>
          e.ResourceStatus === 'ROLLBACK_IN_PROGRESS' &&
          /failed to create: \[Queue/.test(e.ResourceStatusReason ?? ''),
      ),
    ).toBe(true);
  });

  it('takes JSON templates too, with conditions, mappings and exports shared through Fn::ImportValue', async () => {
    const exporter = JSON.stringify(
      {
        Parameters: { Env: { Type: 'String', AllowedValues: ['dev', 'prod'], Default: 'dev' } },
        Mappings: { Timeouts: { dev: { Seconds: 30 }, prod: { Seconds: 300 } } },
        Conditions: { IsProd: { 'Fn::Equals': [{ Ref: 'Env' }, 'prod'] } },
        Resources: {
          Queue: {
            Type: 'AWS::SQS::Queue',
            Properties: {
              QueueName: { 'Fn::Join': ['-', [{ Ref: 'AWS::StackName' }, { Ref: 'Env' }]] },
              VisibilityTimeout: { 'Fn::FindInMap': ['Timeouts', { Ref: 'Env' }, 'Seconds'] },
              DelaySeconds: { 'Fn::If': ['IsProd', 5, { Ref: 'AWS::NoValue' }] },
            },
          },
        },
        Outputs: {
          Name: { Value: { 'Fn::GetAtt': ['Queue', 'QueueName'] }, Export: { Name: 'json-queue-name' } },
        },
      },
      null,
      2,
    );
    await cfn.send(new CreateStackCommand({ StackName: 'json-stack', TemplateBody: exporter }));
    await waitUntilStackCreateComplete(waiter(), { StackName: 'json-stack' });
    const importer =
      // biome-ignore lint/suspicious/noTemplateCurlyInString: a Fn::Sub placeholder
      'Resources:\n  Queue:\n    Type: AWS::SQS::Queue\n    Properties:\n      QueueName: !Sub\n        - ${Base}-copy\n        - Base: !ImportValue json-queue-name\n';
    await cfn.send(new CreateStackCommand({ StackName: 'json-importer', TemplateBody: importer }));
    await waitUntilStackCreateComplete(waiter(), { StackName: 'json-importer' });
    const sqs = new SQSClient({ endpoint: sandbox.url, region, credentials });
    await expect(
      sqs.send(new GetQueueUrlCommand({ QueueName: 'json-stack-dev-copy' })),
    ).resolves.toBeDefined();
    // AWS accepts the call and records the refusal on the stack, which keeps its status and resources.
    const taken = await sandboxCli(sandbox.url, [
      'cloudformation',
      'delete-stack',
      '--stack-name',
      'json-stack',
    ]);
    expect(taken.stderr).toBe('');
    await new Promise((r) => setTimeout(r, 20));
    const reason = await sandboxCli(sandbox.url, [
      'cloudformation',
      'describe-stacks',
      '--stack-name',
      'json-stack',
      '--query',
      'Stacks[0].[StackStatus,StackStatusReason]',
      '--output',
      'text',
    ]);
    expect(reason.stdout.trim()).toBe(
      'CREATE_COMPLETE\tExport json-queue-name cannot be deleted as it is in use by json-importer',
    );
    await cfn.send(new DeleteStackCommand({ StackName: 'json-importer' }));
    await waitUntilStackDeleteComplete(waiter(), { StackName: 'json-importer' });
    await cfn.send(new DeleteStackCommand({ StackName: 'json-stack' }));
    await waitUntilStackDeleteComplete(waiter(), { StackName: 'json-stack' });
  });

  it('answers bad input with the errors of CloudFormation, naming where a template is wrong', async () => {
    const noCaps = await sandboxCli(sandbox.url, [
      'cloudformation',
      'create-stack',
      '--stack-name',
      'nocaps',
      '--template-body',
      QUEUE_AND_ROLE,
    ]);
    expect(noCaps.stderr.trim()).toBe(
      'An error occurred (InsufficientCapabilitiesException) when calling the CreateStack operation: Requires capabilities : [CAPABILITY_IAM]',
    );
    const noRole = await sandboxCli(sandbox.url, [
      'cloudformation',
      'create-stack',
      '--stack-name',
      'norole',
      '--template-body',
      QUEUE_AND_ROLE,
      '--capabilities',
      'CAPABILITY_IAM',
      '--role-arn',
      'arn:aws:iam::123456789012:role/missing-cfn-role',
    ]);
    expect(noRole.stderr.trim()).toBe(
      'An error occurred (ValidationError) when calling the CreateStack operation: Role arn:aws:iam::123456789012:role/missing-cfn-role is invalid or cannot be assumed',
    );
    const bad = QUEUE_AND_ROLE.replace('Roles: [!Ref Role]', 'Roles: [!Ref Rolee]');
    const invalid = await sandboxCli(sandbox.url, [
      'cloudformation',
      'validate-template',
      '--template-body',
      bad,
    ]);
    expect(invalid.stderr.trim()).toBe(
      'An error occurred (ValidationError) when calling the ValidateTemplate operation: Template format error: Unresolved resource dependencies [Rolee] in the Resources block of the template',
    );
    // Where it is, beyond what AWS says, in a response header (the CLI's --debug shows it).
    const debug = await sandboxCli(sandbox.url, [
      'cloudformation',
      'validate-template',
      '--template-body',
      bad,
      '--debug',
    ]);
    expect(debug.stderr).toContain(
      "'x-handson-hint': 'at Resources.Profile.Properties.Roles[0].Ref, line 36, column 15'",
    );
    const valid = await sandboxCli(sandbox.url, [
      'cloudformation',
      'validate-template',
      '--template-body',
      QUEUE_AND_ROLE,
      '--output',
      'json',
    ]);
    expect(JSON.parse(valid.stdout)).toEqual({
      Parameters: [{ ParameterKey: 'VisibilityTimeout', DefaultValue: '120', NoEcho: false }],
      Description: 'A queue and an instance role, for the CloudFormation tests through IAM and SQS.',
      Capabilities: ['CAPABILITY_IAM'],
      CapabilitiesReason:
        'The following resource(s) require capabilities: [AWS::IAM::Role, AWS::IAM::InstanceProfile]',
      DeclaredTransforms: [],
    });
  });
});
