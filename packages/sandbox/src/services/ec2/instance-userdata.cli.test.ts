/*
 * An instance launched through /usr/bin/aws whose user data moves sshd to 51512: key pair, AMI lookup by name,
 * run-instances with that user data, the default group opened for 51512, the public IP by tag — then the data
 * plane: 51512 answers from the internet, 22 does not. The steps and names are the blog's Lab 03 (seed lines
 * 1017–1277); the lab's own scripts are tested with the lab (test/labs).
 */

import { createPrivateKey } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  DescribeInstancesCommand,
  DescribeRouteTablesCommand,
  DescribeSecurityGroupsCommand,
  DescribeSubnetsCommand,
  EC2Client,
  GetConsoleOutputCommand,
} from '@aws-sdk/client-ec2';
import { reachability, servicesFromConsoleOutput } from '@handson/dataplane';
import {
  SANDBOX_TEST_CREDENTIALS as credentials,
  SANDBOX_TEST_REGION as region,
  sandboxCli,
} from '@handson/test-support';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningSandbox, startSandbox } from '../../index';

let sandbox: RunningSandbox;
let dir: string;

async function cli(args: string[]): Promise<string> {
  const res = await sandboxCli(sandbox.url, args, { cwd: dir });
  expect(res.stderr).toBe('');
  expect(res.code).toBe(0);
  return res.stdout;
}

beforeAll(async () => {
  sandbox = await startSandbox({ seed: 3 });
  dir = mkdtempSync(join(tmpdir(), 'ec2-userdata-'));
});
afterAll(async () => {
  await sandbox?.close();
});

