/** Builds the blog's Lab 05 network (seed lines 5–285) by API calls, through any `call(operation, input)`. */

// biome-ignore lint/suspicious/noExplicitAny: outputs are read loosely in tests
export type Call = (operation: string, input: Record<string, unknown>) => Promise<any>;

const tags = (type: string, name: string, logicalId?: string) => [
  {
    ResourceType: type,
    Tags: [
      { Key: 'Name', Value: name },
      ...(logicalId
        ? [
            { Key: 'aws:cloudformation:stack-name', Value: 'handson-vpc-peering' },
            { Key: 'aws:cloudformation:logical-id', Value: logicalId },
          ]
        : []),
    ],
  },
];

export interface Lab05 {
  vpcs: string[];
  instances: string[];
  privateIps: string[];
  peerings: { p12: string; p23: string };
}

export async function buildLab05(
  call: Call,
  imageId: string,
  clientCidr = '198.51.100.7/32',
): Promise<Lab05> {
  const plan = [
    { n: 1, cidr: '10.100.0.0/16', subnet: '10.100.0.0/24', zone: 'ap-northeast-1a', ec2: 'EC2A' },
    { n: 2, cidr: '10.200.0.0/16', subnet: '10.200.0.0/24', zone: 'ap-northeast-1c', ec2: 'EC2B' },
    { n: 3, cidr: '10.50.0.0/16', subnet: '10.50.0.0/24', zone: 'ap-northeast-1c', ec2: 'EC2C' },
  ];
  const built = [];
  for (const p of plan) {
    const name = `handson-vpc-peering${p.n}`;
    const vpc = (
      await call('CreateVpc', { CidrBlock: p.cidr, TagSpecifications: tags('vpc', name, `VPC${p.n}`) })
    ).Vpc.VpcId;
    const subnet = (
      await call('CreateSubnet', {
        VpcId: vpc,
        CidrBlock: p.subnet,
        AvailabilityZone: p.zone,
        TagSpecifications: tags('subnet', name),
      })
    ).Subnet.SubnetId;
    await call('ModifySubnetAttribute', { SubnetId: subnet, MapPublicIpOnLaunch: { Value: true } });
    const igw = (await call('CreateInternetGateway', { TagSpecifications: tags('internet-gateway', name) }))
      .InternetGateway.InternetGatewayId;
    await call('AttachInternetGateway', { InternetGatewayId: igw, VpcId: vpc });
    const rtb = (await call('CreateRouteTable', { VpcId: vpc, TagSpecifications: tags('route-table', name) }))
      .RouteTable.RouteTableId;
    await call('AssociateRouteTable', { RouteTableId: rtb, SubnetId: subnet });
    await call('CreateRoute', { RouteTableId: rtb, DestinationCidrBlock: '0.0.0.0/0', GatewayId: igw });
    built.push({ ...p, name, vpc, subnet, rtb });
  }
  const [v1, v2, v3] = built as [(typeof built)[0], (typeof built)[0], (typeof built)[0]];
  const peer = async (a: typeof v1, b: typeof v1) => {
    const id = (
      await call('CreateVpcPeeringConnection', {
        VpcId: a.vpc,
        PeerVpcId: b.vpc,
        TagSpecifications: tags('vpc-peering-connection', `${a.name}-${b.n}`),
      })
    ).VpcPeeringConnection.VpcPeeringConnectionId;
    await call('AcceptVpcPeeringConnection', { VpcPeeringConnectionId: id });
    return id as string;
  };
  const p12 = await peer(v1, v2);
  const p23 = await peer(v2, v3);
  // The blog's routes: each VPC routes both other subnets over its peerings, so 1→3 and 3→1 have routes too.
  const routes: [typeof v1, string, string][] = [
    [v1, '10.50.0.0/24', p12],
    [v1, '10.200.0.0/24', p12],
    [v2, '10.50.0.0/24', p23],
    [v2, '10.100.0.0/24', p12],
    [v3, '10.100.0.0/24', p23],
    [v3, '10.200.0.0/24', p23],
  ];
  for (const [v, cidr, pcx] of routes) {
    await call('CreateRoute', {
      RouteTableId: v.rtb,
      DestinationCidrBlock: cidr,
      VpcPeeringConnectionId: pcx,
    });
  }
  const instances: string[] = [];
  const privateIps: string[] = [];
  for (const v of built) {
    const others = built.filter((o) => o !== v).map((o) => ({ CidrIp: o.cidr }));
    const sg = (
      await call('CreateSecurityGroup', {
        GroupName: `${v.name}-sg`,
        Description: `Security Group for VPC${v.n}`,
        VpcId: v.vpc,
        TagSpecifications: tags('security-group', v.name),
      })
    ).GroupId;
    await call('AuthorizeSecurityGroupIngress', {
      GroupId: sg,
      IpPermissions: [
        { IpProtocol: '-1', IpRanges: others },
        { IpProtocol: 'tcp', FromPort: 22, ToPort: 22, IpRanges: [{ CidrIp: clientCidr }] },
      ],
    });
    const run = await call('RunInstances', {
      ImageId: imageId,
      InstanceType: 't2.micro',
      MinCount: 1,
      MaxCount: 1,
      SubnetId: v.subnet,
      SecurityGroupIds: [sg],
      TagSpecifications: tags('instance', v.name, v.ec2),
    });
    instances.push(run.Instances[0].InstanceId);
    privateIps.push(run.Instances[0].PrivateIpAddress);
  }
  return { vpcs: built.map((v) => v.vpc), instances, privateIps, peerings: { p12, p23 } };
}
