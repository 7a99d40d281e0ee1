// Lab 05 as a unit: the steps, the calls each makes, and what the lab creates and removes.
import {
  CreateStackCommand,
  DeleteStackCommand,
  DescribeStackEventsCommand,
  DescribeStacksCommand,
  ValidateTemplateCommand,
} from '@aws-sdk/client-cloudformation';
import {
  DescribeInstancesCommand,
  DescribeInternetGatewaysCommand,
  DescribeRouteTablesCommand,
  DescribeSecurityGroupsCommand,
  DescribeSubnetsCommand,
  DescribeVpcPeeringConnectionsCommand,
  DescribeVpcsCommand,
} from '@aws-sdk/client-ec2';
import {
  DescribeInstanceInformationCommand,
  GetCommandInvocationCommand,
  SendCommandCommand,
} from '@aws-sdk/client-ssm';
import { cloudFormationTags, LAB_TAG_KEY } from '@handson/aws';
import { defineLab, type VarRef } from '../_lib/manifest.mts';
import { CHECKS } from './checks.mts';
import { fileTemplateShown, LIVE_INSTANCE_STATES, SLUG, STACK_NAME } from './lab.mts';

const LAB_TAG = `${LAB_TAG_KEY}=${SLUG}`;
const labTag = { Name: `tag:${LAB_TAG_KEY}`, Values: [SLUG] };
const templateFile = (v: VarRef) => ({ TemplateBody: v('FILE_TEMPLATE') });

const stackStatus = (name: string) =>
  [
    new DescribeStacksCommand({ StackName: name }),
    { query: 'Stacks[0].StackStatus', output: 'text' },
  ] as const;
const stackEvents = (v: VarRef) => new DescribeStackEventsCommand({ StackName: v('STACK_ID') });

