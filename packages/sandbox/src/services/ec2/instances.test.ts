import { execFileSync } from 'node:child_process';
import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ec2Harness } from './__fixtures__/context';

const BLOG_USER_DATA = Buffer.from(
  "#!/bin/bash\n\nsed -i.old -e 's/#Port 22/Port 51512/g' /etc/ssh/sshd_config\n\nsystemctl restart sshd\n\n",
).toString('base64');

async function amazonLinux(ec2: ReturnType<typeof ec2Harness>): Promise<string> {
  const images = (
    await ec2.call('DescribeImages', {
      Owners: ['amazon'],
      Filters: [{ Name: 'name', Values: ['al2023-ami-2023.*-kernel-6.1-x86_64'] }],
    })
  ).Images as { ImageId: string; CreationDate: string }[];
  return images.sort((a, b) => b.CreationDate.localeCompare(a.CreationDate))[0]!.ImageId;
}

describe('key pairs', () => {
  it('creates real RSA keys fingerprinted as EC2 does, and refuses duplicates', async () => {
    const ec2 = ec2Harness();
    const created = await ec2.call('CreateKeyPair', { KeyName: 'SampleKeyPair' });
    const der = createPrivateKey(created.KeyMaterial).export({ format: 'der', type: 'pkcs8' });
    const sha1 = createHash('sha1').update(der).digest('hex').match(/../g)!.join(':');
    expect(created.KeyFingerprint).toBe(sha1);
    expect(await ec2.error('CreateKeyPair', { KeyName: 'SampleKeyPair' })).toEqual({
      code: 'InvalidKeyPair.Duplicate',
      message: "The keypair 'SampleKeyPair' already exists.",
    });
    const described = (
      await ec2.call('DescribeKeyPairs', { KeyNames: ['SampleKeyPair'], IncludePublicKey: true })
    ).KeyPairs[0];
    expect(described).toMatchObject({
      KeyName: 'SampleKeyPair',
      KeyType: 'rsa',
      KeyFingerprint: sha1,
      Tags: [],
    });
    // The public key EC2 stores is the one that belongs to the private key it handed out.
    const fromPrivate = createPublicKey(created.KeyMaterial).export({ format: 'jwk' }).n;
    const blob = Buffer.from(described.PublicKey.split(' ')[1], 'base64');
    expect(described.PublicKey).toMatch(/^ssh-rsa AAAAB3NzaC1yc2E\S+ SampleKeyPair$/);
    expect(blob.subarray(-256).toString('base64url')).toBe(fromPrivate);
    expect((await ec2.error('DescribeKeyPairs', { KeyNames: ['nope'] })).message).toBe(
      "The key pair 'nope' does not exist",
    );
    await ec2.call('DeleteKeyPair', { KeyName: 'SampleKeyPair' });
    await ec2.call('DeleteKeyPair', { KeyName: 'SampleKeyPair' });
    expect((await ec2.call('DescribeKeyPairs')).KeyPairs).toEqual([]);
  });

  it('hands out keys OpenSSH reads: ssh-keygen derives the stored public key and the ed25519 fingerprint', async () => {
    const ec2 = ec2Harness();
    const dir = mkdtempSync(join(tmpdir(), 'ec2-keys-'));
    for (const type of ['rsa', 'ed25519']) {
      const created = await ec2.call('CreateKeyPair', { KeyName: `k-${type}`, KeyType: type });
      const file = join(dir, `${type}.pem`);
      writeFileSync(file, `${created.KeyMaterial}\n`, { mode: 0o600 });
      const derived = execFileSync('ssh-keygen', ['-y', '-f', file])
        .toString()
        .trim()
        .split(' ')
        .slice(0, 2)
        .join(' ');
      const stored = (await ec2.call('DescribeKeyPairs', { KeyNames: [`k-${type}`], IncludePublicKey: true }))
        .KeyPairs[0];
      expect(stored.KeyType).toBe(type);
      expect(stored.PublicKey.split(' ').slice(0, 2).join(' ')).toBe(derived);
      if (type === 'ed25519') {
        expect(created.KeyMaterial.startsWith('-----BEGIN OPENSSH PRIVATE KEY-----\n')).toBe(true);
        const listed = execFileSync('ssh-keygen', ['-l', '-f', file]).toString();
        expect(listed).toContain(`SHA256:${created.KeyFingerprint.replace(/=+$/, '')}`);
      }
    }
    expect((await ec2.error('CreateKeyPair', { KeyName: 'x', KeyType: 'dsa' })).code).toBe(
      'InvalidParameterValue',
    );
  });

  it('imports an OpenSSH public key with the MD5 fingerprint of its DER form', async () => {
    const ec2 = ec2Harness();
    const { publicKey } = generateKeyPairSync('rsa', {
      modulusLength: 2048,
      publicKeyEncoding: { type: 'spki', format: 'der' },
      privateKeyEncoding: { type: 'pkcs8', format: 'der' },
    });
    const jwk = createPublicKey({ key: publicKey, format: 'der', type: 'spki' }).export({ format: 'jwk' });
    const len = (b: Buffer) => {
      const l = Buffer.alloc(4);
      l.writeUInt32BE(b.length);
      return Buffer.concat([l, b]);
    };
    const n = Buffer.from(jwk.n!, 'base64url');
    const blob = Buffer.concat([
      len(Buffer.from('ssh-rsa')),
      len(Buffer.from(jwk.e!, 'base64url')),
      len(Buffer.concat([Buffer.from([0]), n])),
    ]);
    const line = `ssh-rsa ${blob.toString('base64')} me@laptop`;
    const imported = await ec2.call('ImportKeyPair', {
      KeyName: 'mine',
      PublicKeyMaterial: Buffer.from(line),
    });
    const md5 = createHash('md5').update(publicKey).digest('hex').match(/../g)!.join(':');
    expect(imported.KeyFingerprint).toBe(md5);
    expect(
      (
        await ec2.error('ImportKeyPair', {
          KeyName: 'bad',
          PublicKeyMaterial: Buffer.from('ssh-rsa AAAAB3Nz'),
        })
      ).code,
    ).toBe('InvalidKey.Format');
  });
});

