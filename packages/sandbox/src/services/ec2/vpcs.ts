import { cidrSize, cidrsOverlap, cidrWithin, formatCidr, parseCidr } from '@handson/dataplane';
import { AwsError, type Handler, type RequestContext } from '../../core/types';
import { addVpc } from './defaults';
import {
  bool,
  dependencyViolation,
  invalidParameterValue,
  missingParameter,
  notFound,
  stringList,
} from './errors';
import { applyFilters, type Filter } from './filters';
import { newId } from './ids';
import { paginate } from './pagination';
import { zonesOf } from './regions';
import { type Ec2State, ec2State, type SubnetRecord, type VpcRecord } from './state';
import { applyTagSpecifications, tagsMember } from './tags';
import { ec2Now } from './time';

export function getVpc(state: Ec2State, id: unknown): VpcRecord {
  const vpc = state.vpcs[String(id)];
  if (!vpc) throw notFound('vpc', String(id));
  return vpc;
}

export function getSubnet(state: Ec2State, id: unknown): SubnetRecord {
  const subnet = state.subnets[String(id)];
  if (!subnet) throw notFound('subnet', String(id));
  return subnet;
}

function parseBlock(text: unknown) {
  const cidr = typeof text === 'string' ? parseCidr(text, true) : undefined;
  if (!cidr) {
    throw invalidParameterValue(
      `Value (${String(text)}) for parameter cidrBlock is invalid. This is not a valid CIDR block.`,
    );
  }
  return cidr;
}

export function vpcView(ctx: RequestContext, state: Ec2State, vpc: VpcRecord, stateName = 'available') {
  return {
    CidrBlock: vpc.CidrBlock,
    DhcpOptionsId: vpc.DhcpOptionsId,
    State: stateName,
    VpcId: vpc.VpcId,
    OwnerId: ctx.accountId,
    InstanceTenancy: vpc.InstanceTenancy,
    CidrBlockAssociationSet: [
      {
        AssociationId: vpc.CidrAssociationId,
        CidrBlock: vpc.CidrBlock,
        CidrBlockState: { State: 'associated' },
      },
    ],
    IsDefault: vpc.IsDefault,
    ...tagsMember(state, vpc.VpcId),
  };
}

/** Addresses in use in a subnet: one per instance that still has its network interface. */
export function usedAddresses(state: Ec2State, subnetId: string): string[] {
  return Object.values(state.instances)
    .filter((i) => i.SubnetId === subnetId && i.State !== 'terminated')
    .map((i) => i.PrivateIpAddress);
}

export function subnetView(ctx: RequestContext, state: Ec2State, subnet: SubnetRecord) {
  const size = cidrSize(parseCidr(subnet.CidrBlock)!);
  return {
    AvailabilityZone: subnet.AvailabilityZone,
    AvailabilityZoneId: subnet.AvailabilityZoneId,
    // AWS reserves five addresses of every subnet; each network interface takes one more.
    AvailableIpAddressCount: size - 5 - usedAddresses(state, subnet.SubnetId).length,
    CidrBlock: subnet.CidrBlock,
    DefaultForAz: subnet.DefaultForAz,
    MapPublicIpOnLaunch: subnet.MapPublicIpOnLaunch,
    MapCustomerOwnedIpOnLaunch: false,
    State: 'available',
    SubnetId: subnet.SubnetId,
    VpcId: subnet.VpcId,
    OwnerId: ctx.accountId,
    AssignIpv6AddressOnCreation: false,
    Ipv6CidrBlockAssociationSet: [],
    ...tagsMember(state, subnet.SubnetId),
    SubnetArn: `arn:aws:ec2:${ctx.region}:${ctx.accountId}:subnet/${subnet.SubnetId}`,
    EnableDns64: false,
    Ipv6Native: false,
    PrivateDnsNameOptionsOnLaunch: {
      HostnameType: 'ip-name',
      EnableResourceNameDnsARecord: false,
      EnableResourceNameDnsAAAARecord: false,
    },
  };
}

function vpcHasDependencies(state: Ec2State, vpcId: string): boolean {
  return (
    Object.values(state.subnets).some((s) => s.VpcId === vpcId) ||
    Object.values(state.internetGateways).some((g) => g.Attachments.some((a) => a.VpcId === vpcId)) ||
    Object.values(state.routeTables).some((t) => t.VpcId === vpcId && !t.Associations.some((a) => a.Main)) ||
    Object.values(state.securityGroups).some((g) => g.VpcId === vpcId && g.GroupName !== 'default')
  );
}

