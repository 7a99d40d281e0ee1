/* Change sets through the SDK v3 client, and `aws cloudformation deploy`, with SQS queues as resources. */

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CloudFormationClient,
  CreateChangeSetCommand,
  DeleteChangeSetCommand,
  DescribeChangeSetCommand,
  DescribeStacksCommand,
  ExecuteChangeSetCommand,
  ListChangeSetsCommand,
  waitUntilStackCreateComplete,
  waitUntilStackUpdateComplete,
} from '@aws-sdk/client-cloudformation';
import { GetQueueAttributesCommand, GetQueueUrlCommand, SQSClient } from '@aws-sdk/client-sqs';
import { sandboxCli } from '@handson/test-support';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningSandbox, startSandbox } from '../../index';

const credentials = { accessKeyId: 'test', secretAccessKey: 'test' };
const region = 'ap-northeast-1';
const TEMPLATE = `Parameters:
  Timeout: { Type: Number, Default: 30 }
  Name: { Type: String, Default: cs-queue }
Resources:
  Queue:
    Type: AWS::SQS::Queue
    Properties:
      QueueName: !Ref Name
      VisibilityTimeout: !Ref Timeout
Outputs:
  Url: { Value: !Ref Queue }
`;

let sandbox: RunningSandbox;
let cfn: CloudFormationClient;
let sqs: SQSClient;
const dir = mkdtempSync(join(tmpdir(), 'cfn-deploy-'));

beforeAll(async () => {
  sandbox = await startSandbox({ seed: 9 });
  cfn = new CloudFormationClient({ endpoint: sandbox.url, region, credentials });
  sqs = new SQSClient({ endpoint: sandbox.url, region, credentials });
});
afterAll(async () => {
  await sandbox?.close();
  rmSync(dir, { recursive: true, force: true });
});

const waiter = () => ({ client: cfn, maxWaitTime: 60, minDelay: 1, maxDelay: 2 });

async function visibility(name: string): Promise<string | undefined> {
  const { QueueUrl } = await sqs.send(new GetQueueUrlCommand({ QueueName: name }));
  const out = await sqs.send(
    new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['VisibilityTimeout'] }),
  );
  return out.Attributes?.VisibilityTimeout;
}

