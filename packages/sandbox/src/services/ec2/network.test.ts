import { describe, expect, it } from 'vitest';
import { ec2Harness } from './__fixtures__/context';

const cfnTags = [
  {
    ResourceType: 'vpc',
    Tags: [
      { Key: 'Name', Value: 'handson-vpc-peering1' },
      { Key: 'aws:cloudformation:stack-name', Value: 'handson' },
      { Key: 'aws:cloudformation:logical-id', Value: 'VPC1' },
      {
        Key: 'aws:cloudformation:stack-id',
        Value: 'arn:aws:cloudformation:ap-northeast-1:123456789012:stack/handson/x',
      },
    ],
  },
];

describe('the default VPC', () => {
  it('exists in every region on first use, with a default subnet per zone, a default group and a main table', async () => {
    const ec2 = ec2Harness();
    const vpcs = (await ec2.call('DescribeVpcs')).Vpcs;
    expect(vpcs).toHaveLength(1);
    expect(vpcs[0]).toMatchObject({
      CidrBlock: '172.31.0.0/16',
      IsDefault: true,
      State: 'available',
      InstanceTenancy: 'default',
    });
    const subnets = (
      await ec2.call('DescribeSubnets', { Filters: [{ Name: 'default-for-az', Values: ['true'] }] })
    ).Subnets;
    expect(subnets.map((s: { AvailabilityZone: string }) => s.AvailabilityZone).sort()).toEqual([
      'ap-northeast-1a',
      'ap-northeast-1c',
      'ap-northeast-1d',
    ]);
    expect(
      subnets.every(
        (s: { AvailableIpAddressCount: number; MapPublicIpOnLaunch: boolean }) =>
          s.AvailableIpAddressCount === 4091 && s.MapPublicIpOnLaunch,
      ),
    ).toBe(true);
    const groups = (await ec2.call('DescribeSecurityGroups', { GroupNames: ['default'] })).SecurityGroups;
    expect(groups[0]).toMatchObject({
      GroupName: 'default',
      Description: 'default VPC security group',
      VpcId: vpcs[0].VpcId,
    });
    expect(groups[0].IpPermissions[0].UserIdGroupPairs[0].GroupId).toBe(groups[0].GroupId);
    const tables = (
      await ec2.call('DescribeRouteTables', { Filters: [{ Name: 'association.main', Values: ['true'] }] })
    ).RouteTables;
    expect(
      tables[0].Routes.map(
        (r: { DestinationCidrBlock: string; GatewayId: string }) =>
          `${r.DestinationCidrBlock}>${r.GatewayId.slice(0, 4)}`,
      ),
    ).toEqual(['172.31.0.0/16>loca', '0.0.0.0/0>igw-']);
    const igws = (await ec2.call('DescribeInternetGateways')).InternetGateways;
    expect(igws[0].Attachments).toEqual([{ State: 'available', VpcId: vpcs[0].VpcId }]);
    const attrs = (await ec2.call('DescribeAccountAttributes', { AttributeNames: ['default-vpc'] }))
      .AccountAttributes;
    expect(attrs[0].AttributeValues[0].AttributeValue).toBe(vpcs[0].VpcId);
    // The same ids in another harness: the default VPC does not depend on the seed.
    expect((await ec2Harness(99).call('DescribeVpcs')).Vpcs[0].VpcId).toBe(vpcs[0].VpcId);
  });

  it('lists regions and zones', async () => {
    const ec2 = ec2Harness();
    const zones = (await ec2.call('DescribeAvailabilityZones')).AvailabilityZones;
    expect(zones.map((z: { ZoneName: string; ZoneId: string }) => `${z.ZoneName}/${z.ZoneId}`)).toEqual([
      'ap-northeast-1a/apne1-az4',
      'ap-northeast-1c/apne1-az1',
      'ap-northeast-1d/apne1-az2',
    ]);
    const regions = (await ec2.call('DescribeRegions', { RegionNames: ['ap-northeast-1'] })).Regions;
    expect(regions).toEqual([
      {
        Endpoint: 'ec2.ap-northeast-1.amazonaws.com',
        RegionName: 'ap-northeast-1',
        OptInStatus: 'opt-in-not-required',
      },
    ]);
  });
});

