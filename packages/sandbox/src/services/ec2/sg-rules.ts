import { parseCidr } from '@handson/dataplane';
import { AwsError, type RequestContext } from '../../core/types';
import { type Input, invalidParameterValue } from './errors';
import { newId } from './ids';
import type { Ec2State, SecurityGroupRecord, SecurityGroupRuleRecord } from './state';

/** Security group rules: one record per address range or group, grouped back into IpPermissions for output. */

const PROTOCOLS: Record<string, string> = {
  tcp: 'tcp',
  '6': 'tcp',
  udp: 'udp',
  '17': 'udp',
  icmp: 'icmp',
  '1': 'icmp',
  icmpv6: 'icmpv6',
  '58': 'icmpv6',
  '-1': '-1',
  all: '-1',
};

export function normalizeProtocol(value: unknown): string {
  const text = String(value ?? '').toLowerCase();
  const known = PROTOCOLS[text];
  if (known) return known;
  if (/^\d+$/.test(text) && Number(text) <= 255) return text;
  throw invalidParameterValue(`Invalid value '${String(value)}' for IP protocol. Unknown protocol.`);
}

type RuleShape = Omit<SecurityGroupRuleRecord, 'SecurityGroupRuleId'>;

interface PermissionInput {
  IpProtocol?: string;
  FromPort?: number;
  ToPort?: number;
  IpRanges?: { CidrIp?: string; Description?: string }[];
  Ipv6Ranges?: { CidrIpv6?: string; Description?: string }[];
  UserIdGroupPairs?: { GroupId?: string; GroupName?: string; UserId?: string; Description?: string }[];
  PrefixListIds?: { PrefixListId?: string }[];
}

function ports(protocol: string, from: unknown, to: unknown): { FromPort?: number; ToPort?: number } {
  if (protocol === '-1') return {};
  const f = from === undefined || from === null ? undefined : Number(from);
  const t = to === undefined || to === null ? undefined : Number(to);
  if (protocol === 'tcp' || protocol === 'udp') {
    if (f === undefined || t === undefined) {
      throw invalidParameterValue(
        `Invalid value 'null' for portRange. Must specify both from and to ports with TCP/UDP.`,
      );
    }
    if (f < 0 || t > 65535 || f > t) {
      throw invalidParameterValue(
        `Invalid value '${f}-${t}' for portRange. Must be a range from 0 to 65535.`,
      );
    }
    return { FromPort: f, ToPort: t };
  }
  if (protocol === 'icmp' || protocol === 'icmpv6') return { FromPort: f ?? -1, ToPort: t ?? -1 };
  return {};
}

/**
 * The rules an Authorize/Revoke request describes: its IpPermissions, or the older top-level members
 * (IpProtocol, FromPort, ToPort, CidrIp, SourceSecurityGroupName) the query API also accepts.
 */
export function requestedRules(
  ctx: RequestContext,
  state: Ec2State,
  group: SecurityGroupRecord,
  input: Input,
  isEgress: boolean,
): RuleShape[] {
  let permissions = (input.IpPermissions ?? []) as PermissionInput[];
  if (
    permissions.length === 0 &&
    (input.IpProtocol !== undefined ||
      input.CidrIp !== undefined ||
      input.SourceSecurityGroupName !== undefined)
  ) {
    permissions = [
      {
        IpProtocol: input.IpProtocol ?? '-1',
        FromPort: input.FromPort,
        ToPort: input.ToPort,
        ...(input.CidrIp !== undefined ? { IpRanges: [{ CidrIp: input.CidrIp }] } : {}),
        ...(input.SourceSecurityGroupName !== undefined
          ? {
              UserIdGroupPairs: [
                { GroupName: input.SourceSecurityGroupName, UserId: input.SourceSecurityGroupOwnerId },
              ],
            }
          : {}),
      },
    ];
  }
  if (permissions.length === 0)
    throw new AwsError('MissingParameter', 'The request must contain the parameter ipPermissions');
  const rules: RuleShape[] = [];
  for (const permission of permissions) {
    if (permission.IpProtocol === undefined)
      throw new AwsError('MissingParameter', 'The request must contain the parameter ipProtocol');
    const IpProtocol = normalizeProtocol(permission.IpProtocol);
    const range = ports(IpProtocol, permission.FromPort, permission.ToPort);
    const base = { IsEgress: isEgress, IpProtocol, ...range };
    const before = rules.length;
    for (const r of permission.IpRanges ?? []) {
      const cidr = r.CidrIp ? parseCidr(r.CidrIp) : undefined;
      if (!cidr) throw invalidParameterValue(`CIDR block ${String(r.CidrIp)} is malformed`);
      rules.push({ ...base, CidrIpv4: r.CidrIp!, ...(r.Description ? { Description: r.Description } : {}) });
    }
    for (const r of permission.Ipv6Ranges ?? []) {
      if (!r.CidrIpv6?.includes(':'))
        throw invalidParameterValue(`CIDR block ${String(r.CidrIpv6)} is malformed`);
      rules.push({ ...base, CidrIpv6: r.CidrIpv6, ...(r.Description ? { Description: r.Description } : {}) });
    }
    for (const pair of permission.UserIdGroupPairs ?? []) {
      const referenced = pair.GroupId
        ? state.securityGroups[pair.GroupId]
        : Object.values(state.securityGroups).find(
            (g) => g.GroupName === pair.GroupName && g.VpcId === group.VpcId,
          );
      if (!referenced)
        throw new AwsError(
          'InvalidGroup.NotFound',
          `The security group '${pair.GroupId ?? pair.GroupName}' does not exist`,
        );
      rules.push({
        ...base,
        ReferencedGroupId: referenced.GroupId,
        ReferencedUserId: pair.UserId ?? ctx.accountId,
        ...(pair.Description ? { Description: pair.Description } : {}),
      });
    }
    if ((permission.PrefixListIds ?? []).length > 0) {
      throw new AwsError('UnsupportedOperation', 'Prefix lists are not modelled by the sandbox.');
    }
    if (rules.length === before) {
      throw invalidParameterValue(
        'The request must specify an IP range or a source security group for each permission.',
      );
    }
  }
  return rules;
}

