import fc from 'fast-check';
import { cidrSize, formatCidr, formatIp, parseCidr } from '../cidr';
import type {
  InstanceLike,
  IpPermissionLike,
  NetworkSnapshot,
  RouteLike,
  SecurityGroupLike,
} from '../snapshot';

/**
 * Random networks for the property tests: VPCs with distinct second octets (10.X.…), so no two overlap, as
 * AWS requires of peered VPCs; one subnet and one instance per VPC; routes, peerings and security groups as
 * each test asks. Ids are derived from the VPC's index: vpc-0, subnet-0, rtb-0, sg-0, i-0, igw-0.
 */
export interface VpcPlan {
  cidr: string;
  subnet: string;
  /** The instance's private address, never one of the five AWS reserves in a subnet. */
  ip: string;
}

function vpcPlan(secondOctet: number): fc.Arbitrary<VpcPlan> {
  return fc
    .record({
      prefix: fc.integer({ min: 16, max: 24 }),
      third: fc.integer({ min: 0, max: 255 }),
      extra: fc.integer({ min: 0, max: 4 }),
      slot: fc.nat(),
      host: fc.nat(),
    })
    .map(({ prefix, third, extra, slot, host }) => {
      const vpc = parseCidr(`10.${secondOctet}.${third}.0/${prefix}`)!;
      const subnetPrefix = Math.min(28, prefix + extra);
      const subnetSize = 2 ** (32 - subnetPrefix);
      const slots = cidrSize(vpc) / subnetSize;
      const subnet = { network: vpc.network + (slot % slots) * subnetSize, prefix: subnetPrefix };
      // AWS reserves the first four addresses and the last one of every subnet.
      const ip = subnet.network + 4 + (host % (subnetSize - 5));
      return { cidr: formatCidr(vpc), subnet: formatCidr(subnet), ip: formatIp(ip) };
    });
}

/** `count` VPCs that do not overlap. */
export function vpcPlans(count: number): fc.Arbitrary<VpcPlan[]> {
  return fc
    .uniqueArray(fc.integer({ min: 0, max: 255 }), { minLength: count, maxLength: count })
    .chain((octets) => fc.tuple(...octets.map(vpcPlan)));
}

export const ALL_TRAFFIC: IpPermissionLike = { IpProtocol: '-1', IpRanges: [{ CidrIp: '0.0.0.0/0' }] };

export const pcxId = (a: number, b: number) => `pcx-${Math.min(a, b)}${Math.max(a, b)}`;

export interface NetworkOptions {
  /** Peered VPC index pairs, with the peering's status (default active). */
  peerings?: { between: [number, number]; status?: string }[];
  /** Per VPC, the routes besides `local`. */
  routes?: RouteLike[][];
  /** Per VPC, its security group's rules (default: everything both ways). */
  groups?: Partial<Pick<SecurityGroupLike, 'IpPermissions' | 'IpPermissionsEgress'>>[];
}

/** The snapshot of the planned VPCs, as describe-* calls would return it. */
export function buildNetwork(plans: VpcPlan[], options: NetworkOptions = {}): NetworkSnapshot {
  const instance = (plan: VpcPlan, i: number): InstanceLike => ({
    InstanceId: `i-${i}`,
    PrivateIpAddress: plan.ip,
    SubnetId: `subnet-${i}`,
    VpcId: `vpc-${i}`,
    State: { Name: 'running' },
    SecurityGroups: [{ GroupId: `sg-${i}` }],
  });
  return {
    Instances: plans.map(instance),
    Vpcs: plans.map((plan, i) => ({ VpcId: `vpc-${i}`, CidrBlock: plan.cidr })),
    Subnets: plans.map((plan, i) => ({ SubnetId: `subnet-${i}`, VpcId: `vpc-${i}`, CidrBlock: plan.subnet })),
    RouteTables: plans.map((plan, i) => ({
      RouteTableId: `rtb-${i}`,
      VpcId: `vpc-${i}`,
      Associations: [{ SubnetId: `subnet-${i}`, Main: false, AssociationState: { State: 'associated' } }],
      Routes: [
        { DestinationCidrBlock: plan.cidr, GatewayId: 'local', State: 'active' },
        ...(options.routes?.[i] ?? []),
      ],
    })),
    SecurityGroups: plans.map((_, i) => ({
      GroupId: `sg-${i}`,
      VpcId: `vpc-${i}`,
      IpPermissions: options.groups?.[i]?.IpPermissions ?? [ALL_TRAFFIC],
      IpPermissionsEgress: options.groups?.[i]?.IpPermissionsEgress ?? [ALL_TRAFFIC],
    })),
    VpcPeeringConnections: (options.peerings ?? []).map(({ between: [a, b], status }) => ({
      VpcPeeringConnectionId: pcxId(a, b),
      Status: { Code: status ?? 'active' },
      RequesterVpcInfo: { VpcId: `vpc-${a}`, CidrBlock: plans[a]!.cidr },
      AccepterVpcInfo: { VpcId: `vpc-${b}`, CidrBlock: plans[b]!.cidr },
    })),
    InternetGateways: plans.map((_, i) => ({
      InternetGatewayId: `igw-${i}`,
      Attachments: [{ VpcId: `vpc-${i}`, State: 'available' }],
    })),
  };
}

/** A route to another VPC's range over a peering. */
export const peeringRoute = (plans: VpcPlan[], to: number, pcx: string): RouteLike => ({
  DestinationCidrBlock: plans[to]!.cidr,
  VpcPeeringConnectionId: pcx,
  State: 'active',
});

export const defaultRoute = (i: number): RouteLike => ({
  DestinationCidrBlock: '0.0.0.0/0',
  GatewayId: `igw-${i}`,
  State: 'active',
});
