/** Security groups and their rules (inline and as separate resources). */
import { ResourceFailure } from '../engine';
import { call, compact, num, tagSpecifications } from './common';
import { tagOnlyUpdate } from './ec2-network';
import type { Props, ProviderRegistry, ProvisionContext, ResourceProvider } from './types';

const ec2 = (p: ProvisionContext, op: string, input: Record<string, unknown>) => call(p, 'ec2', op, input);

type Rule = Props;

/** A CloudFormation ingress/egress rule as an EC2 IpPermission. */
export function ipPermission(rule: Rule, direction: 'ingress' | 'egress'): Record<string, unknown> {
  const protocol = String(rule.IpProtocol ?? '');
  if (protocol === '') throw new ResourceFailure('Property IpProtocol cannot be empty.');
  const allPorts = protocol === '-1' || protocol.toLowerCase() === 'all';
  const perm: Record<string, unknown> = compact({
    IpProtocol: protocol,
    FromPort: allPorts ? undefined : num(rule.FromPort),
    ToPort: allPorts ? undefined : num(rule.ToPort),
  });
  const description = rule.Description === undefined ? {} : { Description: String(rule.Description) };
  if (rule.CidrIp !== undefined) perm.IpRanges = [{ CidrIp: rule.CidrIp, ...description }];
  if (rule.CidrIpv6 !== undefined) perm.Ipv6Ranges = [{ CidrIpv6: rule.CidrIpv6, ...description }];
  const groupId = direction === 'ingress' ? rule.SourceSecurityGroupId : rule.DestinationSecurityGroupId;
  const groupName = direction === 'ingress' ? rule.SourceSecurityGroupName : undefined;
  if (groupId !== undefined || groupName !== undefined) {
    perm.UserIdGroupPairs = [
      compact({
        GroupId: groupId,
        GroupName: groupName,
        UserId: rule.SourceSecurityGroupOwnerId,
        ...description,
      }),
    ];
  }
  const prefixList = direction === 'ingress' ? rule.SourcePrefixListId : rule.DestinationPrefixListId;
  if (prefixList !== undefined) perm.PrefixListIds = [{ PrefixListId: prefixList, ...description }];
  if (!perm.IpRanges && !perm.Ipv6Ranges && !perm.UserIdGroupPairs && !perm.PrefixListIds) {
    throw new ResourceFailure(
      `A security group ${direction} rule needs one of CidrIp, CidrIpv6, ${direction === 'ingress' ? 'SourceSecurityGroupId, SourceSecurityGroupName, SourcePrefixListId' : 'DestinationSecurityGroupId, DestinationPrefixListId'}.`,
    );
  }
  return perm;
}

const ALL_EGRESS = { IpProtocol: '-1', IpRanges: [{ CidrIp: '0.0.0.0/0' }] };

async function applyRules(p: ProvisionContext, groupId: string, props: Rule, hasVpc: boolean) {
  const ingress = ((props.SecurityGroupIngress as Rule[] | undefined) ?? []).map((r) =>
    ipPermission(r, 'ingress'),
  );
  if (ingress.length > 0)
    await ec2(p, 'AuthorizeSecurityGroupIngress', { GroupId: groupId, IpPermissions: ingress });
  if (hasVpc && props.SecurityGroupEgress !== undefined) {
    const egress = (props.SecurityGroupEgress as Rule[]).map((r) => ipPermission(r, 'egress'));
    // Like CloudFormation: an explicit egress list replaces the default allow-all rule.
    await ec2(p, 'RevokeSecurityGroupEgress', { GroupId: groupId, IpPermissions: [ALL_EGRESS] });
    if (egress.length > 0)
      await ec2(p, 'AuthorizeSecurityGroupEgress', { GroupId: groupId, IpPermissions: egress });
  }
}

