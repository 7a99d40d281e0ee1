// The blog's seven describe checks (確認), each with its --query and --output and the `sort` / `column -t`
// it piped them through: 03-describe-resources prints them, the manifest declares them.
import {
  DescribeInstancesCommand,
  DescribeInternetGatewaysCommand,
  DescribeRouteTablesCommand,
  DescribeSecurityGroupsCommand,
  DescribeSubnetsCommand,
  DescribeVpcPeeringConnectionsCommand,
  DescribeVpcsCommand,
} from '@aws-sdk/client-ec2';
import type { SdkCommand } from '@handson/aws';
import type { StepOptions } from '@handson/labkit';
import { TAG_FILTER } from './lab.mts';

export interface Check {
  /** The blog's comment line above the command. */
  title: string;
  command: () => SdkCommand;
  options: Pick<StepOptions, 'query' | 'output'>;
  /** The commands the blog piped the output through, if any. */
  pipeline?: string[][];
}

export const CHECKS: Check[] = [
  {
    title: 'VPCの確認(VPCID、CIDRブロック、状態、テナンシー)',
    command: () => new DescribeVpcsCommand({ Filters: TAG_FILTER }),
    options: {
      output: 'text',
      query: "Vpcs[].[Tags[?Key=='Name'] | [0].Value,VpcId,CidrBlock,State,InstanceTenancy]",
    },
    pipeline: [['sort']],
  },
  {
    title: 'サブネットの確認(VPCID、CIDRブロック、利用可能アドレス数、サブネットID、AZ、状態)',
    command: () => new DescribeSubnetsCommand({ Filters: TAG_FILTER }),
    options: {
      query:
        "Subnets[].[Tags[?Key=='Name'] | [0].Value,VpcId,CidrBlock,AvailableIpAddressCount,SubnetId,AvailabilityZone,MapPublicIpOnLaunch,State]",
      output: 'text',
    },
    pipeline: [['sort']],
  },
  {
    title:
      'ルートテーブルの確認1(サブネットID、ルートテーブルID、メインルートかどうか、関連付けられたサブネットがあるか)',
    command: () => new DescribeRouteTablesCommand({ Filters: TAG_FILTER }),
    options: {
      query: 'RouteTables[].Associations[].[SubnetId,RouteTableId,Main,AssociationState.State]',
      output: 'text',
    },
    pipeline: [['sort'], ['column', '-t']],
  },
  {
    title: 'ルートテーブルの確認2(ルートテーブルID、経路)',
    command: () => new DescribeRouteTablesCommand({ Filters: TAG_FILTER }),
    options: { query: 'RouteTables[].[Associations[].[RouteTableId],Routes]', output: 'text' },
  },
  {
    title: 'インターネットゲートウェイの確認',
    command: () => new DescribeInternetGatewaysCommand({ Filters: TAG_FILTER }),
    options: {
      query: 'InternetGateways[].{InternetGatewayId:InternetGatewayId,VpcId:Attachments[0].VpcId}',
      output: 'table',
    },
  },
  {
    title: 'VPCピアリングの確認(VPCピアリングコネクションID、CIDRブロック)',
    command: () =>
      new DescribeVpcPeeringConnectionsCommand({ Filters: [{ Name: 'status-code', Values: ['active'] }] }),
    options: {
      query:
        'VpcPeeringConnections[].[VpcPeeringConnectionId,AccepterVpcInfo.CidrBlock,RequesterVpcInfo.CidrBlock]',
      output: 'text',
    },
  },
  {
    title: 'EC2インスタンス(プライベートIP、グローバルIP、タグ名、CloudFormationロジカルID)',
    // A second run would also list the previous run's terminated instances (visible for about an hour).
    command: () =>
      new DescribeInstancesCommand({
        Filters: [...TAG_FILTER, { Name: 'instance-state-name', Values: ['pending', 'running'] }],
      }),
    options: {
      query:
        "Reservations[].Instances[].[PrivateIpAddress,PublicIpAddress,Tags[?Key=='Name'].[Value],Tags[?Key=='aws:cloudformation:logical-id'].[Value]]",
      output: 'text',
    },
  },
  {
    title: 'セキュリティグループの確認(Description、プロトコル、CIDRブロック)',
    command: () => new DescribeSecurityGroupsCommand({ Filters: TAG_FILTER }),
    options: { query: 'SecurityGroups[].[Description,IpPermissions]', output: 'text' },
  },
];
