/** AWS::EC2 networking resources, provisioned through the EC2 service's handlers. */
import { ResourceFailure } from '../engine';
import { allTags, bool, call, changed, compact, tagSpecifications } from './common';
import type { Props, ProviderRegistry, ProvisionContext, ResourceProvider } from './types';

const ec2 = (p: ProvisionContext, op: string, input: Record<string, unknown>) => call(p, 'ec2', op, input);

/** In-place update for resources whose only mutable property we handle is Tags. */
export function tagOnlyUpdate(
  extra?: (p: ProvisionContext, id: string, props: Props, prev: Props, keys: string[]) => Promise<boolean>,
): NonNullable<ResourceProvider['update']> {
  return async (p, id, props, prev, attributes) => {
    const keys = changed(props, prev);
    const others = keys.filter((k) => k !== 'Tags');
    if (others.length > 0 && !(extra && (await extra(p, id, props, prev, others)))) return undefined;
    if (keys.includes('Tags')) {
      // The aws:cloudformation:* tags never change, and CreateTags refuses aws: keys.
      const next = allTags(p, props.Tags).filter((t) => !t.Key.startsWith('aws:'));
      const nextKeys = new Set(next.map((t) => t.Key));
      const gone = ((prev.Tags as { Key: string }[] | undefined) ?? []).filter((t) => !nextKeys.has(t.Key));
      if (gone.length > 0)
        await ec2(p, 'DeleteTags', { Resources: [id], Tags: gone.map((t) => ({ Key: t.Key })) });
      await ec2(p, 'CreateTags', { Resources: [id], Tags: next });
    }
    return attributes;
  };
}

async function defaultSecurityGroup(p: ProvisionContext, vpcId: string): Promise<string | undefined> {
  const out = await ec2(p, 'DescribeSecurityGroups', {
    Filters: [
      { Name: 'vpc-id', Values: [vpcId] },
      { Name: 'group-name', Values: ['default'] },
    ],
  });
  return (out.SecurityGroups as { GroupId?: string }[] | undefined)?.[0]?.GroupId;
}

const vpc: ResourceProvider = {
  async create(p, props) {
    const out = await ec2(p, 'CreateVpc', {
      CidrBlock: props.CidrBlock,
      InstanceTenancy: props.InstanceTenancy,
      Ipv4IpamPoolId: props.Ipv4IpamPoolId,
      Ipv4NetmaskLength: props.Ipv4NetmaskLength,
      TagSpecifications: tagSpecifications(p, 'vpc', props.Tags),
    });
    const v = out.Vpc as {
      VpcId: string;
      CidrBlock?: string;
      CidrBlockAssociationSet?: { AssociationId?: string }[];
    };
    for (const attr of ['EnableDnsSupport', 'EnableDnsHostnames'] as const) {
      if (props[attr] !== undefined)
        await ec2(p, 'ModifyVpcAttribute', { VpcId: v.VpcId, [attr]: { Value: bool(props[attr]) } });
    }
    return {
      physicalId: v.VpcId,
      attributes: {
        VpcId: v.VpcId,
        CidrBlock: v.CidrBlock ?? props.CidrBlock,
        CidrBlockAssociations: (v.CidrBlockAssociationSet ?? []).map((a) => a.AssociationId).filter(Boolean),
        DefaultSecurityGroup: await defaultSecurityGroup(p, v.VpcId),
        Ipv6CidrBlocks: [],
      },
    };
  },
  update: tagOnlyUpdate(async (p, id, props, _prev, keys) => {
    if (!keys.every((k) => k === 'EnableDnsSupport' || k === 'EnableDnsHostnames')) return false;
    for (const k of keys)
      await ec2(p, 'ModifyVpcAttribute', {
        VpcId: id,
        [k]: { Value: bool(props[k]) ?? k === 'EnableDnsSupport' },
      });
    return true;
  }),
  async delete(p, id) {
    await ec2(p, 'DeleteVpc', { VpcId: id });
  },
};