describe('security groups', () => {
  it('authorizes by name in the default VPC and by id, refuses duplicates and unknown revokes', async () => {
    const ec2 = ec2Harness();
    const added = await ec2.call('AuthorizeSecurityGroupIngress', {
      GroupName: 'default',
      IpPermissions: [
        {
          IpProtocol: 'tcp',
          FromPort: 51512,
          ToPort: 51512,
          IpRanges: [{ CidrIp: '198.51.100.7/32', Description: 'my PC' }],
        },
      ],
    });
    expect(added.SecurityGroupRules[0]).toMatchObject({
      SecurityGroupRuleId: expect.stringMatching(/^sgr-[0-9a-f]{17}$/),
      CidrIpv4: '198.51.100.7/32',
      Description: 'my PC',
    });
    expect(
      await ec2.error('AuthorizeSecurityGroupIngress', {
        GroupName: 'default',
        IpProtocol: 'tcp',
        FromPort: 51512,
        ToPort: 51512,
        CidrIp: '198.51.100.7/32',
      }),
    ).toEqual({
      code: 'InvalidPermission.Duplicate',
      message:
        'the specified rule "peer: 198.51.100.7/32, TCP, from port: 51512, to port: 51512, ALLOW" already exists',
    });
    expect(
      (
        await ec2.error('AuthorizeSecurityGroupIngress', {
          GroupName: 'web',
          IpProtocol: 'tcp',
          FromPort: 1,
          ToPort: 1,
          CidrIp: '0.0.0.0/0',
        })
      ).code,
    ).toBe('InvalidGroup.NotFound');
    const vpc = (await ec2.call('CreateVpc', { CidrBlock: '10.0.0.0/16' })).Vpc.VpcId;
    const web = (
      await ec2.call('CreateSecurityGroup', {
        GroupName: 'web',
        Description: 'Security Group for VPC1',
        VpcId: vpc,
      })
    ).GroupId;
    expect(
      (await ec2.error('CreateSecurityGroup', { GroupName: 'web', Description: 'x', VpcId: vpc })).code,
    ).toBe('InvalidGroup.Duplicate');
    await ec2.call('AuthorizeSecurityGroupIngress', {
      GroupId: web,
      IpPermissions: [
        { IpProtocol: '-1', IpRanges: [{ CidrIp: '10.50.0.0/16' }, { CidrIp: '10.200.0.0/16' }] },
        { IpProtocol: 'tcp', FromPort: 22, ToPort: 22, IpRanges: [{ CidrIp: '198.51.100.7/32' }] },
      ],
    });
    const group = (await ec2.call('DescribeSecurityGroups', { GroupIds: [web] })).SecurityGroups[0];
    expect(group.IpPermissions).toEqual([
      {
        IpProtocol: '-1',
        IpRanges: [{ CidrIp: '10.50.0.0/16' }, { CidrIp: '10.200.0.0/16' }],
        Ipv6Ranges: [],
        PrefixListIds: [],
        UserIdGroupPairs: [],
      },
      {
        FromPort: 22,
        IpProtocol: 'tcp',
        IpRanges: [{ CidrIp: '198.51.100.7/32' }],
        Ipv6Ranges: [],
        PrefixListIds: [],
        ToPort: 22,
        UserIdGroupPairs: [],
      },
    ]);
    expect(group.IpPermissionsEgress[0]).toMatchObject({
      IpProtocol: '-1',
      IpRanges: [{ CidrIp: '0.0.0.0/0' }],
    });
    const rules = (
      await ec2.call('DescribeSecurityGroupRules', { Filters: [{ Name: 'group-id', Values: [web] }] })
    ).SecurityGroupRules;
    expect(rules).toHaveLength(4);
    expect(
      await ec2.error('RevokeSecurityGroupIngress', {
        GroupId: web,
        IpPermissions: [{ IpProtocol: 'udp', FromPort: 53, ToPort: 53, IpRanges: [{ CidrIp: '0.0.0.0/0' }] }],
      }),
    ).toEqual({
      code: 'InvalidPermission.NotFound',
      message: 'The specified rule does not exist in this security group.',
    });
    await ec2.call('RevokeSecurityGroupIngress', {
      GroupId: web,
      IpPermissions: [
        { IpProtocol: 'tcp', FromPort: 22, ToPort: 22, IpRanges: [{ CidrIp: '198.51.100.7/32' }] },
      ],
    });
    expect(
      (await ec2.call('DescribeSecurityGroupRules', { Filters: [{ Name: 'group-id', Values: [web] }] }))
        .SecurityGroupRules,
    ).toHaveLength(3);
    const defaultId = (await ec2.call('DescribeSecurityGroups', { GroupNames: ['default'] }))
      .SecurityGroups[0].GroupId;
    expect((await ec2.error('DeleteSecurityGroup', { GroupId: defaultId })).code).toBe('CannotDelete');
  });
});