export const LAB = defineLab({
  slug: SLUG,
  title: 'VPC peering with CloudFormation',
  blog: { post: "the blog's self-made lab", lines: [5, 285], chars: 10867 },
  env: {
    HANDSON_STACK_NAME: `the stack's name (default ${STACK_NAME})`,
    HANDSON_WORK_DIR: "where the lab's variables and the picture go (default .lab-work/ in the checkout)",
  },
  lessons: {
    'not-transitive': {
      expect: 'A↔B and B↔C answer pings through their peerings, A↔C does not: peering is not transitive',
      step: '04-ping-matrix',
    },
  },
  steps: {
    '01-validate-template': {
      does:
        "Validates the lab's parameterised template (template.yaml, inside the CloudShell bundle too) with CloudFormation " +
        'and lists its parameters with their defaults: the blog wrote its template by hand and made the ' +
        'stack in the console.',
      env: {
        HANDSON_TEMPLATE:
          "another template file instead of the lab's own (a CloudShell bundle carries that one inside)",
      },
      calls: (v) => [
        [
          new ValidateTemplateCommand(templateFile(v)),
          {
            files: { TemplateBody: fileTemplateShown() },
            query: 'Parameters[].[ParameterKey,DefaultValue]',
            output: 'text',
          },
        ],
      ],
    },
    '02-create-stack': {
      does:
        "Creates the stack from the CLI: the blog's three VPCs, peerings 1-2 and 2-3, and one instance in " +
        'each VPC. Prints every stack event as it comes until CREATE_COMPLETE (minutes on AWS), then the ' +
        "outputs. SSH is allowed only from your address. Run again, it reuses the lab's stack (tagged with " +
        'the lab) and says so; a stack of that name the lab did not make stops the step.',
      env: {
        HANDSON_TEMPLATE:
          "another template file instead of the lab's own (a CloudShell bundle carries that one inside)",
        HANDSON_CLIENT_CIDR:
          'where SSH may come from (default: on AWS the address checkip.amazonaws.com sees, as /32; ' +
          'on the sandbox the documentation address 192.0.2.10/32)',
      },
      calls: (v) => [
        new DescribeStacksCommand({ StackName: STACK_NAME }),
        [
          new CreateStackCommand({
            StackName: STACK_NAME,
            ...templateFile(v),
            Parameters: [
              { ParameterKey: 'ClientCidr', ParameterValue: v('CLIENT_CIDR') },
              // true on AWS: the instances get a Systems Manager role, for 04-ping-matrix's Run Command.
              { ParameterKey: 'EnableSsm', ParameterValue: v('ENABLE_SSM') },
            ],
            Capabilities: ['CAPABILITY_IAM'],
            Tags: cloudFormationTags(SLUG),
          }),
          { files: { TemplateBody: fileTemplateShown() }, query: 'StackId', output: 'text' },
        ],
        stackEvents(v),
        stackStatus(STACK_NAME),
        [
          new DescribeStacksCommand({ StackName: STACK_NAME }),
          { query: 'Stacks[0].Outputs[].[OutputKey,OutputValue]', output: 'table' },
        ],
      ],
      creates: [
        `CloudFormation stack ${STACK_NAME} (tagged ${LAB_TAG}, passed on to its resources): 3 VPCs with a ` +
          'subnet, internet gateway, route table and security group each, 2 VPC peerings, 3 EC2 instances ' +
          '(they cost money while they run) and on AWS an IAM role for Systems Manager; unless the lab made ' +
          'it already',
      ],
    },
    '03-describe-resources': {
      does:
        "The blog's seven checks of what the stack made (VPCs, subnets, route tables twice, internet " +
        'gateways, peerings, instances, security groups), each with its --query and --output, through the ' +
        'same sort / column -t where the blog piped them.',
      calls: () => CHECKS.map((check) => [check.command(), check.options] as const),
    },
    '04-ping-matrix': {
      does:
        "The blog's six pings between the instances, why each pair answers or not (A-C does not: peering is " +
        "not transitive), and a picture. On AWS the pings run on the instances through Systems Manager's Run " +
        'Command; on the sandbox they are rendered from a hop-by-hop walk over the describe-* outputs.',
      needs: { STACK_NAME: '02-create-stack' },
      calls: (v) => [
        new DescribeInstancesCommand({}),
        new DescribeSubnetsCommand({}),
        new DescribeRouteTablesCommand({}),
        new DescribeSecurityGroupsCommand({}),
        new DescribeVpcPeeringConnectionsCommand({}),
        new DescribeVpcsCommand({}),
        new DescribeInternetGatewaysCommand({}),
        new DescribeStacksCommand({ StackName: v('STACK_NAME') }),
        new DescribeInstanceInformationCommand({
          Filters: [{ Key: 'InstanceIds', Values: [v('EC2_INSTANCE_ID')] }],
        }),
        [
          new SendCommandCommand({
            DocumentName: 'AWS-RunShellScript',
            InstanceIds: [v('EC2_INSTANCE_ID')],
            Parameters: { commands: [`ping -c N -W 1 ${v('PRIVATE_IP')}`] },
          }),
          // Document parameters are a sensitive member, printed masked unless revealed: these are a ping.
          { reveal: true },
        ],
        new GetCommandInvocationCommand({ CommandId: v('COMMAND_ID'), InstanceId: v('EC2_INSTANCE_ID') }),
      ],
      creates: ['on AWS only: six Run Command invocations of ping on the instances'],
      files: ["vpc-peering.svg in the lab's work directory"],
    },
  },
  teardown: {
    does:
      'Deletes the stack when the lab made it, prints its events until DELETE_COMPLETE, then checks that no ' +
      "VPC, instance or internet gateway with the lab's tag is left. Safe to run again; a stack of that name " +
      'the lab did not make is left alone.',
    calls: (v) => [
      new DescribeStacksCommand({ StackName: STACK_NAME }),
      stackEvents(v),
      new DeleteStackCommand({ StackName: STACK_NAME }),
      stackStatus(v('STACK_ID')),
      [new DescribeVpcsCommand({ Filters: [labTag] }), { query: 'Vpcs[].VpcId', output: 'text' }],
      new DescribeInstancesCommand({
        Filters: [labTag, { Name: 'instance-state-name', Values: LIVE_INSTANCE_STATES }],
      }),
      new DescribeInternetGatewaysCommand({ Filters: [labTag] }),
    ],
    removes: [
      `CloudFormation stack ${STACK_NAME} and everything it made, when the lab made it (tagged ${LAB_TAG})`,
      "the picture and the lab's variables",
    ],
  },
});
