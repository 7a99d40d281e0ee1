#!/usr/bin/env -S node --conditions=@handson/source --import=tsx
// セキュリティグループの更新: authorize-security-group-ingress on the default group for tcp/51512. The blog used
// 0.0.0.0/0; the lab allows only the caller's own address unless asked (see securityGroupCidr in lab.mts).
import '../_lib/report-errors.mts';
import { AuthorizeSecurityGroupIngressCommand } from '@aws-sdk/client-ec2';
import { ec2TagSpecifications } from '@handson/aws';
import { aws } from '@handson/labkit';
import {
  EC2_SECURITY_GROUP_NAME,
  EC2_SECURITY_GROUP_PORT,
  EC2_SECURITY_GROUP_PROTOCOL,
  SLUG,
  securityGroupCidr,
  vars,
} from './lab.mts';

const { cidr: EC2_SECURITY_GROUP_CIDR, warning } = await securityGroupCidr();
if (warning) console.error(warning);
console.log(`$ EC2_SECURITY_GROUP_CIDR='${EC2_SECURITY_GROUP_CIDR}'`);
// Recorded before the call: a teardown after a failed authorize still knows which rule to look for.
vars.set('EC2_SECURITY_GROUP_CIDR', EC2_SECURITY_GROUP_CIDR);
await aws(
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
