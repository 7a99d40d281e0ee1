/* A stack outlives a sandbox restart: its status, resources and events are read back, and it can be deleted. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CloudFormationClient,
  CreateStackCommand,
  DeleteStackCommand,
  DescribeStackResourcesCommand,
  DescribeStacksCommand,
  waitUntilStackCreateComplete,
  waitUntilStackDeleteComplete,
} from '@aws-sdk/client-cloudformation';
import { DescribeVpcsCommand, EC2Client } from '@aws-sdk/client-ec2';
import { afterAll, expect, it } from 'vitest';
import { startSandbox } from '../../index';

const credentials = { accessKeyId: 'test', secretAccessKey: 'test' };
const region = 'ap-northeast-1';
const dataDir = mkdtempSync(join(tmpdir(), 'sandbox-cfn-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

const TEMPLATE = `Resources:
  Vpc:
    Type: AWS::EC2::VPC
    Properties:
      CidrBlock: 10.42.0.0/16
      Tags: [{ Key: Name, Value: persisted }]
  Subnet:
    Type: AWS::EC2::Subnet
    Properties:
      VpcId: !Ref Vpc
      CidrBlock: 10.42.1.0/24
`;

it('keeps stacks across a restart and deletes them afterwards', async () => {
  const first = await startSandbox({ dataDir, seed: 3 });
  const cfn1 = new CloudFormationClient({ endpoint: first.url, region, credentials });
  await cfn1.send(new CreateStackCommand({ StackName: 'kept', TemplateBody: TEMPLATE }));
  await waitUntilStackCreateComplete(
    { client: cfn1, maxWaitTime: 30, minDelay: 1, maxDelay: 1 },
    { StackName: 'kept' },
  );
  const before = (await cfn1.send(new DescribeStackResourcesCommand({ StackName: 'kept' }))).StackResources!;
  await first.close();

  const second = await startSandbox({ dataDir, seed: 3 });
  try {
    const cfn = new CloudFormationClient({ endpoint: second.url, region, credentials });
    const stack = (await cfn.send(new DescribeStacksCommand({ StackName: 'kept' }))).Stacks![0]!;
    expect(stack.StackStatus).toBe('CREATE_COMPLETE');
    const after = (await cfn.send(new DescribeStackResourcesCommand({ StackName: 'kept' }))).StackResources!;
    expect(after.map((r) => r.PhysicalResourceId)).toEqual(before.map((r) => r.PhysicalResourceId));
    await cfn.send(new DeleteStackCommand({ StackName: 'kept' }));
    await waitUntilStackDeleteComplete(
      { client: cfn, maxWaitTime: 30, minDelay: 1, maxDelay: 1 },
      { StackName: stack.StackId! },
    );
    const ec2 = new EC2Client({ endpoint: second.url, region, credentials });
    expect(
      (await ec2.send(new DescribeVpcsCommand({ Filters: [{ Name: 'tag:Name', Values: ['persisted'] }] })))
        .Vpcs,
    ).toEqual([]);
  } finally {
    await second.close();
  }
});
