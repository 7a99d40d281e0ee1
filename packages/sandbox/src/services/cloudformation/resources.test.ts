/*
 * More resource types on the real EC2 and IAM services: key pairs, rules as their own resources, an instance
 * with user data and an instance profile; updates in place and by replacement; IAM enforcement of the caller.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  CloudFormationClient,
  CreateStackCommand,
  DeleteStackCommand,
  DescribeStackEventsCommand,
  DescribeStacksCommand,
  UpdateStackCommand,
  waitUntilStackCreateComplete,
  waitUntilStackDeleteComplete,
  waitUntilStackUpdateComplete,
} from '@aws-sdk/client-cloudformation';
import {
  DescribeInstanceAttributeCommand,
  DescribeInstancesCommand,
  DescribeKeyPairsCommand,
  DescribeSecurityGroupsCommand,
  DescribeSubnetsCommand,
  EC2Client,
} from '@aws-sdk/client-ec2';
import {
  AttachUserPolicyCommand,
  CreateAccessKeyCommand,
  CreateUserCommand,
  IAMClient,
  ListInstanceProfilesCommand,
} from '@aws-sdk/client-iam';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningSandbox, startSandbox } from '../../index';

const credentials = { accessKeyId: 'test', secretAccessKey: 'test' };
const region = 'ap-northeast-1';
const TEMPLATE = readFileSync(join(__dirname, 'testing/templates/instance-resources.yaml'), 'utf8');

let sandbox: RunningSandbox;
let cfn: CloudFormationClient;
let ec2: EC2Client;

beforeAll(async () => {
  sandbox = await startSandbox({ seed: 11 });
  cfn = new CloudFormationClient({ endpoint: sandbox.url, region, credentials });
  ec2 = new EC2Client({ endpoint: sandbox.url, region, credentials });
});
afterAll(async () => {
  await sandbox?.close();
});

const waiter = (client = cfn) => ({ client, maxWaitTime: 60, minDelay: 1, maxDelay: 2 });

async function outputs(name: string): Promise<Record<string, string>> {
  const stack = (await cfn.send(new DescribeStacksCommand({ StackName: name }))).Stacks![0]!;
  return Object.fromEntries((stack.Outputs ?? []).map((o) => [o.OutputKey!, o.OutputValue!]));
}

describe('instance resources', () => {
  it('creates, updates in place, replaces and deletes', async () => {
    await cfn.send(
      new CreateStackCommand({
        StackName: 'instance-resources',
        TemplateBody: TEMPLATE,
        Capabilities: ['CAPABILITY_IAM'],
      }),
    );
    await waitUntilStackCreateComplete(waiter(), { StackName: 'instance-resources' });
    const first = await outputs('instance-resources');
    expect(first.AvailabilityZone).toBe('ap-northeast-1a');
    expect(first.KeyPairId).toMatch(/^key-[0-9a-f]{17}$/);

    const keys = (await ec2.send(new DescribeKeyPairsCommand({ KeyNames: ['instance-resources-key'] })))
      .KeyPairs!;
    expect(keys[0]?.Tags).toEqual(
      expect.arrayContaining([{ Key: 'aws:cloudformation:logical-id', Value: 'KeyPair' }]),
    );

    const userData = await ec2.send(
      new DescribeInstanceAttributeCommand({ InstanceId: first.InstanceId, Attribute: 'userData' }),
    );
    expect(Buffer.from(userData.UserData!.Value!, 'base64').toString()).toBe(
      "#!/bin/bash\nsed -i.old -e 's/#Port 22/Port 51512/g' /etc/ssh/sshd_config\nsystemctl restart sshd\n",
    );
    const instance = (await ec2.send(new DescribeInstancesCommand({ InstanceIds: [first.InstanceId!] })))
      .Reservations![0]!.Instances![0]!;
    expect(instance.State?.Name).toBe('running');
    expect(instance.KeyName).toBe('instance-resources-key');
    expect(instance.SubnetId).toBe(first.SubnetId);

    const group = (await ec2.send(new DescribeSecurityGroupsCommand({ GroupIds: [first.GroupId!] })))
      .SecurityGroups![0]!;
    expect(
      group.IpPermissions!.map((p) => [
        p.IpProtocol,
        p.FromPort,
        p.IpRanges?.[0]?.CidrIp ?? p.UserIdGroupPairs?.[0]?.GroupId,
      ]),
    ).toEqual(
      expect.arrayContaining([
        ['tcp', 51512, '198.51.100.7/32'],
        ['icmp', -1, expect.stringMatching(/^sg-/)],
      ]),
    );
    // The explicit egress list replaced the default allow-all rule.
    expect(group.IpPermissionsEgress!.map((p) => p.IpProtocol).sort()).toEqual(['-1', 'tcp']);
    expect(group.IpPermissionsEgress!.find((p) => p.IpProtocol === '-1')?.IpRanges ?? []).toEqual([]);

    // A mutable change: the group keeps its id, its rule changes.
    await cfn.send(
      new UpdateStackCommand({
        StackName: 'instance-resources',
        UsePreviousTemplate: true,
        Capabilities: ['CAPABILITY_IAM'],
        Parameters: [{ ParameterKey: 'SshCidr', ParameterValue: '192.0.2.8/32' }],
      }),
    );
    await waitUntilStackUpdateComplete(waiter(), { StackName: 'instance-resources' });
    const second = await outputs('instance-resources');
    expect(second.GroupId).toBe(first.GroupId);
    expect(second.InstanceId).toBe(first.InstanceId);
    const updated = (await ec2.send(new DescribeSecurityGroupsCommand({ GroupIds: [first.GroupId!] })))
      .SecurityGroups![0]!;
    const cidrs = updated.IpPermissions!.flatMap((p) => (p.IpRanges ?? []).map((r) => r.CidrIp));
    expect(cidrs).toEqual(['192.0.2.8/32']);

    // An immutable change: a new subnet, and the instance in it is replaced too.
    await cfn.send(
      new UpdateStackCommand({
        StackName: 'instance-resources',
        TemplateBody: TEMPLATE,
        Capabilities: ['CAPABILITY_IAM'],
        Parameters: [
          { ParameterKey: 'SshCidr', UsePreviousValue: true },
          { ParameterKey: 'SubnetCidr', ParameterValue: '10.0.2.0/24' },
        ],
      }),
    );
    await waitUntilStackUpdateComplete(waiter(), { StackName: 'instance-resources' });
    const third = await outputs('instance-resources');
    expect(third.SubnetId).not.toBe(first.SubnetId);
    expect(third.InstanceId).not.toBe(first.InstanceId);
    const subnets = (await ec2.send(new DescribeSubnetsCommand({ SubnetIds: [third.SubnetId!] }))).Subnets!;
    expect(subnets[0]?.CidrBlock).toBe('10.0.2.0/24');
    await expect(ec2.send(new DescribeSubnetsCommand({ SubnetIds: [first.SubnetId!] }))).rejects.toThrow(
      /does not exist/,
    );
    const events = (await cfn.send(new DescribeStackEventsCommand({ StackName: 'instance-resources' })))
      .StackEvents!;
    expect(
      events.some(
        (e) =>
          e.LogicalResourceId === 'Subnet' &&
          e.ResourceStatusReason ===
            'Requested update requires the creation of a new physical resource; hence creating one.',
      ),
    ).toBe(true);
    await expect(
      cfn.send(
        new UpdateStackCommand({
          StackName: 'instance-resources',
          UsePreviousTemplate: true,
          Capabilities: ['CAPABILITY_IAM'],
          Parameters: [
            { ParameterKey: 'SshCidr', UsePreviousValue: true },
            { ParameterKey: 'SubnetCidr', UsePreviousValue: true },
          ],
        }),
      ),
    ).rejects.toThrow('No updates are to be performed.');

    await cfn.send(new DeleteStackCommand({ StackName: 'instance-resources' }));
    await waitUntilStackDeleteComplete(waiter(), { StackName: 'instance-resources' });
    expect((await ec2.send(new DescribeKeyPairsCommand({}))).KeyPairs).toEqual([]);
    const iam = new IAMClient({ endpoint: sandbox.url, region, credentials });
    expect((await iam.send(new ListInstanceProfilesCommand({}))).InstanceProfiles).toEqual([]);
  });

  it('acts with the caller’s permissions: a user allowed only CloudFormation gets its stack rolled back', async () => {
    const iam = new IAMClient({ endpoint: sandbox.url, region, credentials });
    await iam.send(new CreateUserCommand({ UserName: 'cfn-only' }));
    await iam.send(
      new AttachUserPolicyCommand({
        UserName: 'cfn-only',
        PolicyArn: 'arn:aws:iam::aws:policy/AWSCloudFormationFullAccess',
      }),
    );
    const key = (await iam.send(new CreateAccessKeyCommand({ UserName: 'cfn-only' }))).AccessKey!;
    const userCfn = new CloudFormationClient({
      endpoint: sandbox.url,
      region,
      credentials: { accessKeyId: key.AccessKeyId!, secretAccessKey: key.SecretAccessKey! },
    });
    const body =
      'Resources:\n  Vpc:\n    Type: AWS::EC2::VPC\n    Properties:\n      CidrBlock: 10.9.0.0/16\n';
    await userCfn.send(new CreateStackCommand({ StackName: 'denied', TemplateBody: body }));
    await expect(waitUntilStackCreateComplete(waiter(userCfn), { StackName: 'denied' })).rejects.toThrow(
      /FAILURE/,
    );
    const events = (await userCfn.send(new DescribeStackEventsCommand({ StackName: 'denied' }))).StackEvents!;
    const failed = events.find((e) => e.ResourceStatus === 'CREATE_FAILED')!;
    expect(failed.ResourceStatusReason).toMatch(
      /^Resource handler returned message: "You are not authorized to perform this operation.*Status Code: 403.*HandlerErrorCode: AccessDenied\)$/,
    );
    expect(events[0]?.ResourceStatus).toBe('ROLLBACK_COMPLETE');
  });
});
