import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  CloudFormationClient,
  CreateStackCommand,
  DescribeStacksCommand,
} from '@aws-sdk/client-cloudformation';
import {
  AuthorizeSecurityGroupIngressCommand,
  DescribeInstancesCommand,
  DescribeVpcsCommand,
  EC2Client,
  RunInstancesCommand,
} from '@aws-sdk/client-ec2';
import {
  AttachGroupPolicyCommand,
  CreateAccessKeyCommand,
  CreateLoginProfileCommand,
  CreateUserCommand,
  IAMClient,
  ListAttachedGroupPoliciesCommand,
} from '@aws-sdk/client-iam';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { awsCliAvailable, type Recorder, startRecorder } from '../../test/recorder';
import { toCliCommand } from './index';

/**
 * Proof that a printed command line means the same request: the SDK call and `/usr/bin/aws` running the
 * printed line both send their request to a recording server, and the decoded query parameters must match.
 */
let recorder: Recorder;
beforeAll(async () => {
  recorder = await startRecorder();
});
afterAll(() => recorder?.close());

const clientConfig = () => recorder.clientConfig();
const recordSdk = (send: () => Promise<unknown>) => recorder.recordSdk(send);
const recordCli = (line: string) => recorder.recordCli(line);

const userData =
  '#!/bin/bash\nsed -i.old -e "s/#Port 22/Port 51512/g" /etc/ssh/sshd_config\nsystemctl restart sshd\n';

describe.skipIf(!awsCliAvailable)('printed command lines send the same request as the SDK call', () => {
  const iam = () => new IAMClient(clientConfig());
  const ec2 = () => new EC2Client(clientConfig());
  const cfn = () => new CloudFormationClient(clientConfig());
  const cases: Array<
    [
      string,
      () => {
        command: { input: object; schema?: unknown };
        send: () => Promise<unknown>;
        files?: Record<string, string>;
      },
    ]
  > = [
    [
      'iam create-user',
      () => {
        const c = new CreateUserCommand({ UserName: 'handson-cli-novice-user' });
        return { command: c, send: () => iam().send(c) };
      },
    ],
    [
      'iam create-login-profile',
      () => {
        const c = new CreateLoginProfileCommand({
          UserName: 'u',
          Password: "p@ss'w$rd",
          PasswordResetRequired: false,
        });
        return { command: c, send: () => iam().send(c) };
      },
    ],
    [
      // A generated password can start with "-": printed as --password=-…, the one form the CLI reads as a value.
      'iam create-login-profile, a password starting with a dash',
      () => {
        const c = new CreateLoginProfileCommand({ UserName: 'u', Password: '-6RcHVDvw@pJ' });
        return { command: c, send: () => iam().send(c) };
      },
    ],
    [
      'iam create-access-key',
      () => {
        const c = new CreateAccessKeyCommand({ UserName: 'u' });
        return { command: c, send: () => iam().send(c) };
      },
    ],
    [
      'iam attach-group-policy',
      () => {
        const c = new AttachGroupPolicyCommand({
          GroupName: 'handson-cli-novice-group',
          PolicyArn: 'arn:aws:iam::aws:policy/AmazonS3FullAccess',
        });
        return { command: c, send: () => iam().send(c) };
      },
    ],
    [
      'iam list-attached-group-policies',
      () => {
        const c = new ListAttachedGroupPoliciesCommand({ GroupName: 'g' });
        return { command: c, send: () => iam().send(c) };
      },
    ],
    [
      'ec2 describe-vpcs with filters',
      () => {
        const c = new DescribeVpcsCommand({
          Filters: [
            { Name: 'tag-value', Values: ['handson-vpc*'] },
            { Name: 'cidr', Values: ['10.100.0.0/16', '10.200.0.0/16'] },
          ],
        });
        return { command: c, send: () => ec2().send(c) };
      },
    ],
    [
      'ec2 describe-instances with tag filters',
      () => {
        const c = new DescribeInstancesCommand({
          Filters: [
            { Name: 'tag-key', Values: ['Name'] },
            { Name: 'tag-value', Values: ['handson-cli-ec2'] },
          ],
        });
        return { command: c, send: () => ec2().send(c) };
      },
    ],
    [
      'ec2 run-instances with user data from a file',
      () => {
        writeFileSync(join(recorder.dir, 'userdata.txt'), userData);
        const c = new RunInstancesCommand({
          ImageId: 'ami-0123456789abcdef0',
          InstanceType: 't2.micro',
          MinCount: 1,
          MaxCount: 1,
          KeyName: 'SampleKeyPair',
          UserData: Buffer.from(userData).toString('base64'),
          TagSpecifications: [
            { ResourceType: 'instance', Tags: [{ Key: 'Name', Value: 'handson-cli-ec2' }] },
          ],
        });
        return { command: c, send: () => ec2().send(c), files: { UserData: 'userdata.txt' } };
      },
    ],
    [
      'ec2 run-instances --associate-public-ip-address',
      () => {
        const c = new RunInstancesCommand({
          ImageId: 'ami-0123456789abcdef0',
          MinCount: 1,
          MaxCount: 1,
          NetworkInterfaces: [{ DeviceIndex: 0, AssociatePublicIpAddress: true }],
          KeyName: 'SampleKeyPair',
        });
        return { command: c, send: () => ec2().send(c) };
      },
    ],
    [
      'ec2 authorize-security-group-ingress --protocol --port --cidr',
      () => {
        const c = new AuthorizeSecurityGroupIngressCommand({
          GroupName: 'default',
          IpPermissions: [
            { IpProtocol: 'tcp', FromPort: 51512, ToPort: 51512, IpRanges: [{ CidrIp: '192.0.2.10/32' }] },
          ],
          TagSpecifications: [
            {
              ResourceType: 'security-group-rule',
              Tags: [{ Key: 'handson:lab', Value: '03-ec2-userdata-ssh-port' }],
            },
          ],
        });
        return { command: c, send: () => ec2().send(c) };
      },
    ],
    [
      'ec2 authorize-security-group-ingress (JSON fallback)',
      () => {
        const c = new AuthorizeSecurityGroupIngressCommand({
          GroupName: 'default',
          IpPermissions: [
            {
              IpProtocol: 'tcp',
              FromPort: 51512,
              ToPort: 51512,
              IpRanges: [{ CidrIp: '203.0.113.10/32', Description: 'my home, port 51512' }],
            },
          ],
        });
        return { command: c, send: () => ec2().send(c) };
      },
    ],
    [
      'cloudformation create-stack',
      () => {
        const c = new CreateStackCommand({
          StackName: 'handson-vpc-peering',
          TemplateBody: 'AWSTemplateFormatVersion: "2010-09-09"\n',
          Parameters: [{ ParameterKey: 'Vpc1Cidr', ParameterValue: '10.100.0.0/16' }],
          Tags: [{ Key: 'handson:lab', Value: '05-vpc-peering-cloudformation' }],
        });
        return { command: c, send: () => cfn().send(c) };
      },
    ],
    [
      'cloudformation describe-stacks',
      () => {
        const c = new DescribeStacksCommand({ StackName: 'handson-vpc-peering' });
        return { command: c, send: () => cfn().send(c) };
      },
    ],
  ];

  for (const [name, make] of cases) {
    it(name, async () => {
      const { command, send, files } = make();
      const sdk = await recordSdk(send);
      const line = toCliCommand(command, { files, reveal: true }).oneLine();
      const cli = await recordCli(line);
      expect(cli, line).toEqual(sdk);
    });
  }
});