export const vpcOperations: Record<string, Handler> = {
  CreateVpc(ctx, input) {
    const state = ec2State(ctx);
    if (input.CidrBlock === undefined) throw missingParameter('CidrBlock');
    const cidr = parseBlock(input.CidrBlock);
    if (cidr.prefix < 16 || cidr.prefix > 28) {
      throw new AwsError('InvalidVpc.Range', `The CIDR '${String(input.CidrBlock)}' is invalid.`);
    }
    const tenancy = String(input.InstanceTenancy ?? 'default');
    if (tenancy !== 'default' && tenancy !== 'dedicated') {
      throw invalidParameterValue(`Value (${tenancy}) for parameter instanceTenancy is invalid.`);
    }
    const vpc: VpcRecord = {
      VpcId: newId(ctx, 'vpc'),
      CidrBlock: formatCidr(cidr),
      CidrAssociationId: newId(ctx, 'vpc-cidr-assoc'),
      InstanceTenancy: tenancy,
      IsDefault: false,
      DhcpOptionsId: newId(ctx, 'dopt'),
      EnableDnsHostnames: false,
      EnableDnsSupport: true,
    };
    applyTagSpecifications(state, vpc.VpcId, input.TagSpecifications, 'vpc');
    addVpc(state, vpc, ctx.accountId, (prefix) => newId(ctx, prefix));
    return { Vpc: vpcView(ctx, state, vpc, 'pending') };
  },
  DescribeVpcs(ctx, input) {
    const state = ec2State(ctx);
    const ids = stringList(input.VpcIds);
    const missing = ids.filter((id) => !state.vpcs[id]);
    if (missing.length > 0) throw notFound('vpc', missing);
    const vpcs = Object.values(state.vpcs).filter((v) => ids.length === 0 || ids.includes(v.VpcId));
    const filtered = applyFilters(
      vpcs,
      input.Filters as Filter[] | undefined,
      {
        'vpc-id': (v) => v.VpcId,
        cidr: (v) => v.CidrBlock,
        'cidr-block-association.cidr-block': (v) => v.CidrBlock,
        'cidr-block-association.association-id': (v) => v.CidrAssociationId,
        'cidr-block-association.state': () => 'associated',
        state: () => 'available',
        'is-default': (v) => v.IsDefault,
        isDefault: (v) => v.IsDefault,
        'owner-id': () => ctx.accountId,
        'dhcp-options-id': (v) => v.DhcpOptionsId,
      },
      (v) => state.tags[v.VpcId],
    );
    const { page, NextToken } = paginate(filtered, input, { min: 5, max: 1000, cap: ctx.pageSize });
    return { Vpcs: page.map((v) => vpcView(ctx, state, v)), ...(NextToken ? { NextToken } : {}) };
  },
  DeleteVpc(ctx, input) {
    const state = ec2State(ctx);
    const vpc = getVpc(state, input.VpcId);
    if (vpcHasDependencies(state, vpc.VpcId)) {
      throw dependencyViolation(`The vpc '${vpc.VpcId}' has dependencies and cannot be deleted.`);
    }
    // The main route table and the default security group go with the VPC; peerings are deleted.
    for (const table of Object.values(state.routeTables)) {
      if (table.VpcId === vpc.VpcId) {
        delete state.routeTables[table.RouteTableId];
        delete state.tags[table.RouteTableId];
      }
    }
    for (const group of Object.values(state.securityGroups)) {
      if (group.VpcId === vpc.VpcId) {
        delete state.securityGroups[group.GroupId];
        delete state.tags[group.GroupId];
      }
    }
    for (const pcx of Object.values(state.peerings)) {
      if (
        (pcx.RequesterVpcId === vpc.VpcId || pcx.AccepterVpcId === vpc.VpcId) &&
        pcx.Status.Code === 'active'
      ) {
        pcx.Status = { Code: 'deleted', Message: `Deleted by ${ctx.accountId}` };
        pcx.StatusTime = ec2Now(ctx);
      }
    }
    delete state.vpcs[vpc.VpcId];
    delete state.tags[vpc.VpcId];
    if (state.defaultVpcId === vpc.VpcId) delete state.defaultVpcId;
    return {};
  },
  ModifyVpcAttribute(ctx, input) {
    const vpc = getVpc(ec2State(ctx), input.VpcId);
    const hostnames = bool(input.EnableDnsHostnames);
    const support = bool(input.EnableDnsSupport);
    if ((hostnames === undefined) === (support === undefined)) {
      throw invalidParameterValue(
        'Exactly one of EnableDnsHostnames and EnableDnsSupport must be specified.',
      );
    }
    if (hostnames !== undefined) vpc.EnableDnsHostnames = hostnames;
    if (support !== undefined) vpc.EnableDnsSupport = support;
    return {};
  },
  DescribeVpcAttribute(ctx, input) {
    const vpc = getVpc(ec2State(ctx), input.VpcId);
    const attribute = String(input.Attribute);
    if (attribute === 'enableDnsHostnames')
      return { VpcId: vpc.VpcId, EnableDnsHostnames: { Value: vpc.EnableDnsHostnames } };
    if (attribute === 'enableDnsSupport')
      return { VpcId: vpc.VpcId, EnableDnsSupport: { Value: vpc.EnableDnsSupport } };
    throw invalidParameterValue(`Value (${attribute}) for parameter attribute is invalid.`);
  },

  CreateSubnet(ctx, input) {
    const state = ec2State(ctx);
    const vpc = getVpc(state, input.VpcId);
    if (input.CidrBlock === undefined) throw missingParameter('CidrBlock');
    const cidr = parseBlock(input.CidrBlock);
    const vpcCidr = parseCidr(vpc.CidrBlock)!;
    if (cidr.prefix < 16 || cidr.prefix > 28 || !cidrWithin(cidr, vpcCidr)) {
      throw new AwsError('InvalidSubnet.Range', `The CIDR '${String(input.CidrBlock)}' is invalid.`);
    }
    for (const other of Object.values(state.subnets)) {
      if (other.VpcId === vpc.VpcId && cidrsOverlap(cidr, parseCidr(other.CidrBlock)!)) {
        throw new AwsError(
          'InvalidSubnet.Conflict',
          `The CIDR '${String(input.CidrBlock)}' conflicts with another subnet`,
        );
      }
    }
    const zones = zonesOf(ctx.region);
    let zone: [string, string] | undefined;
    if (input.AvailabilityZone !== undefined || input.AvailabilityZoneId !== undefined) {
      zone = zones.find(([name, id]) => name === input.AvailabilityZone || id === input.AvailabilityZoneId);
      if (!zone) {
        throw invalidParameterValue(
          `Value (${String(input.AvailabilityZone ?? input.AvailabilityZoneId)}) for parameter availabilityZone is invalid. Subnets can currently only be created in the following availability zones: ${zones.map(([n]) => n).join(', ')}.`,
        );
      }
    } else {
      zone = zones[ctx.rng.int(0, zones.length - 1)]!;
    }
    const subnet: SubnetRecord = {
      SubnetId: newId(ctx, 'subnet'),
      VpcId: vpc.VpcId,
      CidrBlock: formatCidr(cidr),
      AvailabilityZone: zone[0],
      AvailabilityZoneId: zone[1],
      MapPublicIpOnLaunch: false,
      DefaultForAz: false,
    };
    applyTagSpecifications(state, subnet.SubnetId, input.TagSpecifications, 'subnet');
    state.subnets[subnet.SubnetId] = subnet;
    return { Subnet: { ...subnetView(ctx, state, subnet), State: 'available' } };
  },
  DescribeSubnets(ctx, input) {
    const state = ec2State(ctx);
    const ids = stringList(input.SubnetIds);
    const missing = ids.filter((id) => !state.subnets[id]);
    if (missing.length > 0) throw notFound('subnet', missing);
    const subnets = Object.values(state.subnets).filter((s) => ids.length === 0 || ids.includes(s.SubnetId));
    const views = subnets.map((s) => subnetView(ctx, state, s));
    const filtered = applyFilters(
      views,
      input.Filters as Filter[] | undefined,
      {
        'subnet-id': (s) => s.SubnetId,
        'vpc-id': (s) => s.VpcId,
        vpcId: (s) => s.VpcId,
        'cidr-block': (s) => s.CidrBlock,
        cidr: (s) => s.CidrBlock,
        cidrBlock: (s) => s.CidrBlock,
        'availability-zone': (s) => s.AvailabilityZone,
        availabilityZone: (s) => s.AvailabilityZone,
        'availability-zone-id': (s) => s.AvailabilityZoneId,
        'available-ip-address-count': (s) => s.AvailableIpAddressCount,
        'default-for-az': (s) => s.DefaultForAz,
        defaultForAz: (s) => s.DefaultForAz,
        'map-public-ip-on-launch': (s) => s.MapPublicIpOnLaunch,
        'owner-id': (s) => s.OwnerId,
        state: (s) => s.State,
        'subnet-arn': (s) => s.SubnetArn,
      },
      (s) => state.tags[s.SubnetId],
    );
    const { page, NextToken } = paginate(filtered, input, { min: 5, max: 1000, cap: ctx.pageSize });
    return { Subnets: page, ...(NextToken ? { NextToken } : {}) };
  },
  DeleteSubnet(ctx, input) {
    const state = ec2State(ctx);
    const subnet = getSubnet(state, input.SubnetId);
    if (usedAddresses(state, subnet.SubnetId).length > 0) {
      throw dependencyViolation(`The subnet '${subnet.SubnetId}' has dependencies and cannot be deleted.`);
    }
    for (const table of Object.values(state.routeTables)) {
      table.Associations = table.Associations.filter((a) => a.SubnetId !== subnet.SubnetId);
    }
    delete state.subnets[subnet.SubnetId];
    delete state.tags[subnet.SubnetId];
    return {};
  },
  ModifySubnetAttribute(ctx, input) {
    const subnet = getSubnet(ec2State(ctx), input.SubnetId);
    const map = bool(input.MapPublicIpOnLaunch);
    if (map === undefined) throw missingParameter('MapPublicIpOnLaunch');
    subnet.MapPublicIpOnLaunch = map;
    return {};
  },
};