describe('VPCs and subnets', () => {
  it('validates CIDRs as EC2 does and keeps state intact on errors', async () => {
    const ec2 = ec2Harness();
    expect(await ec2.error('CreateVpc', { CidrBlock: '10.0.0.0/8' })).toEqual({
      code: 'InvalidVpc.Range',
      message: "The CIDR '10.0.0.0/8' is invalid.",
    });
    expect((await ec2.error('CreateVpc', { CidrBlock: '10.0.0.0/29' })).code).toBe('InvalidVpc.Range');
    expect((await ec2.error('CreateVpc', { CidrBlock: '10.0.0.300/16' })).code).toBe('InvalidParameterValue');
    expect((await ec2.error('CreateVpc', { CidrBlock: '10.0.0.1/16' })).message).toContain(
      'This is not a valid CIDR block.',
    );
    expect((await ec2.call('DescribeVpcs')).Vpcs).toHaveLength(1);

    const vpc = (await ec2.call('CreateVpc', { CidrBlock: '10.100.0.0/16', TagSpecifications: cfnTags })).Vpc;
    expect(vpc.VpcId).toMatch(/^vpc-[0-9a-f]{17}$/);
    expect(vpc.State).toBe('pending');
    expect(vpc.Tags).toContainEqual({ Key: 'aws:cloudformation:logical-id', Value: 'VPC1' });
    const sub = (cidr: string, zone = 'ap-northeast-1a') =>
      ec2.call('CreateSubnet', { VpcId: vpc.VpcId, CidrBlock: cidr, AvailabilityZone: zone });
    const subnet = (await sub('10.100.0.0/24')).Subnet;
    expect(subnet).toMatchObject({
      AvailableIpAddressCount: 251,
      MapPublicIpOnLaunch: false,
      AvailabilityZone: 'ap-northeast-1a',
      AvailabilityZoneId: 'apne1-az4',
    });
    expect(await ec2.error('CreateSubnet', { VpcId: vpc.VpcId, CidrBlock: '10.100.0.128/25' })).toEqual({
      code: 'InvalidSubnet.Conflict',
      message: "The CIDR '10.100.0.128/25' conflicts with another subnet",
    });
    expect((await ec2.error('CreateSubnet', { VpcId: vpc.VpcId, CidrBlock: '10.200.0.0/24' })).code).toBe(
      'InvalidSubnet.Range',
    );
    expect((await ec2.error('CreateSubnet', { VpcId: vpc.VpcId, CidrBlock: '10.100.1.0/29' })).code).toBe(
      'InvalidSubnet.Range',
    );
    expect(
      (
        await ec2.error('CreateSubnet', {
          VpcId: vpc.VpcId,
          CidrBlock: '10.100.1.0/24',
          AvailabilityZone: 'ap-northeast-1b',
        })
      ).message,
    ).toContain('ap-northeast-1a, ap-northeast-1c, ap-northeast-1d');
    expect(
      (await ec2.error('CreateSubnet', { VpcId: 'vpc-0123456789abcdef0', CidrBlock: '10.0.0.0/24' })).code,
    ).toBe('InvalidVpcID.NotFound');
    await ec2.call('ModifySubnetAttribute', {
      SubnetId: subnet.SubnetId,
      MapPublicIpOnLaunch: { Value: true },
    });
    expect(
      (await ec2.call('DescribeSubnets', { SubnetIds: [subnet.SubnetId] })).Subnets[0].MapPublicIpOnLaunch,
    ).toBe(true);
  });

  it('filters by tags, cidr and is-default, refuses unknown filters and pages with NextToken', async () => {
    const ec2 = ec2Harness();
    for (let i = 1; i <= 6; i++) {
      await ec2.call('CreateVpc', {
        CidrBlock: `10.${i}.0.0/16`,
        TagSpecifications: [{ ResourceType: 'vpc', Tags: [{ Key: 'Name', Value: `handson-vpc-${i}` }] }],
      });
    }
    const names = async (filters: unknown) =>
      (await ec2.call('DescribeVpcs', { Filters: filters })).Vpcs.map(
        (v: { CidrBlock: string }) => v.CidrBlock,
      );
    expect(await names([{ Name: 'tag-value', Values: ['handson-vpc*'] }])).toHaveLength(6);
    expect(await names([{ Name: 'tag:Name', Values: ['handson-vpc-2', 'handson-vpc-3'] }])).toEqual([
      '10.2.0.0/16',
      '10.3.0.0/16',
    ]);
    expect(
      await names([
        { Name: 'tag-key', Values: ['Name'] },
        { Name: 'cidr', Values: ['10.4.*'] },
      ]),
    ).toEqual(['10.4.0.0/16']);
    expect(await names([{ Name: 'is-default', Values: ['true'] }])).toEqual(['172.31.0.0/16']);
    expect(await names([{ Name: 'state', Values: ['available'] }])).toHaveLength(7);
    expect(await ec2.error('DescribeVpcs', { Filters: [{ Name: 'colour', Values: ['blue'] }] })).toEqual({
      code: 'InvalidParameterValue',
      message: "The filter 'colour' is invalid",
    });
    const first = await ec2.call('DescribeVpcs', { MaxResults: 5 });
    expect(first.Vpcs).toHaveLength(5);
    const second = await ec2.call('DescribeVpcs', { MaxResults: 5, NextToken: first.NextToken });
    expect(second.Vpcs).toHaveLength(2);
    expect(second.NextToken).toBeUndefined();
    expect((await ec2.error('DescribeVpcs', { MaxResults: 2 })).code).toBe('InvalidParameterValue');
  });

  it('refuses aws: tag keys from CreateTags but tags and untags resources', async () => {
    const ec2 = ec2Harness();
    const vpc = (await ec2.call('CreateVpc', { CidrBlock: '10.0.0.0/16' })).Vpc;
    expect(
      (
        await ec2.error('CreateTags', {
          Resources: [vpc.VpcId],
          Tags: [{ Key: 'aws:cloudformation:stack-name', Value: 'x' }],
        })
      ).message,
    ).toBe("Tag keys starting with 'aws:' are reserved for internal use");
    await ec2.call('CreateTags', {
      Resources: [vpc.VpcId],
      Tags: [
        { Key: 'Name', Value: 'a' },
        { Key: 'env', Value: 'lab' },
      ],
    });
    const tags = (await ec2.call('DescribeTags', { Filters: [{ Name: 'resource-id', Values: [vpc.VpcId] }] }))
      .Tags;
    expect(tags).toEqual([
      { Key: 'Name', ResourceId: vpc.VpcId, ResourceType: 'vpc', Value: 'a' },
      { Key: 'env', ResourceId: vpc.VpcId, ResourceType: 'vpc', Value: 'lab' },
    ]);
    await ec2.call('DeleteTags', {
      Resources: [vpc.VpcId],
      Tags: [{ Key: 'env', Value: 'other' }, { Key: 'Name' }],
    });
    expect((await ec2.call('DescribeVpcs', { VpcIds: [vpc.VpcId] })).Vpcs[0].Tags).toEqual([
      { Key: 'env', Value: 'lab' },
    ]);
    expect(
      (
        await ec2.error('CreateTags', {
          Resources: ['vpc-0000000000000000f'],
          Tags: [{ Key: 'a', Value: 'b' }],
        })
      ).code,
    ).toBe('InvalidVpcID.NotFound');
  });

  it('refuses to delete a VPC with dependencies, then deletes it with its main table and default group', async () => {
    const ec2 = ec2Harness();
    const vpc = (await ec2.call('CreateVpc', { CidrBlock: '10.0.0.0/16' })).Vpc;
    const subnet = (await ec2.call('CreateSubnet', { VpcId: vpc.VpcId, CidrBlock: '10.0.1.0/24' })).Subnet;
    const igw = (await ec2.call('CreateInternetGateway')).InternetGateway;
    await ec2.call('AttachInternetGateway', { InternetGatewayId: igw.InternetGatewayId, VpcId: vpc.VpcId });
    expect(
      (
        await ec2.error('AttachInternetGateway', {
          InternetGatewayId: igw.InternetGatewayId,
          VpcId: vpc.VpcId,
        })
      ).code,
    ).toBe('Resource.AlreadyAssociated');
    expect(await ec2.error('DeleteVpc', { VpcId: vpc.VpcId })).toEqual({
      code: 'DependencyViolation',
      message: `The vpc '${vpc.VpcId}' has dependencies and cannot be deleted.`,
    });
    expect(
      (await ec2.error('DeleteInternetGateway', { InternetGatewayId: igw.InternetGatewayId })).code,
    ).toBe('DependencyViolation');
    await ec2.call('DeleteSubnet', { SubnetId: subnet.SubnetId });
    expect((await ec2.error('DeleteVpc', { VpcId: vpc.VpcId })).code).toBe('DependencyViolation');
    await ec2.call('DetachInternetGateway', { InternetGatewayId: igw.InternetGatewayId, VpcId: vpc.VpcId });
    expect(
      (
        await ec2.error('DetachInternetGateway', {
          InternetGatewayId: igw.InternetGatewayId,
          VpcId: vpc.VpcId,
        })
      ).code,
    ).toBe('Gateway.NotAttached');
    await ec2.call('DeleteInternetGateway', { InternetGatewayId: igw.InternetGatewayId });
    const sg = await ec2.call('CreateSecurityGroup', {
      GroupName: 'web',
      Description: 'web',
      VpcId: vpc.VpcId,
    });
    expect((await ec2.error('DeleteVpc', { VpcId: vpc.VpcId })).code).toBe('DependencyViolation');
    await ec2.call('DeleteSecurityGroup', { GroupId: sg.GroupId });
    await ec2.call('DeleteVpc', { VpcId: vpc.VpcId });
    expect(
      (await ec2.call('DescribeRouteTables', { Filters: [{ Name: 'vpc-id', Values: [vpc.VpcId] }] }))
        .RouteTables,
    ).toEqual([]);
    expect(
      (await ec2.call('DescribeSecurityGroups', { Filters: [{ Name: 'vpc-id', Values: [vpc.VpcId] }] }))
        .SecurityGroups,
    ).toEqual([]);
    expect((await ec2.error('DescribeVpcs', { VpcIds: [vpc.VpcId] })).message).toBe(
      `The vpc ID '${vpc.VpcId}' does not exist`,
    );
  });
});