const subnet: ResourceProvider = {
  async create(p, props) {
    const out = await ec2(p, 'CreateSubnet', {
      VpcId: props.VpcId,
      CidrBlock: props.CidrBlock,
      AvailabilityZone: props.AvailabilityZone,
      AvailabilityZoneId: props.AvailabilityZoneId,
      Ipv6CidrBlock: props.Ipv6CidrBlock,
      TagSpecifications: tagSpecifications(p, 'subnet', props.Tags),
    });
    const s = out.Subnet as {
      SubnetId: string;
      AvailabilityZone?: string;
      AvailabilityZoneId?: string;
      CidrBlock?: string;
      VpcId?: string;
    };
    if (bool(props.MapPublicIpOnLaunch)) {
      await ec2(p, 'ModifySubnetAttribute', { SubnetId: s.SubnetId, MapPublicIpOnLaunch: { Value: true } });
    }
    return {
      physicalId: s.SubnetId,
      attributes: compact({
        SubnetId: s.SubnetId,
        AvailabilityZone: s.AvailabilityZone,
        AvailabilityZoneId: s.AvailabilityZoneId,
        CidrBlock: s.CidrBlock ?? props.CidrBlock,
        VpcId: s.VpcId ?? props.VpcId,
        Ipv6CidrBlocks: [],
        OutpostArn: '',
      }),
    };
  },
  update: tagOnlyUpdate(async (p, id, props, _prev, keys) => {
    if (!keys.every((k) => k === 'MapPublicIpOnLaunch')) return false;
    await ec2(p, 'ModifySubnetAttribute', {
      SubnetId: id,
      MapPublicIpOnLaunch: { Value: bool(props.MapPublicIpOnLaunch) ?? false },
    });
    return true;
  }),
  async delete(p, id) {
    await ec2(p, 'DeleteSubnet', { SubnetId: id });
  },
};

const internetGateway: ResourceProvider = {
  async create(p, props) {
    const out = await ec2(p, 'CreateInternetGateway', {
      TagSpecifications: tagSpecifications(p, 'internet-gateway', props.Tags),
    });
    const id = (out.InternetGateway as { InternetGatewayId: string }).InternetGatewayId;
    return { physicalId: id, attributes: { InternetGatewayId: id } };
  },
  update: tagOnlyUpdate(),
  async delete(p, id) {
    await ec2(p, 'DeleteInternetGateway', { InternetGatewayId: id });
  },
};

const gatewayAttachment: ResourceProvider = {
  async create(p, props) {
    if (props.VpnGatewayId !== undefined)
      throw new ResourceFailure(
        'VpnGatewayId attachments are not supported by this sandbox; use InternetGatewayId.',
      );
    await ec2(p, 'AttachInternetGateway', { InternetGatewayId: props.InternetGatewayId, VpcId: props.VpcId });
    return { physicalId: `IGW|${props.VpcId}`, attributes: {} };
  },
  async delete(p, _id, props) {
    await ec2(p, 'DetachInternetGateway', { InternetGatewayId: props.InternetGatewayId, VpcId: props.VpcId });
  },
};

const routeTable: ResourceProvider = {
  async create(p, props) {
    const out = await ec2(p, 'CreateRouteTable', {
      VpcId: props.VpcId,
      TagSpecifications: tagSpecifications(p, 'route-table', props.Tags),
    });
    const id = (out.RouteTable as { RouteTableId: string }).RouteTableId;
    return { physicalId: id, attributes: { RouteTableId: id } };
  },
  update: tagOnlyUpdate(),
  async delete(p, id) {
    await ec2(p, 'DeleteRouteTable', { RouteTableId: id });
  },
};

