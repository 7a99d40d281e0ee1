#!/usr/bin/env -S node --conditions=@handson/source --import=tsx
// セキュリティグループの更新: authorize-security-group-ingress on the default group for tcp/51512. The blog used
// 0.0.0.0/0; the lab allows only the caller's own address unless asked (see securityGroupCidr in lab.mts).
import { AuthorizeSecurityGroupIngressCommand, type SecurityGroupRule } from '@aws-sdk/client-ec2';
import { ec2TagSpecifications } from '@handson/aws';
import { aws, createOnce } from '@handson/labkit';
import { step } from '../_lib/entry.mts';
import {
  EC2_SECURITY_GROUP_NAME,
  EC2_SECURITY_GROUP_PORT,
  EC2_SECURITY_GROUP_PROTOCOL,
  SLUG,
  securityGroupCidr,
  vars,
} from './lab.mts';
import { LAB } from './manifest.mts';
import { findPortRule, isLabs } from './resources.mts';

await step(LAB, '05-security-group');

const { cidr: EC2_SECURITY_GROUP_CIDR, warning } = await securityGroupCidr();
if (warning) console.error(warning);
console.log(`$ EC2_SECURITY_GROUP_CIDR='${EC2_SECURITY_GROUP_CIDR}'`);
// Recorded before the call: 07-check reads it, and a teardown after an interrupted run knows the address.
vars.set('EC2_SECURITY_GROUP_CIDR', EC2_SECURITY_GROUP_CIDR);

async function authorize(): Promise<SecurityGroupRule> {
  const out = await aws(
    new AuthorizeSecurityGroupIngressCommand({
      GroupName: EC2_SECURITY_GROUP_NAME,
      // What the CLI's --protocol/--port/--cidr build (and print back as).
      IpPermissions: [
        {
          IpProtocol: EC2_SECURITY_GROUP_PROTOCOL,
          FromPort: Number(EC2_SECURITY_GROUP_PORT),
          ToPort: Number(EC2_SECURITY_GROUP_PORT),
          IpRanges: [{ CidrIp: EC2_SECURITY_GROUP_CIDR }],
        },
      ],
      TagSpecifications: ec2TagSpecifications(SLUG, 'security-group-rule'),
    }),
  );
  return out.output.SecurityGroupRules?.[0] ?? {};
}

// The same rule twice is refused by EC2 (InvalidPermission.Duplicate): an earlier run's rule is reused.
const { value: rule } = await createOnce({
  slug: SLUG,
  what: `Inbound rule tcp/${EC2_SECURITY_GROUP_PORT} from ${EC2_SECURITY_GROUP_CIDR} (security group ${EC2_SECURITY_GROUP_NAME})`,
  find: () => findPortRule(EC2_SECURITY_GROUP_CIDR),
  create: authorize,
  ours: (found) => isLabs(found.Tags),
});
// The teardown revokes this rule by id when an endpoint kept no tag on it.
if (rule.SecurityGroupRuleId) vars.set('EC2_SECURITY_GROUP_RULE_ID', rule.SecurityGroupRuleId);
