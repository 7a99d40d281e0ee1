import { cidrContains, parseCidr, parseIp } from './cidr';
import type { NetworkSnapshot, RouteLike, RouteTableLike, VpcPeeringConnectionLike } from './snapshot';

/** The table that routes a subnet's traffic: its explicit association, else its VPC's main table. */
export function routeTableForSubnet(
  snapshot: NetworkSnapshot,
  subnetId: string,
  vpcId: string,
): { table: RouteTableLike; how: 'explicit' | 'main' } | undefined {
  const live = (state: string | undefined) => state === undefined || state === 'associated';
  for (const table of snapshot.RouteTables) {
    if (table.Associations?.some((a) => a.SubnetId === subnetId && live(a.AssociationState?.State))) {
      return { table, how: 'explicit' };
    }
  }
  for (const table of snapshot.RouteTables) {
    if (table.VpcId === vpcId && table.Associations?.some((a) => a.Main === true))
      return { table, how: 'main' };
  }
  return undefined;
}

/** Longest prefix match over the table's IPv4 routes. */
export function longestPrefixMatch(table: RouteTableLike, ip: string): RouteLike | undefined {
  const address = parseIp(ip);
  if (address === undefined) return undefined;
  let best: { route: RouteLike; prefix: number } | undefined;
  for (const route of table.Routes ?? []) {
    const cidr = route.DestinationCidrBlock ? parseCidr(route.DestinationCidrBlock) : undefined;
    if (!cidr || !cidrContains(cidr, address)) continue;
    if (!best || cidr.prefix > best.prefix) best = { route, prefix: cidr.prefix };
  }
  return best?.route;
}

export function routeTarget(route: RouteLike): string {
  return (
    route.VpcPeeringConnectionId ??
    route.GatewayId ??
    route.NatGatewayId ??
    route.TransitGatewayId ??
    route.NetworkInterfaceId ??
    route.InstanceId ??
    '?'
  );
}

/** Every IPv4 range a VPC is known to have, from the Vpcs list, peering infos and subnets. */
export function vpcCidrs(snapshot: NetworkSnapshot, vpcId: string): string[] {
  const found = new Set<string>();
  for (const vpc of snapshot.Vpcs ?? []) {
    if (vpc.VpcId !== vpcId) continue;
    if (vpc.CidrBlock) found.add(vpc.CidrBlock);
    for (const a of vpc.CidrBlockAssociationSet ?? []) if (a.CidrBlock) found.add(a.CidrBlock);
  }
  for (const pcx of snapshot.VpcPeeringConnections ?? []) {
    for (const info of [pcx.RequesterVpcInfo, pcx.AccepterVpcInfo]) {
      if (info?.VpcId !== vpcId) continue;
      if (info.CidrBlock) found.add(info.CidrBlock);
      for (const c of info.CidrBlockSet ?? []) if (c.CidrBlock) found.add(c.CidrBlock);
    }
  }
  for (const table of snapshot.RouteTables) {
    if (table.VpcId !== vpcId) continue;
    for (const route of table.Routes ?? []) {
      if (route.GatewayId === 'local' && route.DestinationCidrBlock) found.add(route.DestinationCidrBlock);
    }
  }
  if (found.size === 0) {
    for (const subnet of snapshot.Subnets)
      if (subnet.VpcId === vpcId && subnet.CidrBlock) found.add(subnet.CidrBlock);
  }
  return [...found];
}

export function vpcContainsIp(snapshot: NetworkSnapshot, vpcId: string, ip: string): boolean {
  const address = parseIp(ip);
  if (address === undefined) return false;
  return vpcCidrs(snapshot, vpcId).some((text) => {
    const cidr = parseCidr(text);
    return cidr !== undefined && cidrContains(cidr, address);
  });
}

export function findPeering(snapshot: NetworkSnapshot, id: string): VpcPeeringConnectionLike | undefined {
  return snapshot.VpcPeeringConnections?.find((p) => p.VpcPeeringConnectionId === id);
}

/** The VPC on the other side of a peering from `vpcId`, or undefined when `vpcId` is not one of its ends. */
export function otherSide(pcx: VpcPeeringConnectionLike, vpcId: string): string | undefined {
  const requester = pcx.RequesterVpcInfo?.VpcId;
  const accepter = pcx.AccepterVpcInfo?.VpcId;
  if (requester === vpcId) return accepter;
  if (accepter === vpcId) return requester;
  return undefined;
}

export function igwAttachedTo(snapshot: NetworkSnapshot, igwId: string, vpcId: string): boolean {
  if (!snapshot.InternetGateways) return true;
  const igw = snapshot.InternetGateways.find((g) => g.InternetGatewayId === igwId);
  return (
    igw?.Attachments?.some((a) => a.VpcId === vpcId && (a.State === 'available' || a.State === 'attached')) ??
    false
  );
}