describe('change sets', () => {
  it('creates a stack in review, executes it, then updates through another change set', async () => {
    const created = await cfn.send(
      new CreateChangeSetCommand({
        StackName: 'cs',
        ChangeSetName: 'first',
        ChangeSetType: 'CREATE',
        TemplateBody: TEMPLATE,
      }),
    );
    expect(created.Id).toMatch(/^arn:aws:cloudformation:ap-northeast-1:123456789012:changeSet\/first\//);
    const review = (await cfn.send(new DescribeStacksCommand({ StackName: 'cs' }))).Stacks![0]!;
    expect(review.StackStatus).toBe('REVIEW_IN_PROGRESS');
    const first = await cfn.send(new DescribeChangeSetCommand({ ChangeSetName: created.Id }));
    expect([first.Status, first.ExecutionStatus]).toEqual(['CREATE_COMPLETE', 'AVAILABLE']);
    expect(first.Changes).toEqual([
      {
        Type: 'Resource',
        ResourceChange: {
          Action: 'Add',
          LogicalResourceId: 'Queue',
          ResourceType: 'AWS::SQS::Queue',
          Scope: [],
          Details: [],
        },
      },
    ]);
    await cfn.send(new ExecuteChangeSetCommand({ ChangeSetName: 'first', StackName: 'cs' }));
    await waitUntilStackCreateComplete(waiter(), { StackName: 'cs' });
    expect(await visibility('cs-queue')).toBe('30');

    const update = await cfn.send(
      new CreateChangeSetCommand({
        StackName: 'cs',
        ChangeSetName: 'second',
        UsePreviousTemplate: true,
        Parameters: [
          { ParameterKey: 'Timeout', ParameterValue: '90' },
          { ParameterKey: 'Name', UsePreviousValue: true },
        ],
      }),
    );
    const second = await cfn.send(new DescribeChangeSetCommand({ ChangeSetName: 'second', StackName: 'cs' }));
    expect(second.Changes?.[0]?.ResourceChange).toMatchObject({
      Action: 'Modify',
      LogicalResourceId: 'Queue',
      Replacement: 'False',
      Details: [
        {
          Target: { Attribute: 'Properties', Name: 'VisibilityTimeout', RequiresRecreation: 'Never' },
          ChangeSource: 'ParameterReference',
        },
      ],
    });
    const renamed = await cfn.send(
      new CreateChangeSetCommand({
        StackName: 'cs',
        ChangeSetName: 'rename',
        UsePreviousTemplate: true,
        Parameters: [{ ParameterKey: 'Name', ParameterValue: 'cs-queue-2' }],
      }),
    );
    const rename = await cfn.send(new DescribeChangeSetCommand({ ChangeSetName: renamed.Id }));
    expect(rename.Changes?.[0]?.ResourceChange?.Replacement).toBe('True');
    expect(
      (await cfn.send(new ListChangeSetsCommand({ StackName: 'cs' }))).Summaries?.map((s) => s.ChangeSetName),
    ).toEqual(['first', 'second', 'rename']);
    await cfn.send(new DeleteChangeSetCommand({ ChangeSetName: 'rename', StackName: 'cs' }));
    await cfn.send(new ExecuteChangeSetCommand({ ChangeSetName: update.Id }));
    await waitUntilStackUpdateComplete(waiter(), { StackName: 'cs' });
    expect(await visibility('cs-queue')).toBe('90');
    await expect(cfn.send(new ExecuteChangeSetCommand({ ChangeSetName: update.Id }))).rejects.toThrow(
      /cannot be executed in its current status of \[EXECUTE_COMPLETE\]/,
    );

    const empty = await cfn.send(
      new CreateChangeSetCommand({
        StackName: 'cs',
        ChangeSetName: 'nothing',
        UsePreviousTemplate: true,
        Parameters: [
          { ParameterKey: 'Timeout', UsePreviousValue: true },
          { ParameterKey: 'Name', UsePreviousValue: true },
        ],
      }),
    );
    const nothing = await cfn.send(new DescribeChangeSetCommand({ ChangeSetName: empty.Id }));
    expect([nothing.Status, nothing.StatusReason, nothing.ExecutionStatus]).toEqual([
      'FAILED',
      "The submitted information didn't contain changes. Submit different information to create a change set.",
      'UNAVAILABLE',
    ]);
    await expect(
      cfn.send(new DescribeChangeSetCommand({ ChangeSetName: 'missing', StackName: 'cs' })),
    ).rejects.toThrow('ChangeSet [missing] does not exist');
  });

  it('serves `aws cloudformation deploy`, which creates through a change set and reports when nothing changed', async () => {
    const file = join(dir, 'queue.yaml');
    writeFileSync(file, TEMPLATE.replace('Default: cs-queue', 'Default: deployed-queue'));
    const deployed = await sandboxCli(sandbox.url, [
      'cloudformation',
      'deploy',
      '--stack-name',
      'deployed',
      '--template-file',
      file,
    ]);
    expect(deployed.stderr).toBe('');
    expect(deployed.stdout).toContain('Successfully created/updated stack - deployed');
    expect(await visibility('deployed-queue')).toBe('30');
    // The CLI names its change set after the current second (awscli-cloudformation-package-deploy-<epoch
    // seconds>): a second deploy within the same second collides with the first one's, on AWS as here.
    await new Promise((resolve) => setTimeout(resolve, 1050 - (Date.now() % 1000)));
    const again = await sandboxCli(sandbox.url, [
      'cloudformation',
      'deploy',
      '--stack-name',
      'deployed',
      '--template-file',
      file,
    ]);
    expect(again.stdout + again.stderr).toContain('No changes to deploy. Stack deployed is up to date');
  }, 120_000);
});
