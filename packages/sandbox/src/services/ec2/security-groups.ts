import { AwsError, type Handler, type RequestContext } from '../../core/types';
import { allowAllEgress } from './defaults';
import { dependencyViolation, type Input, invalidParameterValue, notFound, stringList } from './errors';
import { applyFilters, type Filter } from './filters';
import { newId } from './ids';
import { paginate } from './pagination';
import { addRules, permissionsView, removeRules, requestedRules, ruleView } from './sg-rules';
import { type Ec2State, ec2State, type SecurityGroupRecord } from './state';
import { applyTagSpecifications, tagsMember } from './tags';
import { getVpc } from './vpcs';

function noDefaultVpc(): AwsError {
  return new AwsError('VPCIdNotSpecified', 'No default VPC for this user');
}

/** A group by name in the default VPC: the only place EC2 looks groups up by name. */
export function groupByName(state: Ec2State, name: string): SecurityGroupRecord {
  const vpcId = state.defaultVpcId;
  if (!vpcId) throw noDefaultVpc();
  const group = Object.values(state.securityGroups).find((g) => g.VpcId === vpcId && g.GroupName === name);
  if (!group)
    throw new AwsError(
      'InvalidGroup.NotFound',
      `The security group '${name}' does not exist in default VPC '${vpcId}'`,
    );
  return group;
}

export function getGroup(state: Ec2State, id: unknown): SecurityGroupRecord {
  const group = state.securityGroups[String(id)];
  if (!group) throw notFound('sg', String(id));
  return group;
}

function groupFromInput(state: Ec2State, input: Input): SecurityGroupRecord {
  if (input.GroupId !== undefined) return getGroup(state, input.GroupId);
  if (input.GroupName !== undefined) return groupByName(state, String(input.GroupName));
  throw new AwsError('MissingParameter', 'The request must contain the parameter groupName or groupId');
}

export function securityGroupView(ctx: RequestContext, state: Ec2State, group: SecurityGroupRecord) {
  return {
    Description: group.Description,
    GroupName: group.GroupName,
    IpPermissions: permissionsView(group.Rules.filter((r) => !r.IsEgress)),
    OwnerId: ctx.accountId,
    GroupId: group.GroupId,
    IpPermissionsEgress: permissionsView(group.Rules.filter((r) => r.IsEgress)),
    ...tagsMember(state, group.GroupId),
    VpcId: group.VpcId,
  };
}

function authorize(isEgress: boolean): Handler {
  return (ctx, input) => {
    const state = ec2State(ctx);
    const group = isEgress ? getGroup(state, input.GroupId) : groupFromInput(state, input);
    const added = addRules(ctx, group, requestedRules(ctx, state, group, input, isEgress));
    for (const rule of added)
      applyTagSpecifications(state, rule.SecurityGroupRuleId, input.TagSpecifications, 'security-group-rule');
    return { Return: true, SecurityGroupRules: added.map((r) => ruleView(ctx, state, group, r)) };
  };
}

function revoke(isEgress: boolean): Handler {
  return (ctx, input) => {
    const state = ec2State(ctx);
    const group = isEgress ? getGroup(state, input.GroupId) : groupFromInput(state, input);
    const ruleIds = stringList(input.SecurityGroupRuleIds);
    if (ruleIds.length > 0) {
      const rules = ruleIds.map((id) => {
        const rule = group.Rules.find((r) => r.SecurityGroupRuleId === id && r.IsEgress === isEgress);
        if (!rule)
          throw new AwsError(
            'InvalidSecurityGroupRuleId.NotFound',
            `The security group rule ID '${id}' does not exist`,
          );
        return rule;
      });
      group.Rules = group.Rules.filter((r) => !rules.includes(r));
      return { Return: true, RevokedSecurityGroupRules: rules.map((r) => ruleView(ctx, state, group, r)) };
    }
    const { removed, unknown } = removeRules(group, requestedRules(ctx, state, group, input, isEgress));
    if (removed.length === 0) {
      throw new AwsError(
        'InvalidPermission.NotFound',
        'The specified rule does not exist in this security group.',
      );
    }
    return {
      Return: true,
      ...(unknown.length > 0 ? { UnknownIpPermissions: permissionsView(unknown) } : {}),
      RevokedSecurityGroupRules: removed.map((r) => ruleView(ctx, state, group, r)),
    };
  };
}

