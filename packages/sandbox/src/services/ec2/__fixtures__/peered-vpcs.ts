/**
 * Three VPCs in a chain of peerings (1↔2, 2↔3, none 1↔3), built by API calls through any
 * `call(operation, input)`: each VPC with a public subnet, an internet gateway and its own route table, routes
 * to both other subnets (so 1→3 has a route that the non-transitive peering drops), and one instance whose
 * security group admits the other VPCs and SSH from one client. Names, CIDRs and zones are the blog's Lab 05
 * network (seed lines 5–285), which is where this shape comes from; the tests are of the EC2 service.
 */

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

export interface PeeredVpcs {
  vpcs: string[];
  instances: string[];
  privateIps: string[];
  peerings: { p12: string; p23: string };
}

interface VpcPlan {
  n: number;
  cidr: string;
  subnet: string;
  zone: string;
  ec2: string;
}

const PLAN: VpcPlan[] = [
  { n: 1, cidr: '10.100.0.0/16', subnet: '10.100.0.0/24', zone: 'ap-northeast-1a', ec2: 'EC2A' },
  { n: 2, cidr: '10.200.0.0/16', subnet: '10.200.0.0/24', zone: 'ap-northeast-1c', ec2: 'EC2B' },
  { n: 3, cidr: '10.50.0.0/16', subnet: '10.50.0.0/24', zone: 'ap-northeast-1c', ec2: 'EC2C' },
];

type BuiltVpc = VpcPlan & { name: string; vpc: string; subnet: string; rtb: string };

/** A VPC with a subnet that gives public IPs, an attached internet gateway and a route table sending 0.0.0.0/0 to it. */
async function publicVpc(call: Call, p: VpcPlan): Promise<BuiltVpc> {
  const name = `handson-vpc-peering${p.n}`;
  const vpc = (await call('CreateVpc', { CidrBlock: p.cidr, TagSpecifications: tags('vpc', name, `VPC${p.n}`) }))
    .Vpc.VpcId;
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
  return { ...p, name, vpc, subnet, rtb };
}

/** An accepted peering connection from `a` to `b`. */
async function peer(call: Call, a: BuiltVpc, b: BuiltVpc): Promise<string> {
  const id = (
    await call('CreateVpcPeeringConnection', {
      VpcId: a.vpc,
      PeerVpcId: b.vpc,
      TagSpecifications: tags('vpc-peering-connection', `${a.name}-${b.n}`),
    })
  ).VpcPeeringConnection.VpcPeeringConnectionId;
  await call('AcceptVpcPeeringConnection', { VpcPeeringConnectionId: id });
  return id as string;
}

/** One instance in the VPC's subnet, its group open to the other VPCs and to SSH from `clientCidr`. */
async function launchInstance(
  call: Call,
  v: BuiltVpc,
  others: { CidrIp: string }[],
  imageId: string,
  clientCidr: string,
): Promise<{ InstanceId: string; PrivateIpAddress: string }> {
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
  return run.Instances[0];
}

export async function buildPeeredVpcs(
  call: Call,
  imageId: string,
  clientCidr = '198.51.100.7/32',
): Promise<PeeredVpcs> {
  const built: BuiltVpc[] = [];
  for (const p of PLAN) built.push(await publicVpc(call, p));
  const [v1, v2, v3] = built as [BuiltVpc, BuiltVpc, BuiltVpc];
  const p12 = await peer(call, v1, v2);
  const p23 = await peer(call, v2, v3);
  // Each VPC routes both other subnets over its peerings, so 1→3 and 3→1 have routes too.
  const routes: [BuiltVpc, string, string][] = [
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
    const instance = await launchInstance(call, v, others, imageId, clientCidr);
    instances.push(instance.InstanceId);
    privateIps.push(instance.PrivateIpAddress);
  }
  return { vpcs: built.map((v) => v.vpc), instances, privateIps, peerings: { p12, p23 } };
}
