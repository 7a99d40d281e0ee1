import { stableId } from './ids';
import type {
  Ec2State,
  RouteTableRecord,
  SecurityGroupRecord,
  SecurityGroupRuleRecord,
  VpcRecord,
} from './records';
import { zonesOf } from './regions';

/** Makes ids: random for resources users create, stable for the default VPC and its companions. */
export type IdMaker = (prefix: string, what: string) => string;

/** A VPC's main route table with its local route. */
export function mainRouteTable(vpc: VpcRecord, id: IdMaker): RouteTableRecord {
  const RouteTableId = id('rtb', 'main-rtb');
  return {
    RouteTableId,
    VpcId: vpc.VpcId,
    Routes: [{ DestinationCidrBlock: vpc.CidrBlock, GatewayId: 'local', Origin: 'CreateRouteTable' }],
    Associations: [{ RouteTableAssociationId: id('rtbassoc', 'main-assoc'), Main: true }],
  };
}

/** The rule every new security group starts with: all traffic out. */
export function allowAllEgress(id: string): SecurityGroupRuleRecord {
  return { SecurityGroupRuleId: id, IsEgress: true, IpProtocol: '-1', CidrIpv4: '0.0.0.0/0' };
}

/** A VPC's `default` group: all traffic from members of the group itself, all traffic out. */
export function defaultSecurityGroup(vpc: VpcRecord, accountId: string, id: IdMaker): SecurityGroupRecord {
  const GroupId = id('sg', 'default-sg');
  return {
    GroupId,
    GroupName: 'default',
    Description: 'default VPC security group',
    VpcId: vpc.VpcId,
    Rules: [
      {
        SecurityGroupRuleId: id('sgr', 'default-sg-ingress'),
        IsEgress: false,
        IpProtocol: '-1',
        ReferencedGroupId: GroupId,
        ReferencedUserId: accountId,
      },
      allowAllEgress(id('sgr', 'default-sg-egress')),
    ],
  };
}

/** Adds a VPC with its main route table and default security group. */
export function addVpc(state: Ec2State, vpc: VpcRecord, accountId: string, id: IdMaker): void {
  state.vpcs[vpc.VpcId] = vpc;
  const rtb = mainRouteTable(vpc, id);
  state.routeTables[rtb.RouteTableId] = rtb;
  const sg = defaultSecurityGroup(vpc, accountId, id);
  state.securityGroups[sg.GroupId] = sg;
}

/**
 * Every region has a default VPC: 172.31.0.0/16, a /20 default subnet per Availability Zone that gives public
 * addresses, an attached internet gateway and a main route table sending 0.0.0.0/0 to it.
 */
export function createDefaultNetwork(state: Ec2State, accountId: string, region: string): void {
  const id: IdMaker = (prefix, what) => stableId(prefix, accountId, region, 'default-vpc', what);
  const vpc: VpcRecord = {
    VpcId: id('vpc', 'vpc'),
    CidrBlock: '172.31.0.0/16',
    CidrAssociationId: id('vpc-cidr-assoc', 'cidr'),
    InstanceTenancy: 'default',
    IsDefault: true,
    DhcpOptionsId: id('dopt', 'dopt'),
    EnableDnsHostnames: true,
    EnableDnsSupport: true,
  };
  addVpc(state, vpc, accountId, id);
  state.defaultVpcId = vpc.VpcId;
  // The same /20s AWS hands out, in its order: the first zone gets 172.31.32.0/20, then .0, .16, .48, …
  const blocks = [
    '172.31.32.0/20',
    '172.31.0.0/20',
    '172.31.16.0/20',
    '172.31.48.0/20',
    '172.31.64.0/20',
    '172.31.80.0/20',
  ];
  zonesOf(region).forEach(([zone, zoneId], index) => {
    const SubnetId = id('subnet', zone);
    state.subnets[SubnetId] = {
      SubnetId,
      VpcId: vpc.VpcId,
      CidrBlock: blocks[index] ?? `172.31.${index * 16}.0/20`,
      AvailabilityZone: zone,
      AvailabilityZoneId: zoneId,
      MapPublicIpOnLaunch: true,
      DefaultForAz: true,
    };
  });
  const igw = id('igw', 'igw');
  state.internetGateways[igw] = { InternetGatewayId: igw, Attachments: [{ VpcId: vpc.VpcId }] };
  const main = Object.values(state.routeTables).find((t) => t.VpcId === vpc.VpcId)!;
  main.Routes.push({ DestinationCidrBlock: '0.0.0.0/0', GatewayId: igw, Origin: 'CreateRoute' });
}