export const securityGroupOperations: Record<string, Handler> = {
  CreateSecurityGroup(ctx, input) {
    const state = ec2State(ctx);
    const vpcId = input.VpcId !== undefined ? getVpc(state, input.VpcId).VpcId : state.defaultVpcId;
    if (!vpcId) throw noDefaultVpc();
    const name = String(input.GroupName ?? '');
    if (name === 'default')
      throw new AwsError('InvalidGroup.Reserved', "The security group 'default' is reserved");
    if (name.startsWith('sg-')) throw invalidParameterValue('Group names may not be in the format sg-*.');
    if (name === '' || name.length > 255)
      throw invalidParameterValue(`Invalid value '${name}' for groupName.`);
    if (Object.values(state.securityGroups).some((g) => g.VpcId === vpcId && g.GroupName === name)) {
      throw new AwsError(
        'InvalidGroup.Duplicate',
        `The security group '${name}' already exists for VPC '${vpcId}'`,
      );
    }
    const group: SecurityGroupRecord = {
      GroupId: newId(ctx, 'sg'),
      GroupName: name,
      Description: String(input.Description ?? ''),
      VpcId: vpcId,
      Rules: [allowAllEgress(newId(ctx, 'sgr'))],
    };
    applyTagSpecifications(state, group.GroupId, input.TagSpecifications, 'security-group');
    state.securityGroups[group.GroupId] = group;
    return { GroupId: group.GroupId, ...tagsMember(state, group.GroupId) };
  },
  DeleteSecurityGroup(ctx, input) {
    const state = ec2State(ctx);
    const group = groupFromInput(state, input);
    if (group.GroupName === 'default') {
      throw new AwsError(
        'CannotDelete',
        `the specified group: "${group.GroupId}" name: "default" cannot be deleted by a user`,
      );
    }
    const inUse =
      Object.values(state.instances).some(
        (i) => i.State !== 'terminated' && i.GroupIds.includes(group.GroupId),
      ) ||
      Object.values(state.securityGroups).some(
        (g) => g !== group && g.Rules.some((r) => r.ReferencedGroupId === group.GroupId),
      );
    if (inUse) throw dependencyViolation(`resource ${group.GroupId} has a dependent object`);
    delete state.securityGroups[group.GroupId];
    delete state.tags[group.GroupId];
    return {};
  },
  AuthorizeSecurityGroupIngress: authorize(false),
  AuthorizeSecurityGroupEgress: authorize(true),
  RevokeSecurityGroupIngress: revoke(false),
  RevokeSecurityGroupEgress: revoke(true),
  DescribeSecurityGroups(ctx, input) {
    const state = ec2State(ctx);
    const ids = stringList(input.GroupIds);
    const missing = ids.filter((id) => !state.securityGroups[id]);
    if (missing.length > 0) throw notFound('sg', missing);
    const byName = stringList(input.GroupNames).map((name) => groupByName(state, name).GroupId);
    const groups = Object.values(state.securityGroups).filter(
      (g) =>
        (ids.length === 0 || ids.includes(g.GroupId)) && (byName.length === 0 || byName.includes(g.GroupId)),
    );
    const ingress = (g: SecurityGroupRecord) => g.Rules.filter((r) => !r.IsEgress);
    const egress = (g: SecurityGroupRecord) => g.Rules.filter((r) => r.IsEgress);
    const filtered = applyFilters(
      groups,
      input.Filters as Filter[] | undefined,
      {
        'group-id': (g) => g.GroupId,
        'group-name': (g) => g.GroupName,
        description: (g) => g.Description,
        'vpc-id': (g) => g.VpcId,
        'owner-id': () => ctx.accountId,
        'ip-permission.cidr': (g) => ingress(g).map((r) => r.CidrIpv4),
        'ip-permission.ipv6-cidr': (g) => ingress(g).map((r) => r.CidrIpv6),
        'ip-permission.from-port': (g) => ingress(g).map((r) => r.FromPort),
        'ip-permission.to-port': (g) => ingress(g).map((r) => r.ToPort),
        'ip-permission.protocol': (g) => ingress(g).map((r) => r.IpProtocol),
        'ip-permission.group-id': (g) => ingress(g).map((r) => r.ReferencedGroupId),
        'ip-permission.user-id': (g) => ingress(g).map((r) => r.ReferencedUserId),
        'egress.ip-permission.cidr': (g) => egress(g).map((r) => r.CidrIpv4),
        'egress.ip-permission.from-port': (g) => egress(g).map((r) => r.FromPort),
        'egress.ip-permission.to-port': (g) => egress(g).map((r) => r.ToPort),
        'egress.ip-permission.protocol': (g) => egress(g).map((r) => r.IpProtocol),
        'egress.ip-permission.group-id': (g) => egress(g).map((r) => r.ReferencedGroupId),
      },
      (g) => state.tags[g.GroupId],
    );
    const { page, NextToken } = paginate(filtered, input, { min: 5, max: 1000, cap: ctx.pageSize });
    return {
      SecurityGroups: page.map((g) => securityGroupView(ctx, state, g)),
      ...(NextToken ? { NextToken } : {}),
    };
  },
  DescribeSecurityGroupRules(ctx, input) {
    const state = ec2State(ctx);
    const ids = stringList(input.SecurityGroupRuleIds);
    const rows = Object.values(state.securityGroups).flatMap((g) =>
      g.Rules.map((r) => ({ group: g, rule: r })),
    );
    const missing = ids.filter((id) => !rows.some((x) => x.rule.SecurityGroupRuleId === id));
    if (missing.length > 0) {
      throw new AwsError(
        'InvalidSecurityGroupRuleId.NotFound',
        `The security group rule ID '${missing[0]}' does not exist`,
      );
    }
    const picked = rows.filter((x) => ids.length === 0 || ids.includes(x.rule.SecurityGroupRuleId));
    const filtered = applyFilters(
      picked,
      input.Filters as Filter[] | undefined,
      {
        'group-id': (x) => x.group.GroupId,
        'security-group-rule-id': (x) => x.rule.SecurityGroupRuleId,
      },
      (x) => state.tags[x.rule.SecurityGroupRuleId],
    );
    const { page, NextToken } = paginate(filtered, input, { min: 5, max: 1000, cap: ctx.pageSize });
    return {
      SecurityGroupRules: page.map((x) => ruleView(ctx, state, x.group, x.rule)),
      ...(NextToken ? { NextToken } : {}),
    };
  },
};