describe('route tables and peering', () => {
  async function twoVpcs() {
    const ec2 = ec2Harness();
    const a = (await ec2.call('CreateVpc', { CidrBlock: '10.100.0.0/16' })).Vpc.VpcId as string;
    const b = (await ec2.call('CreateVpc', { CidrBlock: '10.200.0.0/16' })).Vpc.VpcId as string;
    return { ec2, a, b };
  }

  it('creates, accepts, rejects and deletes peerings with AWS status codes and messages', async () => {
    const { ec2, a, b } = await twoVpcs();
    const created = (await ec2.call('CreateVpcPeeringConnection', { VpcId: a, PeerVpcId: b }))
      .VpcPeeringConnection;
    expect(created.Status).toEqual({
      Code: 'initiating-request',
      Message: 'Initiating Request to 123456789012',
    });
    const id = created.VpcPeeringConnectionId;
    const describe = async () =>
      (await ec2.call('DescribeVpcPeeringConnections', { VpcPeeringConnectionIds: [id] }))
        .VpcPeeringConnections[0];
    expect((await describe()).Status).toEqual({
      Code: 'pending-acceptance',
      Message: 'Pending Acceptance by 123456789012',
    });
    expect((await describe()).AccepterVpcInfo.CidrBlock).toBeUndefined();
    const accepted = (await ec2.call('AcceptVpcPeeringConnection', { VpcPeeringConnectionId: id }))
      .VpcPeeringConnection;
    expect(accepted.Status).toEqual({ Code: 'active', Message: 'Active' });
    expect(accepted.AccepterVpcInfo).toMatchObject({
      CidrBlock: '10.200.0.0/16',
      OwnerId: '123456789012',
      Region: 'ap-northeast-1',
      VpcId: b,
    });
    expect(accepted.RequesterVpcInfo).toMatchObject({ CidrBlock: '10.100.0.0/16', VpcId: a });
    const active = (
      await ec2.call('DescribeVpcPeeringConnections', {
        Filters: [{ Name: 'status-code', Values: ['active'] }],
      })
    ).VpcPeeringConnections;
    expect(active.map((p: { VpcPeeringConnectionId: string }) => p.VpcPeeringConnectionId)).toEqual([id]);
    expect(await ec2.error('AcceptVpcPeeringConnection', { VpcPeeringConnectionId: id })).toEqual({
      code: 'InvalidStateTransition',
      message: `Invalid state transition for ${id}, attempted to transition from active to active`,
    });
    await ec2.call('DeleteVpcPeeringConnection', { VpcPeeringConnectionId: id });
    expect((await describe()).Status).toEqual({ Code: 'deleted', Message: 'Deleted by 123456789012' });
    ec2.advance(3 * 3600_000);
    expect((await ec2.error('DescribeVpcPeeringConnections', { VpcPeeringConnectionIds: [id] })).code).toBe(
      'InvalidVpcPeeringConnectionID.NotFound',
    );

    const again = (await ec2.call('CreateVpcPeeringConnection', { VpcId: a, PeerVpcId: b }))
      .VpcPeeringConnection.VpcPeeringConnectionId;
    await ec2.call('RejectVpcPeeringConnection', { VpcPeeringConnectionId: again });
    expect(
      (await ec2.call('DescribeVpcPeeringConnections', { VpcPeeringConnectionIds: [again] }))
        .VpcPeeringConnections[0].Status,
    ).toEqual({
      Code: 'rejected',
      Message: 'Rejected by 123456789012',
    });
  });

  it('fails a peering between overlapping VPCs', async () => {
    const { ec2, a } = await twoVpcs();
    const c = (await ec2.call('CreateVpc', { CidrBlock: '10.100.0.0/20' })).Vpc.VpcId;
    const id = (await ec2.call('CreateVpcPeeringConnection', { VpcId: a, PeerVpcId: c })).VpcPeeringConnection
      .VpcPeeringConnectionId;
    const pcx = (await ec2.call('DescribeVpcPeeringConnections', { VpcPeeringConnectionIds: [id] }))
      .VpcPeeringConnections[0];
    expect(pcx.Status).toEqual({ Code: 'failed', Message: 'Overlapping CIDRs' });
    expect((await ec2.error('AcceptVpcPeeringConnection', { VpcPeeringConnectionId: id })).code).toBe(
      'InvalidStateTransition',
    );
  });

  it('checks route targets, refuses duplicates and local changes, and lists routes most specific first', async () => {
    const { ec2, a, b } = await twoVpcs();
    const rtb = (await ec2.call('CreateRouteTable', { VpcId: a })).RouteTable.RouteTableId;
    const igw = (await ec2.call('CreateInternetGateway')).InternetGateway.InternetGatewayId;
    expect(
      await ec2.error('CreateRoute', {
        RouteTableId: rtb,
        DestinationCidrBlock: '0.0.0.0/0',
        GatewayId: 'igw-0123456789abcdef0',
      }),
    ).toEqual({
      code: 'InvalidGatewayID.NotFound',
      message: "The gateway ID 'igw-0123456789abcdef0' does not exist",
    });
    expect(
      (
        await ec2.error('CreateRoute', {
          RouteTableId: rtb,
          DestinationCidrBlock: '0.0.0.0/0',
          GatewayId: igw,
        })
      ).message,
    ).toContain('belong to different networks');
    await ec2.call('AttachInternetGateway', { InternetGatewayId: igw, VpcId: a });
    expect(
      (
        await ec2.call('CreateRoute', {
          RouteTableId: rtb,
          DestinationCidrBlock: '0.0.0.0/0',
          GatewayId: igw,
        })
      ).Return,
    ).toBe(true);
    expect(
      await ec2.error('CreateRoute', {
        RouteTableId: rtb,
        DestinationCidrBlock: '0.0.0.0/0',
        GatewayId: igw,
      }),
    ).toEqual({
      code: 'RouteAlreadyExists',
      message: 'The route identified by 0.0.0.0/0 already exists.',
    });
    expect(
      (
        await ec2.error('CreateRoute', {
          RouteTableId: rtb,
          DestinationCidrBlock: '10.200.0.0/24',
          VpcPeeringConnectionId: 'pcx-0123456789abcdef0',
        })
      ).code,
    ).toBe('InvalidVpcPeeringConnectionID.NotFound');
    expect(
      (
        await ec2.error('CreateRoute', {
          RouteTableId: rtb,
          DestinationCidrBlock: '10.9.0.0/24',
          NatGatewayId: 'nat-0123456789abcdef0',
        })
      ).code,
    ).toBe('InvalidNatGatewayID.NotFound');
    const pcx = (await ec2.call('CreateVpcPeeringConnection', { VpcId: a, PeerVpcId: b }))
      .VpcPeeringConnection.VpcPeeringConnectionId;
    await ec2.call('CreateRoute', {
      RouteTableId: rtb,
      DestinationCidrBlock: '10.200.0.0/24',
      VpcPeeringConnectionId: pcx,
    });
    const routes = async () =>
      (await ec2.call('DescribeRouteTables', { RouteTableIds: [rtb] })).RouteTables[0].Routes.map(
        (r: { DestinationCidrBlock: string; State: string; Origin: string }) =>
          `${r.DestinationCidrBlock} ${r.State} ${r.Origin}`,
      );
    expect(await routes()).toEqual([
      '10.200.0.0/24 blackhole CreateRoute',
      '10.100.0.0/16 active CreateRouteTable',
      '0.0.0.0/0 active CreateRoute',
    ]);
    await ec2.call('AcceptVpcPeeringConnection', { VpcPeeringConnectionId: pcx });
    expect((await routes())[0]).toBe('10.200.0.0/24 active CreateRoute');
    expect(
      await ec2.error('DeleteRoute', { RouteTableId: rtb, DestinationCidrBlock: '10.50.0.0/16' }),
    ).toEqual({
      code: 'InvalidRoute.NotFound',
      message: `no route with destination-cidr-block 10.50.0.0/16 in route table ${rtb}`,
    });
    expect(
      (
        await ec2.error('ReplaceRoute', {
          RouteTableId: rtb,
          DestinationCidrBlock: '10.50.0.0/16',
          GatewayId: igw,
        })
      ).code,
    ).toBe('InvalidRoute.NotFound');
    expect(
      (await ec2.error('DeleteRoute', { RouteTableId: rtb, DestinationCidrBlock: '10.100.0.0/16' })).message,
    ).toContain('cannot remove local route');
    await ec2.call('ReplaceRoute', {
      RouteTableId: rtb,
      DestinationCidrBlock: '10.200.0.0/24',
      GatewayId: igw,
    });
    await ec2.call('DeleteRoute', { RouteTableId: rtb, DestinationCidrBlock: '10.200.0.0/24' });
    expect(await routes()).toHaveLength(2);
  });

  it('associates subnets, keeps one main table per VPC and refuses to delete tables in use', async () => {
    const { ec2, a, b } = await twoVpcs();
    const subnet = (await ec2.call('CreateSubnet', { VpcId: a, CidrBlock: '10.100.0.0/24' })).Subnet.SubnetId;
    const rtb = (await ec2.call('CreateRouteTable', { VpcId: a })).RouteTable.RouteTableId;
    const other = (await ec2.call('CreateRouteTable', { VpcId: b })).RouteTable.RouteTableId;
    expect(
      (await ec2.error('AssociateRouteTable', { RouteTableId: other, SubnetId: subnet })).message,
    ).toContain('belong to different networks');
    const assoc = await ec2.call('AssociateRouteTable', { RouteTableId: rtb, SubnetId: subnet });
    expect(assoc).toMatchObject({ AssociationState: { State: 'associated' } });
    expect((await ec2.error('AssociateRouteTable', { RouteTableId: rtb, SubnetId: subnet })).code).toBe(
      'Resource.AlreadyAssociated',
    );
    const views = (await ec2.call('DescribeRouteTables', { Filters: [{ Name: 'vpc-id', Values: [a] }] }))
      .RouteTables;
    const associations = views.flatMap((t: { Associations: unknown[] }) => t.Associations);
    expect(associations).toContainEqual({
      Main: true,
      RouteTableAssociationId: expect.stringMatching(/^rtbassoc-/),
      RouteTableId: expect.any(String),
      AssociationState: { State: 'associated' },
    });
    expect(associations).toContainEqual({
      Main: false,
      RouteTableAssociationId: assoc.AssociationId,
      RouteTableId: rtb,
      SubnetId: subnet,
      AssociationState: { State: 'associated' },
    });
    const main = associations.find((x: { Main: boolean }) => x.Main);
    expect(
      (await ec2.error('DisassociateRouteTable', { AssociationId: main.RouteTableAssociationId })).code,
    ).toBe('InvalidParameterValue');
    expect((await ec2.error('DeleteRouteTable', { RouteTableId: rtb })).code).toBe('DependencyViolation');
    expect((await ec2.error('DeleteRouteTable', { RouteTableId: main.RouteTableId })).code).toBe(
      'DependencyViolation',
    );
    await ec2.call('DisassociateRouteTable', { AssociationId: assoc.AssociationId });
    await ec2.call('DeleteRouteTable', { RouteTableId: rtb });
  });
});

