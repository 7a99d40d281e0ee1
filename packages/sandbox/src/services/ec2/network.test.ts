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
    const name = [{ Name: 'name', Values: ['al2023-ami-2023.*-kernel-6.1-x86_64'] }];
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
