import type { NetworkSnapshot } from '../snapshot';

/**
 * The blog's Lab 05 network (seed lines 5–285) as describe-* outputs: three VPCs, peering 1↔2 and 2↔3, and
 * route tables that even route 1→3 and 3→1 over those peerings, as the blog's tables show.
 */
export function blogPeeringSnapshot(): NetworkSnapshot {
  const vpc1 = 'vpc-0932bf14cf664577f';
  const vpc2 = 'vpc-0f5af64c8262401f0';
  const vpc3 = 'vpc-0150bd49c56f4f085';
  const pcx12 = 'pcx-0b9cd821777935106';
  const pcx23 = 'pcx-0dbfc21a4ec1e1609';
  const sg = (id: string, vpc: string, others: string[]) => ({
    GroupId: id,
    GroupName: `handson-sg-${vpc}`,
    VpcId: vpc,
    IpPermissions: [
      { IpProtocol: '-1', IpRanges: others.map((CidrIp) => ({ CidrIp })) },
      { IpProtocol: 'tcp', FromPort: 22, ToPort: 22, IpRanges: [{ CidrIp: '198.51.100.7/32' }] },
    ],
    IpPermissionsEgress: [{ IpProtocol: '-1', IpRanges: [{ CidrIp: '0.0.0.0/0' }] }],
  });
  const instance = (id: string, name: string, ip: string, subnet: string, vpc: string, group: string) => ({
    InstanceId: id,
    PrivateIpAddress: ip,
    SubnetId: subnet,
    VpcId: vpc,
    State: { Name: 'running' },
    SecurityGroups: [{ GroupId: group }],
    Tags: [{ Key: 'Name', Value: name }],
  });
  return {
    Reservations: [
      {
        Instances: [
          instance(
            'i-0aaaaaaaaaaaaaaa1',
            'handson-vpc-peering1',
            '10.100.0.199',
            'subnet-05283462e7cd5044d',
            vpc1,
            'sg-01',
          ),
        ],
      },
      {
        Instances: [
          instance(
            'i-0bbbbbbbbbbbbbbb2',
            'handson-vpc-peering2',
            '10.200.0.230',
            'subnet-082fe1abac42bd13c',
            vpc2,
            'sg-02',
          ),
        ],
      },
      {
        Instances: [
          instance(
            'i-0ccccccccccccccc3',
            'handson-vpc-peering3',
            '10.50.0.215',
            'subnet-02bf2ccee82e23c16',
            vpc3,
            'sg-03',
          ),
        ],
      },
    ],
    Subnets: [
      {
        SubnetId: 'subnet-05283462e7cd5044d',
        VpcId: vpc1,
        CidrBlock: '10.100.0.0/24',
        AvailabilityZone: 'ap-northeast-1a',
      },
      {
        SubnetId: 'subnet-082fe1abac42bd13c',
        VpcId: vpc2,
        CidrBlock: '10.200.0.0/24',
        AvailabilityZone: 'ap-northeast-1c',
      },
      {
        SubnetId: 'subnet-02bf2ccee82e23c16',
        VpcId: vpc3,
        CidrBlock: '10.50.0.0/24',
        AvailabilityZone: 'ap-northeast-1c',
      },
    ],
    RouteTables: [
      {
        RouteTableId: 'rtb-09af531f07f2cd06f',
        VpcId: vpc3,
        Associations: [
          { SubnetId: 'subnet-02bf2ccee82e23c16', Main: false, AssociationState: { State: 'associated' } },
        ],
        Routes: [
          { DestinationCidrBlock: '10.100.0.0/24', VpcPeeringConnectionId: pcx23, State: 'active' },
          { DestinationCidrBlock: '10.200.0.0/24', VpcPeeringConnectionId: pcx23, State: 'active' },
          { DestinationCidrBlock: '10.50.0.0/16', GatewayId: 'local', State: 'active' },
          { DestinationCidrBlock: '0.0.0.0/0', GatewayId: 'igw-0a6cbcd0152530b46', State: 'active' },
        ],
      },
      {
        RouteTableId: 'rtb-0e3a628ee0d845da7',
        VpcId: vpc2,
        Associations: [
          { SubnetId: 'subnet-082fe1abac42bd13c', Main: false, AssociationState: { State: 'associated' } },
        ],
        Routes: [
          { DestinationCidrBlock: '10.50.0.0/24', VpcPeeringConnectionId: pcx23, State: 'active' },
          { DestinationCidrBlock: '10.100.0.0/24', VpcPeeringConnectionId: pcx12, State: 'active' },
          { DestinationCidrBlock: '10.200.0.0/16', GatewayId: 'local', State: 'active' },
          { DestinationCidrBlock: '0.0.0.0/0', GatewayId: 'igw-0628af6c9db7c71d6', State: 'active' },
        ],
      },
      {
        RouteTableId: 'rtb-09abdfe97a306a035',
        VpcId: vpc1,
        Associations: [
          { SubnetId: 'subnet-05283462e7cd5044d', Main: false, AssociationState: { State: 'associated' } },
        ],
        Routes: [
          { DestinationCidrBlock: '10.50.0.0/24', VpcPeeringConnectionId: pcx12, State: 'active' },
          { DestinationCidrBlock: '10.200.0.0/24', VpcPeeringConnectionId: pcx12, State: 'active' },
          { DestinationCidrBlock: '10.100.0.0/16', GatewayId: 'local', State: 'active' },
          { DestinationCidrBlock: '0.0.0.0/0', GatewayId: 'igw-0bada0d7405535216', State: 'active' },
        ],
      },
    ],
    SecurityGroups: [
      sg('sg-01', vpc1, ['10.50.0.0/16', '10.200.0.0/16']),
      sg('sg-02', vpc2, ['10.100.0.0/16', '10.50.0.0/16']),
      sg('sg-03', vpc3, ['10.200.0.0/16', '10.100.0.0/16']),
    ],
    VpcPeeringConnections: [
      {
        VpcPeeringConnectionId: pcx23,
        Status: { Code: 'active', Message: 'Active' },
        AccepterVpcInfo: { VpcId: vpc3, CidrBlock: '10.50.0.0/16' },
        RequesterVpcInfo: { VpcId: vpc2, CidrBlock: '10.200.0.0/16' },
      },
      {
        VpcPeeringConnectionId: pcx12,
        Status: { Code: 'active', Message: 'Active' },
        AccepterVpcInfo: { VpcId: vpc2, CidrBlock: '10.200.0.0/16' },
        RequesterVpcInfo: { VpcId: vpc1, CidrBlock: '10.100.0.0/16' },
      },
    ],
  };
}