describe('DryRun', () => {
  it('answers DryRunOperation and changes nothing', async () => {
    const ec2 = ec2Harness();
    expect(await ec2.error('CreateVpc', { CidrBlock: '10.0.0.0/16', DryRun: true })).toEqual({
      code: 'DryRunOperation',
      message: 'Request would have succeeded, but DryRun flag is set.',
    });
    expect((await ec2.call('DescribeVpcs')).Vpcs).toHaveLength(1);
  });
});

describe('regions', () => {
  it('keeps each region apart, each with its own default VPC and image ids', async () => {
    const ec2 = ec2Harness();
    const tokyo = (await ec2.call('DescribeVpcs')).Vpcs[0].VpcId;
    const virginia = (await ec2.call('DescribeVpcs', {}, 'us-east-1')).Vpcs[0].VpcId;
    expect(virginia).not.toBe(tokyo);
    expect((await ec2.call('DescribeSubnets', {}, 'us-east-1')).Subnets).toHaveLength(6);
    const name = [{ Name: 'name', Values: ['al2023-ami-2023.6.20241121.0-kernel-6.1-x86_64'] }];
    const imageTokyo = (await ec2.call('DescribeImages', { Filters: name })).Images[0].ImageId;
    const imageVirginia = (await ec2.call('DescribeImages', { Filters: name }, 'us-east-1')).Images[0]
      .ImageId;
    expect(imageVirginia).not.toBe(imageTokyo);
    const run = await ec2.call(
      'RunInstances',
      { ImageId: imageVirginia, InstanceType: 't3.micro', MinCount: 1, MaxCount: 1 },
      'us-east-1',
    );
    expect(run.Instances[0].PrivateDnsName).toMatch(/^ip-172-31-\d+-\d+\.ec2\.internal$/);
    expect((await ec2.call('DescribeInstances')).Reservations).toEqual([]);
    expect(
      (
        await ec2.error('RunInstances', {
          ImageId: imageVirginia,
          InstanceType: 't3.micro',
          MinCount: 1,
          MaxCount: 1,
        })
      ).code,
    ).toBe('InvalidAMIID.NotFound');
  });
});
