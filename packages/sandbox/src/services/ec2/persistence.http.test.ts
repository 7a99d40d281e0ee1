import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  AuthorizeSecurityGroupIngressCommand,
  CreateVpcCommand,
  DescribeImagesCommand,
  DescribeInstancesCommand,
  DescribeVpcsCommand,
  EC2Client,
  GetConsoleOutputCommand,
  RunInstancesCommand,
} from '@aws-sdk/client-ec2';
import {
  SANDBOX_TEST_CREDENTIALS as credentials,
  SANDBOX_TEST_REGION as region,
} from '@handson/test-support';
import { afterAll, describe, expect, it } from 'vitest';
import { startSandbox } from '../../index';

const dataDir = mkdtempSync(join(tmpdir(), 'ec2-state-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

describe('EC2 state across a restart', () => {
  it('keeps VPCs, rules and instances with their booted model', async () => {
    const first = await startSandbox({ dataDir, seed: 11 });
    const ec2 = new EC2Client({ endpoint: first.url, region, credentials });
    const defaultVpc = (await ec2.send(new DescribeVpcsCommand({}))).Vpcs![0]!.VpcId;
    const vpc = (await ec2.send(new CreateVpcCommand({ CidrBlock: '10.9.0.0/16' }))).Vpc!.VpcId;
    const image = (
      await ec2.send(
        new DescribeImagesCommand({
          Filters: [{ Name: 'name', Values: ['al2023-ami-2023.*-kernel-6.1-x86_64'] }],
        }),
      )
    ).Images![0]!.ImageId;
    const userData = Buffer.from(
      "#!/bin/bash\nsed -i.old -e 's/#Port 22/Port 51512/g' /etc/ssh/sshd_config\nsystemctl restart sshd\n",
    ).toString('base64');
    const run = await ec2.send(
      new RunInstancesCommand({
        ImageId: image,
        InstanceType: 't3.micro',
        MinCount: 1,
        MaxCount: 1,
        UserData: userData,
      }),
    );
    const id = run.Instances![0]!.InstanceId!;
    await ec2.send(
      new AuthorizeSecurityGroupIngressCommand({
        GroupName: 'default',
        IpPermissions: [
          { IpProtocol: 'tcp', FromPort: 51512, ToPort: 51512, IpRanges: [{ CidrIp: '0.0.0.0/0' }] },
        ],
      }),
    );
    await first.close();

    const second = await startSandbox({ dataDir, seed: 11 });
    try {
      const again = new EC2Client({ endpoint: second.url, region, credentials });
      const vpcs = (await again.send(new DescribeVpcsCommand({}))).Vpcs!.map((v) => v.VpcId);
      expect(vpcs).toEqual(expect.arrayContaining([defaultVpc, vpc]));
      const instance = (await again.send(new DescribeInstancesCommand({ InstanceIds: [id] })))
        .Reservations![0]!.Instances![0]!;
      expect(instance.State?.Name).toBe('running');
      expect(instance.PrivateIpAddress).toBe(run.Instances![0]!.PrivateIpAddress);
      const console = await again.send(new GetConsoleOutputCommand({ InstanceId: id }));
      expect(Buffer.from(console.Output!, 'base64').toString()).toContain(
        'Server listening on 0.0.0.0 port 51512.',
      );
    } finally {
      await second.close();
    }
  });
});
