import { renderPing } from '@handson/dataplane';
import { describe, expect, it } from 'vitest';
import { ec2Harness } from './__fixtures__/context';
import { buildPeeredVpcs } from './__fixtures__/peered-vpcs';

async function image(ec2: ReturnType<typeof ec2Harness>): Promise<string> {
  return (
    await ec2.call('DescribeImages', {
      Filters: [{ Name: 'name', Values: ['al2023-ami-2023.*-kernel-6.1-x86_64'] }],
    })
  ).Images[0].ImageId;
}

describe('the data plane inside the sandbox', () => {
  it('answers the ping matrix of chained peerings: A↔B and B↔C, never A↔C, and says where A→C stops', async () => {
    const ec2 = ec2Harness();
    const net = await buildPeeredVpcs(ec2.call, await image(ec2));
    const [a, b, c] = net.instances as [string, string, string];
    const pairs: [string, string][] = [
      [a, b],
      [a, c],
      [b, a],
      [b, c],
      [c, a],
      [c, b],
    ];
    const matrix = [];
    for (const [from, to] of pairs) {
      matrix.push(
        (await ec2.call('SandboxCheckReachability', { From: from, To: to, Protocol: 'icmp' })).reachable,
      );
    }
    expect(matrix).toEqual([true, false, true, true, false, true]);
    const aToC = await ec2.call('SandboxCheckReachability', {
      From: a,
      To: net.privateIps[2],
      Protocol: 'icmp',
    });
    expect(aToC.blockedAt).toMatchObject({ hop: 'route', resource: net.peerings.p12, ok: false });
    expect(aToC.blockedAt.en).toContain('peering is not transitive');
    const ping = renderPing(aToC, { count: 10, interrupted: true });
    expect(ping).toContain('10 packets transmitted, 0 received, 100% packet loss');
    const aToB = await ec2.call('SandboxCheckReachability', {
      From: a,
      To: net.privateIps[1],
      Protocol: 'icmp',
    });
    expect(renderPing(aToB, { count: 5 })).toContain('5 packets transmitted, 5 received, 0% packet loss');
    // Deleting the 1↔2 peering also stops A↔B.
    await ec2.call('DeleteVpcPeeringConnection', { VpcPeeringConnectionId: net.peerings.p12 });
    expect(
      (await ec2.call('SandboxCheckReachability', { From: a, To: b, Protocol: 'icmp' })).blockedAt.en,
    ).toContain('blackhole');
  });

  it('applies user data at boot: TCP 51512 answers from the internet, 22 does not', async () => {
    const ec2 = ec2Harness();
    const userData = Buffer.from(
      "#!/bin/bash\n\nsed -i.old -e 's/#Port 22/Port 51512/g' /etc/ssh/sshd_config\n\nsystemctl restart sshd\n",
    ).toString('base64');
    const run = await ec2.call('RunInstances', {
      ImageId: await image(ec2),
      InstanceType: 't2.micro',
      MinCount: 1,
      MaxCount: 1,
      UserData: userData,
      NetworkInterfaces: [{ DeviceIndex: 0, AssociatePublicIpAddress: true }],
    });
    const id = run.Instances[0].InstanceId;
    const publicIp = (await ec2.call('DescribeInstances', { InstanceIds: [id] })).Reservations[0].Instances[0]
      .PublicIpAddress;
    await ec2.call('AuthorizeSecurityGroupIngress', {
      GroupName: 'default',
      IpProtocol: 'tcp',
      FromPort: 51512,
      ToPort: 51512,
      CidrIp: '0.0.0.0/0',
    });
    const model = await ec2.call('SandboxDescribeInstanceModel', { InstanceId: id });
    expect(model.ListeningTcpPorts).toEqual([51512]);
    expect(model.Model.userData).toMatchObject({ kind: 'script', complete: true });
    const check = (port: number) =>
      ec2.call('SandboxCheckReachability', {
        From: { ip: '192.0.2.10' },
        To: publicIp,
        Protocol: 'tcp',
        Port: port,
      });
    expect((await check(51512)).reachable).toBe(true);
    const old = await check(22);
    expect(old.reachable).toBe(false);
    // The default group does not allow 22 from the internet either; the security group is the first to stop it.
    expect(old.blockedAt.hop).toBe('ingress');
    await ec2.call('AuthorizeSecurityGroupIngress', {
      GroupName: 'default',
      IpProtocol: 'tcp',
      FromPort: 22,
      ToPort: 22,
      CidrIp: '0.0.0.0/0',
    });
    const refused = await check(22);
    expect(refused.blockedAt).toMatchObject({ hop: 'host' });
    expect(refused.blockedAt.en).toContain('connection refused');
  });
});