describe('instances', () => {
  it('finds Amazon Linux images by name and refuses unknown ones', async () => {
    const ec2 = ec2Harness();
    const all = (
      await ec2.call('DescribeImages', {
        Filters: [{ Name: 'name', Values: ['al2023-ami-2023.*-kernel-6.1-x86_64'] }],
      })
    ).Images as { Name: string; CreationDate: string }[];
    const newest = all.sort((a, b) => b.CreationDate.localeCompare(a.CreationDate))[0]!.Name;
    const images = (await ec2.call('DescribeImages', { Filters: [{ Name: 'name', Values: [newest] }] }))
      .Images;
    expect(images).toHaveLength(1);
    expect(images[0]).toMatchObject({
      OwnerId: '137112412989',
      ImageOwnerAlias: 'amazon',
      Architecture: 'x86_64',
      State: 'available',
    });
    expect((await ec2.call('DescribeImages', { Owners: ['self'] })).Images).toEqual([]);
    expect((await ec2.error('DescribeImages', { ImageIds: ['ami-0123456789abcdef0'] })).message).toBe(
      "The image id '[ami-0123456789abcdef0]' does not exist",
    );
  });

  it('runs pending, is running on the next request, stops, starts and terminates', async () => {
    const ec2 = ec2Harness();
    const imageId = await amazonLinux(ec2);
    await ec2.call('CreateKeyPair', { KeyName: 'k' });
    const subnetBefore = (
      await ec2.call('DescribeSubnets', {
        Filters: [{ Name: 'availability-zone', Values: ['ap-northeast-1a'] }],
      })
    ).Subnets[0];
    const run = await ec2.call('RunInstances', {
      ImageId: imageId,
      InstanceType: 't2.micro',
      MinCount: 1,
      MaxCount: 1,
      KeyName: 'k',
      UserData: BLOG_USER_DATA,
      Placement: { AvailabilityZone: 'ap-northeast-1a' },
      NetworkInterfaces: [{ DeviceIndex: 0, AssociatePublicIpAddress: true }],
      TagSpecifications: [{ ResourceType: 'instance', Tags: [{ Key: 'Name', Value: 'web' }] }],
    });
    const instance = run.Instances[0];
    expect(instance.State).toEqual({ Code: 0, Name: 'pending' });
    expect(instance.SubnetId).toBe(subnetBefore.SubnetId);
    expect(instance.PrivateIpAddress).toMatch(/^172\.31\.(3[2-9]|4[0-7])\.\d+$/);
    // As on EC2, the launch response does not carry the public address yet; describe-instances does.
    expect(instance.PublicIpAddress).toBeUndefined();
    expect(instance.StateReason).toEqual({ Code: 'pending', Message: 'pending' });
    expect(instance.PrivateDnsName).toBe(
      `ip-${instance.PrivateIpAddress.replace(/\./g, '-')}.ap-northeast-1.compute.internal`,
    );
    expect(instance.SecurityGroups[0].GroupName).toBe('default');
    const id = instance.InstanceId;
    const state = async () =>
      (await ec2.call('DescribeInstances', { Filters: [{ Name: 'tag:Name', Values: ['web'] }] }))
        .Reservations[0].Instances[0].State.Name;
    expect(await state()).toBe('running');
    const described = (await ec2.call('DescribeInstances', { InstanceIds: [id] })).Reservations[0]
      .Instances[0];
    expect(described.PublicIpAddress).toMatch(/^(203\.0\.113|198\.51\.100)\./);
    expect(described.NetworkInterfaces[0].Association.PublicIp).toBe(described.PublicIpAddress);
    const subnetAfter = (await ec2.call('DescribeSubnets', { SubnetIds: [subnetBefore.SubnetId] }))
      .Subnets[0];
    expect(subnetAfter.AvailableIpAddressCount).toBe(subnetBefore.AvailableIpAddressCount - 1);
    const running = (await ec2.call('DescribeInstanceStatus', { InstanceIds: [id] })).InstanceStatuses[0];
    expect(running).toMatchObject({
      InstanceState: { Code: 16, Name: 'running' },
      InstanceStatus: { Status: 'ok' },
    });

    const stopped = (await ec2.call('StopInstances', { InstanceIds: [id] })).StoppingInstances[0];
    expect(stopped).toEqual({
      CurrentState: { Code: 64, Name: 'stopping' },
      InstanceId: id,
      PreviousState: { Code: 16, Name: 'running' },
    });
    expect(await state()).toBe('stopped');
    const stoppedView = (await ec2.call('DescribeInstances', { InstanceIds: [id] })).Reservations[0]
      .Instances[0];
    expect(stoppedView.PublicIpAddress).toBeUndefined();
    expect(stoppedView.StateTransitionReason).toMatch(/^User initiated \(2026-11-28 \d\d:\d\d:\d\d GMT\)$/);
    await ec2.call('StartInstances', { InstanceIds: [id] });
    expect(await state()).toBe('running');
    const model = await ec2.call('SandboxDescribeInstanceModel', { InstanceId: id });
    expect(model.ListeningTcpPorts).toEqual([51512]);

    const terminated = (await ec2.call('TerminateInstances', { InstanceIds: [id] })).TerminatingInstances[0];
    expect(terminated.CurrentState).toEqual({ Code: 32, Name: 'shutting-down' });
    expect(await state()).toBe('terminated');
    expect(
      (await ec2.call('DescribeSubnets', { SubnetIds: [subnetBefore.SubnetId] })).Subnets[0]
        .AvailableIpAddressCount,
    ).toBe(subnetBefore.AvailableIpAddressCount);
    expect((await ec2.error('StartInstances', { InstanceIds: [id] })).code).toBe('IncorrectInstanceState');
    ec2.advance(2 * 3600_000);
    expect((await ec2.error('DescribeInstances', { InstanceIds: [id] })).code).toBe(
      'InvalidInstanceID.NotFound',
    );
  });

  it('refuses bad launches with EC2’s errors', async () => {
    const ec2 = ec2Harness();
    const imageId = await amazonLinux(ec2);
    const base = { ImageId: imageId, InstanceType: 't2.micro', MinCount: 1, MaxCount: 1 };
    expect((await ec2.error('RunInstances', { ...base, KeyName: 'nope' })).message).toBe(
      "The key pair 'nope' does not exist",
    );
    expect((await ec2.error('RunInstances', { ...base, ImageId: 'ami-0123456789abcdef0' })).code).toBe(
      'InvalidAMIID.NotFound',
    );
    expect((await ec2.error('RunInstances', { ...base, InstanceType: 't4g.micro' })).message).toContain(
      "architecture 'arm64'",
    );
    expect((await ec2.error('RunInstances', { ...base, InstanceType: 'huge' })).code).toBe(
      'InvalidParameterValue',
    );
    expect((await ec2.error('RunInstances', { ...base, UserData: 'not base64!' })).message).toBe(
      'Invalid BASE64 encoding of user data.',
    );
    const vpc = (await ec2.call('CreateVpc', { CidrBlock: '10.0.0.0/16' })).Vpc.VpcId;
    const sg = (await ec2.call('CreateSecurityGroup', { GroupName: 'x', Description: 'x', VpcId: vpc }))
      .GroupId;
    expect((await ec2.error('RunInstances', { ...base, SecurityGroupIds: [sg] })).message).toContain(
      'belong to different networks',
    );
    expect((await ec2.call('DescribeInstances')).Reservations).toEqual([]);
  });

  it('launches several instances in one reservation, pages them and keeps the group in use', async () => {
    const ec2 = ec2Harness();
    const imageId = await amazonLinux(ec2);
    const vpc = (await ec2.call('CreateVpc', { CidrBlock: '10.0.0.0/16' })).Vpc.VpcId;
    const subnet = (await ec2.call('CreateSubnet', { VpcId: vpc, CidrBlock: '10.0.0.0/28' })).Subnet.SubnetId;
    const sg = (await ec2.call('CreateSecurityGroup', { GroupName: 'x', Description: 'x', VpcId: vpc }))
      .GroupId;
    const run = await ec2.call('RunInstances', {
      ImageId: imageId,
      InstanceType: 't3.micro',
      MinCount: 6,
      MaxCount: 6,
      SubnetId: subnet,
      SecurityGroupIds: [sg],
    });
    expect(run.Instances.map((i: { AmiLaunchIndex: number }) => i.AmiLaunchIndex)).toEqual([
      0, 1, 2, 3, 4, 5,
    ]);
    expect(new Set(run.Instances.map((i: { PrivateIpAddress: string }) => i.PrivateIpAddress)).size).toBe(6);
    expect(run.Instances.every((i: { PublicIpAddress?: string }) => i.PublicIpAddress === undefined)).toBe(
      true,
    );
    expect(
      (await ec2.call('DescribeSubnets', { SubnetIds: [subnet] })).Subnets[0].AvailableIpAddressCount,
    ).toBe(5);
    const page = await ec2.call('DescribeInstances', {
      MaxResults: 5,
      Filters: [{ Name: 'subnet-id', Values: [subnet] }],
    });
    expect(page.Reservations[0].Instances).toHaveLength(5);
    const rest = await ec2.call('DescribeInstances', {
      MaxResults: 5,
      NextToken: page.NextToken,
      Filters: [{ Name: 'subnet-id', Values: [subnet] }],
    });
    expect(rest.Reservations[0].Instances).toHaveLength(1);
    expect((await ec2.error('DeleteSecurityGroup', { GroupId: sg })).message).toBe(
      `resource ${sg} has a dependent object`,
    );
    expect((await ec2.error('DeleteSubnet', { SubnetId: subnet })).code).toBe('DependencyViolation');
    expect(
      (
        await ec2.error('RunInstances', {
          ImageId: imageId,
          InstanceType: 't3.micro',
          MinCount: 6,
          MaxCount: 6,
          SubnetId: subnet,
        })
      ).code,
    ).toBe('InsufficientFreeAddressesInSubnet');
  });
});
