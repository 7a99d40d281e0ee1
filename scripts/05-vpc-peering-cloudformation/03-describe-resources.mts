#!/usr/bin/env -S node --conditions=@handson/source --import=tsx
// 確認: the blog's seven describe checks, each with its --query and --output, piped through the same
// `sort` / `column -t` where the blog piped them.
import '../_lib/report-errors.mts';
import {
  DescribeInstancesCommand,
  DescribeInternetGatewaysCommand,
  DescribeRouteTablesCommand,
  DescribeSecurityGroupsCommand,
  DescribeSubnetsCommand,
  DescribeVpcPeeringConnectionsCommand,
  DescribeVpcsCommand,
} from '@aws-sdk/client-ec2';
import { aws } from '@handson/labkit';
import { piped, TAG_FILTER } from './lab.mts';

const say = (comment: string) => console.log(`\n# ${comment}`);

say('VPCの確認(VPCID、CIDRブロック、状態、テナンシー)');
await piped(
  new DescribeVpcsCommand({ Filters: TAG_FILTER }),
  { output: 'text', query: "Vpcs[].[Tags[?Key=='Name'] | [0].Value,VpcId,CidrBlock,State,InstanceTenancy]" },
  [['sort']],
);

say('サブネットの確認(VPCID、CIDRブロック、利用可能アドレス数、サブネットID、AZ、状態)');
await piped(
  new DescribeSubnetsCommand({ Filters: TAG_FILTER }),
  {
    query:
      "Subnets[].[Tags[?Key=='Name'] | [0].Value,VpcId,CidrBlock,AvailableIpAddressCount,SubnetId,AvailabilityZone,MapPublicIpOnLaunch,State]",
    output: 'text',
  },
  [['sort']],
);

say(
  'ルートテーブルの確認1(サブネットID、ルートテーブルID、メインルートかどうか、関連付けられたサブネットがあるか)',
);
await piped(
  new DescribeRouteTablesCommand({ Filters: TAG_FILTER }),
  {
    query: 'RouteTables[].Associations[].[SubnetId,RouteTableId,Main,AssociationState.State]',
    output: 'text',
  },
  [['sort'], ['column', '-t']],
);

say('ルートテーブルの確認2(ルートテーブルID、経路)');
await aws(new DescribeRouteTablesCommand({ Filters: TAG_FILTER }), {
  query: 'RouteTables[].[Associations[].[RouteTableId],Routes]',
  output: 'text',
});

say('インターネットゲートウェイの確認');
await aws(new DescribeInternetGatewaysCommand({ Filters: TAG_FILTER }), {
  query: 'InternetGateways[].{InternetGatewayId:InternetGatewayId,VpcId:Attachments[0].VpcId}',
  output: 'table',
});

say('VPCピアリングの確認(VPCピアリングコネクションID、CIDRブロック)');
await aws(
  new DescribeVpcPeeringConnectionsCommand({ Filters: [{ Name: 'status-code', Values: ['active'] }] }),
  {
    query:
      'VpcPeeringConnections[].[VpcPeeringConnectionId,AccepterVpcInfo.CidrBlock,RequesterVpcInfo.CidrBlock]',
    output: 'text',
  },
);

say('EC2インスタンス(プライベートIP、グローバルIP、タグ名、CloudFormationロジカルID)');
// A second run would also list the previous run's terminated instances (visible for about an hour).
await aws(
  new DescribeInstancesCommand({
    Filters: [...TAG_FILTER, { Name: 'instance-state-name', Values: ['pending', 'running'] }],
  }),
  {
    query:
      "Reservations[].Instances[].[PrivateIpAddress,PublicIpAddress,Tags[?Key=='Name'].[Value],Tags[?Key=='aws:cloudformation:logical-id'].[Value]]",
    output: 'text',
  },
);

say('セキュリティグループの確認(Description、プロトコル、CIDRブロック)');
await aws(new DescribeSecurityGroupsCommand({ Filters: TAG_FILTER }), {
  query: 'SecurityGroups[].[Description,IpPermissions]',
  output: 'text',
});