function sameRule(a: RuleShape, b: RuleShape): boolean {
  return (
    a.IsEgress === b.IsEgress &&
    a.IpProtocol === b.IpProtocol &&
    (a.FromPort ?? -1) === (b.FromPort ?? -1) &&
    (a.ToPort ?? -1) === (b.ToPort ?? -1) &&
    a.CidrIpv4 === b.CidrIpv4 &&
    a.CidrIpv6 === b.CidrIpv6 &&
    a.ReferencedGroupId === b.ReferencedGroupId
  );
}

function describeRule(rule: RuleShape): string {
  const peer = rule.CidrIpv4 ?? rule.CidrIpv6 ?? rule.ReferencedGroupId;
  if (rule.IpProtocol === '-1') return `peer: ${peer}, ALL, ALLOW`;
  const proto = rule.IpProtocol.toUpperCase();
  return `peer: ${peer}, ${proto}, from port: ${rule.FromPort ?? -1}, to port: ${rule.ToPort ?? -1}, ALLOW`;
}

export function addRules(
  ctx: RequestContext,
  group: SecurityGroupRecord,
  rules: RuleShape[],
): SecurityGroupRuleRecord[] {
  for (const [index, rule] of rules.entries()) {
    if (group.Rules.some((r) => sameRule(r, rule)) || rules.slice(0, index).some((r) => sameRule(r, rule))) {
      throw new AwsError(
        'InvalidPermission.Duplicate',
        `the specified rule "${describeRule(rule)}" already exists`,
      );
    }
  }
  const added = rules.map((rule) => ({ SecurityGroupRuleId: newId(ctx, 'sgr'), ...rule }));
  group.Rules.push(...added);
  return added;
}

/** Removes the matching rules; returns the removed ones and the requested rules that matched nothing. */
export function removeRules(
  group: SecurityGroupRecord,
  rules: RuleShape[],
): { removed: SecurityGroupRuleRecord[]; unknown: RuleShape[] } {
  const removed: SecurityGroupRuleRecord[] = [];
  const unknown: RuleShape[] = [];
  for (const rule of rules) {
    const found = group.Rules.find((r) => sameRule(r, rule));
    if (found) removed.push(found);
    else unknown.push(rule);
  }
  group.Rules = group.Rules.filter((r) => !removed.includes(r));
  return { removed, unknown };
}

export function ruleView(
  ctx: RequestContext,
  state: Ec2State,
  group: SecurityGroupRecord,
  rule: SecurityGroupRuleRecord,
) {
  return {
    SecurityGroupRuleId: rule.SecurityGroupRuleId,
    GroupId: group.GroupId,
    GroupOwnerId: ctx.accountId,
    IsEgress: rule.IsEgress,
    IpProtocol: rule.IpProtocol,
    FromPort: rule.FromPort ?? -1,
    ToPort: rule.ToPort ?? -1,
    ...(rule.CidrIpv4 ? { CidrIpv4: rule.CidrIpv4 } : {}),
    ...(rule.CidrIpv6 ? { CidrIpv6: rule.CidrIpv6 } : {}),
    ...(rule.ReferencedGroupId
      ? {
          ReferencedGroupInfo: {
            GroupId: rule.ReferencedGroupId,
            UserId: rule.ReferencedUserId ?? ctx.accountId,
          },
        }
      : {}),
    ...(rule.Description ? { Description: rule.Description } : {}),
    Tags: state.tags[rule.SecurityGroupRuleId]?.map((t) => ({ ...t })) ?? [],
  };
}

/** Rules grouped into IpPermissions by protocol and port range, in the order they were added. */
export function permissionsView(rules: RuleShape[]) {
  const out: {
    key: string;
    permission: {
      FromPort?: number;
      IpProtocol: string;
      IpRanges: { CidrIp: string; Description?: string }[];
      Ipv6Ranges: { CidrIpv6: string; Description?: string }[];
      PrefixListIds: never[];
      ToPort?: number;
      UserIdGroupPairs: { Description?: string; GroupId: string; UserId: string }[];
    };
  }[] = [];
  for (const rule of rules) {
    const key = `${rule.IpProtocol}/${rule.FromPort ?? ''}/${rule.ToPort ?? ''}`;
    let entry = out.find((e) => e.key === key);
    if (!entry) {
      entry = {
        key,
        permission: {
          ...(rule.FromPort !== undefined ? { FromPort: rule.FromPort } : {}),
          IpProtocol: rule.IpProtocol,
          IpRanges: [],
          Ipv6Ranges: [],
          PrefixListIds: [],
          ...(rule.ToPort !== undefined ? { ToPort: rule.ToPort } : {}),
          UserIdGroupPairs: [],
        },
      };
      out.push(entry);
    }
    const description = rule.Description ? { Description: rule.Description } : {};
    if (rule.CidrIpv4) entry.permission.IpRanges.push({ CidrIp: rule.CidrIpv4, ...description });
    if (rule.CidrIpv6) entry.permission.Ipv6Ranges.push({ CidrIpv6: rule.CidrIpv6, ...description });
    if (rule.ReferencedGroupId) {
      entry.permission.UserIdGroupPairs.push({
        ...description,
        GroupId: rule.ReferencedGroupId,
        UserId: rule.ReferencedUserId ?? '',
      });
    }
  }
  return out.map((e) => e.permission);
}