const securityGroup: ResourceProvider = {
  async create(p, props) {
    const name = props.GroupName ?? p.physicalName(255);
    const out = await ec2(p, 'CreateSecurityGroup', {
      GroupName: name,
      Description: props.GroupDescription,
      VpcId: props.VpcId,
      TagSpecifications: tagSpecifications(p, 'security-group', props.Tags),
    });
    const groupId = out.GroupId as string;
    const described = await ec2(p, 'DescribeSecurityGroups', { GroupIds: [groupId] });
    const vpcId = (described.SecurityGroups as { VpcId?: string }[] | undefined)?.[0]?.VpcId ?? props.VpcId;
    await applyRules(p, groupId, props, vpcId !== undefined);
    return {
      physicalId: props.VpcId !== undefined ? groupId : name,
      attributes: compact({ GroupId: groupId, VpcId: vpcId }),
    };
  },
  update: tagOnlyUpdate(async (p, _id, props, prev, keys) => {
    if (!keys.every((k) => k === 'SecurityGroupIngress' || k === 'SecurityGroupEgress')) return false;
    if (!_id.startsWith('sg-')) return false;
    const groupId = _id;
    if (keys.includes('SecurityGroupIngress')) {
      const old = ((prev.SecurityGroupIngress as Rule[] | undefined) ?? []).map((r) =>
        ipPermission(r, 'ingress'),
      );
      if (old.length > 0)
        await ec2(p, 'RevokeSecurityGroupIngress', { GroupId: groupId, IpPermissions: old });
      const next = ((props.SecurityGroupIngress as Rule[] | undefined) ?? []).map((r) =>
        ipPermission(r, 'ingress'),
      );
      if (next.length > 0)
        await ec2(p, 'AuthorizeSecurityGroupIngress', { GroupId: groupId, IpPermissions: next });
    }
    if (keys.includes('SecurityGroupEgress')) {
      const old =
        prev.SecurityGroupEgress === undefined
          ? [ALL_EGRESS]
          : (prev.SecurityGroupEgress as Rule[]).map((r) => ipPermission(r, 'egress'));
      if (old.length > 0) await ec2(p, 'RevokeSecurityGroupEgress', { GroupId: groupId, IpPermissions: old });
      const next =
        props.SecurityGroupEgress === undefined
          ? [ALL_EGRESS]
          : (props.SecurityGroupEgress as Rule[]).map((r) => ipPermission(r, 'egress'));
      if (next.length > 0)
        await ec2(p, 'AuthorizeSecurityGroupEgress', { GroupId: groupId, IpPermissions: next });
    }
    return true;
  }),
  async delete(p, id, _props, attributes) {
    await ec2(p, 'DeleteSecurityGroup', { GroupId: (attributes.GroupId as string | undefined) ?? id });
  },
};

function ruleResource(direction: 'ingress' | 'egress'): ResourceProvider {
  const authorize =
    direction === 'ingress' ? 'AuthorizeSecurityGroupIngress' : 'AuthorizeSecurityGroupEgress';
  const revoke = direction === 'ingress' ? 'RevokeSecurityGroupIngress' : 'RevokeSecurityGroupEgress';
  const target = (props: Rule) =>
    compact({ GroupId: props.GroupId, GroupName: direction === 'ingress' ? props.GroupName : undefined });
  return {
    async create(p, props) {
      if (props.GroupId === undefined && props.GroupName === undefined) {
        throw new ResourceFailure('Either GroupId or GroupName is required.');
      }
      const out = await ec2(p, authorize, {
        ...target(props),
        IpPermissions: [ipPermission(props, direction)],
      });
      const ruleId = (out.SecurityGroupRules as { SecurityGroupRuleId?: string }[] | undefined)?.[0]
        ?.SecurityGroupRuleId;
      return { physicalId: ruleId ?? p.physicalName(255), attributes: ruleId ? { Id: ruleId } : {} };
    },
    async delete(p, _id, props) {
      await ec2(p, revoke, { ...target(props), IpPermissions: [ipPermission(props, direction)] });
    },
  };
}

export const ec2SecurityProviders: ProviderRegistry = {
  'AWS::EC2::SecurityGroup': securityGroup,
  'AWS::EC2::SecurityGroupIngress': ruleResource('ingress'),
  'AWS::EC2::SecurityGroupEgress': ruleResource('egress'),
};
