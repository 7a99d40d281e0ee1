import { cidrTextContains } from './cidr';
import type { IpPermissionLike, SecurityGroupLike } from './snapshot';

export type Protocol = 'tcp' | 'udp' | 'icmp';

/** What a packet looks like to a security group rule. */
export interface Flow {
  protocol: Protocol;
  /** TCP/UDP destination port, or the ICMP type (8 = echo request). */
  port: number;
  /** ICMP code. */
  code?: number;
}

const PROTOCOL_NUMBERS: Record<string, Protocol> = { '6': 'tcp', '17': 'udp', '1': 'icmp' };

function ruleProtocol(value: string | undefined): Protocol | 'all' | undefined {
  if (value === undefined) return undefined;
  const lower = value.toLowerCase();
  if (lower === '-1' || lower === 'all') return 'all';
  if (lower === 'tcp' || lower === 'udp' || lower === 'icmp') return lower;
  return PROTOCOL_NUMBERS[lower];
}

/** Whether the permission's protocol and port range cover the flow. */
export function permissionMatchesFlow(permission: IpPermissionLike, flow: Flow): boolean {
  const protocol = ruleProtocol(permission.IpProtocol);
  if (protocol === 'all') return true;
  if (protocol !== flow.protocol) return false;
  const from = permission.FromPort ?? -1;
  const to = permission.ToPort ?? -1;
  if (flow.protocol === 'icmp') {
    // For ICMP the model puts the type in FromPort and the code in ToPort; -1 means any.
    return (from === -1 || from === flow.port) && (to === -1 || to === (flow.code ?? 0));
  }
  if (from === -1 && to === -1) return true;
  return flow.port >= from && flow.port <= to;
}

/** The other end of a flow as a rule sees it: its address and the groups it belongs to. */
export interface Peer {
  ip: string;
  groupIds: string[];
}

export interface RuleMatch {
  groupId: string;
  /** A short description of the matching rule, e.g. `tcp 51512 from 0.0.0.0/0`. */
  rule: string;
}

function describePorts(permission: IpPermissionLike): string {
  const protocol = ruleProtocol(permission.IpProtocol);
  if (protocol === 'all') return 'all traffic';
  const from = permission.FromPort;
  const to = permission.ToPort;
  if (from === undefined || from === -1) return `${protocol} (all)`;
  return from === to ? `${protocol} ${from}` : `${protocol} ${from}-${to}`;
}

/** Finds the first rule in any of the groups that lets the flow to/from `peer`. */
export function findAllowingRule(
  groups: SecurityGroupLike[],
  direction: 'ingress' | 'egress',
  flow: Flow,
  peer: Peer,
): RuleMatch | undefined {
  for (const group of groups) {
    const permissions = (direction === 'ingress' ? group.IpPermissions : group.IpPermissionsEgress) ?? [];
    for (const permission of permissions) {
      if (!permissionMatchesFlow(permission, flow)) continue;
      const word = direction === 'ingress' ? 'from' : 'to';
      for (const range of permission.IpRanges ?? []) {
        if (range.CidrIp && cidrTextContains(range.CidrIp, peer.ip)) {
          return {
            groupId: group.GroupId ?? '?',
            rule: `${describePorts(permission)} ${word} ${range.CidrIp}`,
          };
        }
      }
      for (const pair of permission.UserIdGroupPairs ?? []) {
        if (pair.GroupId && peer.groupIds.includes(pair.GroupId)) {
          return {
            groupId: group.GroupId ?? '?',
            rule: `${describePorts(permission)} ${word} ${pair.GroupId}`,
          };
        }
      }
    }
  }
  return undefined;
}
