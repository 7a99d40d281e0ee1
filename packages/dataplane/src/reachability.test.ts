import { describe, expect, it } from 'vitest';
import { blogPeeringSnapshot } from './__fixtures__/blog-peering';
import { explain, reachability } from './reachability';

const A = 'handson-vpc-peering1';
const B = 'handson-vpc-peering2';
const C = 'handson-vpc-peering3';

describe('reachability over the blog’s three peered VPCs', () => {
  const snapshot = blogPeeringSnapshot();

  it('answers the 6-pair ping matrix as the blog observed: A↔B and B↔C, never A↔C', () => {
    const matrix = [
      [A, B],
      [A, C],
      [B, A],
      [B, C],
      [C, A],
      [C, B],
    ].map(
      ([from, to]) =>
        `${from}->${to}:${reachability(snapshot, { from: from!, to: to!, protocol: 'icmp' }).reachable}`,
    );
    expect(matrix).toEqual([
      `${A}->${B}:true`,
      `${A}->${C}:false`,
      `${B}->${A}:true`,
      `${B}->${C}:true`,
      `${C}->${A}:false`,
      `${C}->${B}:true`,
    ]);
  });

  it('stops A→C at the peering hop: the route exists, but pcx 1↔2 does not carry traffic on to VPC 3', () => {
    const result = reachability(snapshot, { from: A, to: '10.50.0.215', protocol: 'icmp' });
    expect(result.blockedAt).toMatchObject({ hop: 'route', resource: 'pcx-0b9cd821777935106', ok: false });
    expect(result.blockedAt!.en).toContain('peering is not transitive');
    expect(result.blockedAt!.ja).toContain('推移的でない');
    // The egress check before it passed: it is the network path, not the security group, that stops it.
    expect(result.steps.filter((s) => s.ok).map((s) => s.hop)).toEqual(['source', 'destination', 'egress']);
  });

  it('walks every hop for A→B, including the route back', () => {
    const result = reachability(snapshot, { from: A, to: B, protocol: 'icmp' });
    expect(result.steps.map((s) => `${s.hop}:${s.resource}:${s.ok}`)).toEqual([
      'source:i-0aaaaaaaaaaaaaaa1:true',
      'destination:i-0bbbbbbbbbbbbbbb2:true',
      'egress:sg-01:true',
      'route:pcx-0b9cd821777935106:true',
      'ingress:sg-02:true',
      'host:i-0bbbbbbbbbbbbbbb2:true',
      'return-route:pcx-0b9cd821777935106:true',
    ]);
    expect(explain(result)).toContain('2. [ok] destination');
  });

  it('is blocked by the destination security group when its rule is missing', () => {
    const s = blogPeeringSnapshot();
    s.SecurityGroups[1]!.IpPermissions = [];
    const result = reachability(s, { from: A, to: B, protocol: 'icmp' });
    expect(result.reachable).toBe(false);
    expect(result.blockedAt).toMatchObject({ hop: 'ingress', resource: 'sg-02' });
  });

  it('is blocked by the source security group egress', () => {
    const s = blogPeeringSnapshot();
    s.SecurityGroups[0]!.IpPermissionsEgress = [
      { IpProtocol: 'tcp', FromPort: 443, ToPort: 443, IpRanges: [{ CidrIp: '0.0.0.0/0' }] },
    ];
    expect(reachability(s, { from: A, to: B, protocol: 'icmp' }).blockedAt).toMatchObject({ hop: 'egress' });
    expect(reachability(s, { from: A, to: B, protocol: 'tcp', port: 443 }).reachable).toBe(true);
  });

  it('fails when the peer has no route back', () => {
    const s = blogPeeringSnapshot();
    const rtb2 = s.RouteTables[1]!;
    rtb2.Routes = rtb2.Routes!.filter((r) => r.DestinationCidrBlock !== '10.100.0.0/24');
    const result = reachability(s, { from: A, to: B, protocol: 'icmp' });
    expect(result.reachable).toBe(false);
    // The reply falls through to 0.0.0.0/0 and the internet gateway, which does not carry private addresses.
    expect(result.blockedAt).toMatchObject({ hop: 'return-route', resource: 'igw-0628af6c9db7c71d6' });
    expect(result.blockedAt!.en).toContain(
      'reply: rtb-0e3a628ee0d845da7 (explicit) routes 10.100.0.199 by 0.0.0.0/0',
    );
    rtb2.Routes = rtb2.Routes!.filter((r) => r.DestinationCidrBlock !== '0.0.0.0/0');
    expect(reachability(s, { from: A, to: B, protocol: 'icmp' }).blockedAt!.en).toBe(
      'reply: rtb-0e3a628ee0d845da7 has no route to 10.100.0.199',
    );
  });

  it('refuses a peering that is not active', () => {
    const s = blogPeeringSnapshot();
    s.VpcPeeringConnections![1]!.Status = { Code: 'pending-acceptance' };
    expect(reachability(s, { from: A, to: B, protocol: 'icmp' }).blockedAt!.en).toContain(
      'pending-acceptance, not active',
    );
  });

  it('uses the main route table when a subnet has no explicit association', () => {
    const s = blogPeeringSnapshot();
    const rtb1 = s.RouteTables[2]!;
    rtb1.Associations = [{ Main: true }];
    const result = reachability(s, { from: A, to: B, protocol: 'icmp' });
    expect(result.reachable).toBe(true);
    expect(result.steps.find((x) => x.hop === 'route')!.en).toContain('(main)');
  });

  it('checks TCP against what the destination listens on, and the internet path to a public address', () => {
    const s = blogPeeringSnapshot();
    s.InternetGateways = [
      {
        InternetGatewayId: 'igw-0bada0d7405535216',
        Attachments: [{ VpcId: 'vpc-0932bf14cf664577f', State: 'available' }],
      },
    ];
    const a = s.Reservations![0]!.Instances![0]!;
    a.PublicIpAddress = '203.0.113.10';
    s.Services = { [a.InstanceId!]: { tcp: [51512] } };
    s.SecurityGroups[0]!.IpPermissions!.push({
      IpProtocol: 'tcp',
      FromPort: 51512,
      ToPort: 51512,
      IpRanges: [{ CidrIp: '0.0.0.0/0' }],
    });
    const ok = reachability(s, {
      from: { ip: '198.51.100.7' },
      to: '203.0.113.10',
      protocol: 'tcp',
      port: 51512,
    });
    expect(ok.reachable).toBe(true);
    expect(ok.steps.at(-1)).toMatchObject({
      hop: 'return-route',
      resource: 'igw-0bada0d7405535216',
      ok: true,
    });
    const old = reachability(s, {
      from: { ip: '198.51.100.7' },
      to: '203.0.113.10',
      protocol: 'tcp',
      port: 22,
    });
    expect(old.blockedAt).toMatchObject({ hop: 'host' });
    expect(old.blockedAt!.en).toContain('connection refused');
    const stranger = reachability(s, {
      from: { ip: '192.0.2.1' },
      to: '203.0.113.10',
      protocol: 'tcp',
      port: 22,
    });
    expect(stranger.blockedAt).toMatchObject({ hop: 'ingress' });
  });

  it('lets members of a group that references itself talk inside one VPC, and nobody else', () => {
    const s = blogPeeringSnapshot();
    const vpc1 = 'vpc-0932bf14cf664577f';
    s.SecurityGroups.push({
      GroupId: 'sg-default',
      VpcId: vpc1,
      IpPermissions: [{ IpProtocol: '-1', UserIdGroupPairs: [{ GroupId: 'sg-default' }] }],
      IpPermissionsEgress: [{ IpProtocol: '-1', IpRanges: [{ CidrIp: '0.0.0.0/0' }] }],
    });
    const member = (id: string, ip: string, group: string) => ({
      InstanceId: id,
      PrivateIpAddress: ip,
      SubnetId: 'subnet-05283462e7cd5044d',
      VpcId: vpc1,
      State: { Name: 'running' },
      SecurityGroups: [{ GroupId: group }],
    });
    s.Instances = [
      member('i-1', '10.100.0.10', 'sg-default'),
      member('i-2', '10.100.0.11', 'sg-default'),
      member('i-3', '10.100.0.12', 'sg-02'),
    ];
    const ok = reachability(s, { from: 'i-1', to: 'i-2', protocol: 'tcp', port: 5432 });
    expect(ok.reachable).toBe(true);
    expect(ok.steps.find((x) => x.hop === 'route')!.en).toContain('to local: delivered inside');
    expect(ok.steps.find((x) => x.hop === 'ingress')!.en).toContain('all traffic from sg-default');
    expect(reachability(s, { from: 'i-3', to: 'i-2', protocol: 'tcp', port: 5432 }).blockedAt).toMatchObject({
      hop: 'ingress',
    });
  });
});