const ROUTE_TARGETS = [
  'GatewayId',
  'NatGatewayId',
  'InstanceId',
  'VpcPeeringConnectionId',
  'NetworkInterfaceId',
  'TransitGatewayId',
  'EgressOnlyInternetGatewayId',
  'CarrierGatewayId',
  'LocalGatewayId',
  'VpcEndpointId',
  'CoreNetworkArn',
];

function routeInput(props: Props) {
  return {
    RouteTableId: props.RouteTableId,
    DestinationCidrBlock: props.DestinationCidrBlock,
    DestinationIpv6CidrBlock: props.DestinationIpv6CidrBlock,
    DestinationPrefixListId: props.DestinationPrefixListId,
    ...Object.fromEntries(ROUTE_TARGETS.map((k) => [k, props[k]])),
  };
}

const route: ResourceProvider = {
  async create(p, props) {
    await ec2(p, 'CreateRoute', routeInput(props));
    const destination =
      props.DestinationCidrBlock ?? props.DestinationIpv6CidrBlock ?? props.DestinationPrefixListId;
    return { physicalId: `${props.RouteTableId}|${destination}`, attributes: {} };
  },
  async update(p, _id, props, prev, attributes) {
    const keys = changed(props, prev);
    if (!keys.every((k) => ROUTE_TARGETS.includes(k))) return undefined;
    await ec2(p, 'ReplaceRoute', routeInput(props));
    return attributes;
  },
  async delete(p, _id, props) {
    await ec2(p, 'DeleteRoute', {
      RouteTableId: props.RouteTableId,
      DestinationCidrBlock: props.DestinationCidrBlock,
      DestinationIpv6CidrBlock: props.DestinationIpv6CidrBlock,
      DestinationPrefixListId: props.DestinationPrefixListId,
    });
  },
};

const subnetRouteTableAssociation: ResourceProvider = {
  async create(p, props) {
    const out = await ec2(p, 'AssociateRouteTable', {
      SubnetId: props.SubnetId,
      RouteTableId: props.RouteTableId,
    });
    const id = out.AssociationId as string;
    return { physicalId: id, attributes: { Id: id } };
  },
  async delete(p, id) {
    await ec2(p, 'DisassociateRouteTable', { AssociationId: id });
  },
};

/** Same-account, same-region peerings are accepted right away, as CloudFormation does on AWS. */
const vpcPeeringConnection: ResourceProvider = {
  async create(p, props) {
    const out = await ec2(p, 'CreateVpcPeeringConnection', {
      VpcId: props.VpcId,
      PeerVpcId: props.PeerVpcId,
      PeerOwnerId: props.PeerOwnerId,
      PeerRegion: props.PeerRegion,
      TagSpecifications: tagSpecifications(p, 'vpc-peering-connection', props.Tags),
    });
    const id = (out.VpcPeeringConnection as { VpcPeeringConnectionId: string }).VpcPeeringConnectionId;
    const sameAccount = props.PeerOwnerId === undefined || props.PeerOwnerId === p.ctx.accountId;
    const sameRegion = props.PeerRegion === undefined || props.PeerRegion === p.ctx.region;
    if (sameAccount && sameRegion) await ec2(p, 'AcceptVpcPeeringConnection', { VpcPeeringConnectionId: id });
    return { physicalId: id, attributes: { Id: id } };
  },
  update: tagOnlyUpdate(),
  async delete(p, id) {
    await ec2(p, 'DeleteVpcPeeringConnection', { VpcPeeringConnectionId: id });
  },
};

export const ec2NetworkProviders: ProviderRegistry = {
  'AWS::EC2::VPC': vpc,
  'AWS::EC2::Subnet': subnet,
  'AWS::EC2::InternetGateway': internetGateway,
  'AWS::EC2::VPCGatewayAttachment': gatewayAttachment,
  'AWS::EC2::RouteTable': routeTable,
  'AWS::EC2::Route': route,
  'AWS::EC2::SubnetRouteTableAssociation': subnetRouteTableAssociation,
  'AWS::EC2::VPCPeeringConnection': vpcPeeringConnection,
};