describe('an instance with user data, through the AWS CLI', () => {
  let imageId: string;
  let instanceId: string;
  let publicIp: string;
  const tag = 'handson-cli-ec2-userdata_public_ip_address_default_vpc-instance';

  it('creates a key pair whose KeyMaterial is a real RSA private key', async () => {
    const pem = await cli([
      'ec2',
      'create-key-pair',
      '--key-name',
      'SampleKeyPair',
      '--query',
      'KeyMaterial',
      '--output',
      'text',
    ]);
    expect(pem.startsWith('-----BEGIN RSA PRIVATE KEY-----\n')).toBe(true);
    expect(pem.endsWith('-----END RSA PRIVATE KEY-----\n')).toBe(true);
    const key = createPrivateKey(pem);
    expect(key.asymmetricKeyDetails?.modulusLength).toBe(2048);
    const described = JSON.parse(await cli(['ec2', 'describe-key-pairs', '--key-name', 'SampleKeyPair']));
    expect(described.KeyPairs).toHaveLength(1);
    expect(described.KeyPairs[0]).toMatchObject({ KeyName: 'SampleKeyPair', Tags: [] });
    expect(described.KeyPairs[0].KeyPairId).toMatch(/^key-[0-9a-f]{17}$/);
    expect(described.KeyPairs[0].KeyFingerprint).toMatch(/^([0-9a-f]{2}:){19}[0-9a-f]{2}$/);
  });

  it('finds an Amazon Linux 2023 image by name, and nothing for the 2021 name of the blog', async () => {
    imageId = (
      await cli([
        'ec2',
        'describe-images',
        '--filters',
        'Name=name,Values=al2023-ami-2023.*-kernel-6.1-x86_64',
        '--query',
        'sort_by(Images, &CreationDate)[-1].ImageId',
        '--output',
        'text',
      ])
    ).trim();
    expect(imageId).toMatch(/^ami-[0-9a-f]{17}$/);
    const old = await cli([
      'ec2',
      'describe-images',
      '--filters',
      'Name=name,Values=amzn2-ami-hvm-2.0.20210525.0-x86_64-gp2',
      '--query',
      'Images[].ImageId',
      '--output',
      'text',
    ]);
    expect(old.trim()).toBe('');
    const latest = await cli([
      'ec2',
      'describe-images',
      '--owners',
      'amazon',
      '--filters',
      'Name=name,Values=al2023-ami-2023.*-x86_64',
      'Name=architecture,Values=x86_64',
      '--query',
      'sort_by(Images, &CreationDate)[-1].Name',
      '--output',
      'text',
    ]);
    // A release every two weeks up to today: the newest is at most 15 days old (built the day before).
    const m = /^al2023-ami-2023\.\d+\.(\d{4})(\d{2})(\d{2})\.0-kernel-6\.1-x86_64$/.exec(latest.trim());
    expect(m, latest).not.toBeNull();
    const age = Date.now() - Date.UTC(Number(m![1]), Number(m![2]) - 1, Number(m![3]));
    expect(age).toBeGreaterThanOrEqual(0);
    expect(age).toBeLessThanOrEqual(15 * 86_400_000);
  });

  it('runs the instance with tags, user data from a file and a public address', async () => {
    const file = join(dir, 'ec2-ssh-port-change.bash');
    writeFileSync(
      file,
      "#!/bin/bash\n\nsed -i.old -e 's/#Port 22/Port 51512/g' /etc/ssh/sshd_config\n\nsystemctl restart sshd\n\n",
    );
    const out = JSON.parse(
      await cli([
        'ec2',
        'run-instances',
        '--image-id',
        imageId,
        '--instance-type',
        't2.micro',
        '--tag-specifications',
        `ResourceType=instance,Tags=[{Key=Name,Value=${tag}}]`,
        '--user-data',
        `file://${file}`,
        '--associate-public-ip-address',
        '--key-name',
        'SampleKeyPair',
      ]),
    );
    expect(out.Groups).toEqual([]);
    expect(out.OwnerId).toBe('123456789012');
    expect(out.ReservationId).toMatch(/^r-[0-9a-f]{17}$/);
    const instance = out.Instances[0];
    instanceId = instance.InstanceId;
    expect(instance).toMatchObject({
      AmiLaunchIndex: 0,
      ImageId: imageId,
      InstanceType: 't2.micro',
      KeyName: 'SampleKeyPair',
    });
    expect(instance.State).toEqual({ Code: 0, Name: 'pending' });
    expect(instance.PrivateIpAddress).toMatch(/^172\.31\./);
    expect(instance.Tags).toEqual([{ Key: 'Name', Value: tag }]);
    const userData = await cli([
      'ec2',
      'describe-instance-attribute',
      '--instance-id',
      instanceId,
      '--attribute',
      'userData',
      '--query',
      'UserData.Value',
      '--output',
      'text',
    ]);
    expect(Buffer.from(userData.trim(), 'base64').toString()).toContain(
      "sed -i.old -e 's/#Port 22/Port 51512/g'",
    );
  });

  it('opens 51512 on the default group with the CLI shorthand', async () => {
    const authorize = [
      'ec2',
      'authorize-security-group-ingress',
      '--group-name',
      'default',
      '--protocol',
      'tcp',
      '--port',
      '51512',
      '--cidr',
      '0.0.0.0/0',
    ];
    const out = JSON.parse(await cli(authorize));
    expect(out.Return).toBe(true);
    expect(out.SecurityGroupRules[0]).toMatchObject({
      IpProtocol: 'tcp',
      FromPort: 51512,
      ToPort: 51512,
      CidrIpv4: '0.0.0.0/0',
      IsEgress: false,
    });
    const again = await sandboxCli(sandbox.url, authorize);
    expect(again.code).not.toBe(0);
    expect(again.stderr).toContain('InvalidPermission.Duplicate');
  });

  it('finds the public IP by tag as the blog does, and the instance is running', async () => {
    const ip = await cli([
      'ec2',
      'describe-instances',
      '--filters',
      'Name=tag-key,Values=Name',
      `Name=tag-value,Values=${tag}`,
      '--query',
      'Reservations[].Instances[].PublicIpAddress',
      '--output',
      'text',
    ]);
    publicIp = ip.trim();
    expect(publicIp).toMatch(/^(203\.0\.113|198\.51\.100)\.\d+$/);
    const ec2 = new EC2Client({ endpoint: sandbox.url, region, credentials });
    const described = await ec2.send(new DescribeInstancesCommand({ InstanceIds: [instanceId] }));
    expect(described.Reservations?.[0]?.Instances?.[0]?.State?.Name).toBe('running');
    const console = await ec2.send(new GetConsoleOutputCommand({ InstanceId: instanceId }));
    const text = Buffer.from(console.Output ?? '', 'base64').toString();
    expect(text).toContain('sshd: Server listening on 0.0.0.0 port 51512.');
    expect(text).not.toContain('port 22.');
  });

  it('answers on 51512 from the internet and not on 22, from describe outputs and the console log', async () => {
    const ec2 = new EC2Client({ endpoint: sandbox.url, region, credentials });
    const console = await ec2.send(new GetConsoleOutputCommand({ InstanceId: instanceId }));
    const services = servicesFromConsoleOutput(Buffer.from(console.Output ?? '', 'base64').toString());
    const snapshot = {
      Reservations: (await ec2.send(new DescribeInstancesCommand({}))).Reservations ?? [],
      Subnets: (await ec2.send(new DescribeSubnetsCommand({}))).Subnets ?? [],
      RouteTables: (await ec2.send(new DescribeRouteTablesCommand({}))).RouteTables ?? [],
      SecurityGroups: (await ec2.send(new DescribeSecurityGroupsCommand({}))).SecurityGroups ?? [],
      Services: { [instanceId]: services! },
    };
    const client = { ip: '192.0.2.25' };
    expect(
      reachability(snapshot, { from: client, to: publicIp, protocol: 'tcp', port: 51512 }).reachable,
    ).toBe(true);
    const ssh22 = reachability(snapshot, { from: client, to: publicIp, protocol: 'tcp', port: 22 });
    expect(ssh22.reachable).toBe(false);
    expect(ssh22.blockedAt?.hop).toBe('ingress');
  });
});
