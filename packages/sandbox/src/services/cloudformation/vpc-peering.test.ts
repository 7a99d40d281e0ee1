/*
 * Lab 05's stack on the real EC2 service: three VPCs, peering 1<->2 and 2<->3, instances EC2A/B/C, created
 * and deleted through /usr/bin/aws and checked through the SDK v3 clients and the blog's CLI queries. The
 * template is the lab's own (scripts/05-vpc-peering-cloudformation/template.yaml): the fixture lives with its
 * lab, and a change to it is tested here too.
 */

import { join } from 'node:path';
import {
  CloudFormationClient,
  DescribeStackEventsCommand,
  DescribeStacksCommand,
} from '@aws-sdk/client-cloudformation';
import {
  DescribeInstancesCommand,
  DescribeInternetGatewaysCommand,
  DescribeRouteTablesCommand,
  DescribeSecurityGroupsCommand,
  DescribeSubnetsCommand,
  DescribeVpcPeeringConnectionsCommand,
  DescribeVpcsCommand,
  EC2Client,
} from '@aws-sdk/client-ec2';
import { type NetworkSnapshot, reachabilityMatrix } from '@handson/dataplane';
import { sandboxCli } from '@handson/test-support';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningSandbox, startSandbox } from '../../index';

const credentials = { accessKeyId: 'test', secretAccessKey: 'test' };
const region = 'ap-northeast-1';
const REPO = join(__dirname, '..', '..', '..', '..', '..');
const TEMPLATE = join(REPO, 'scripts', '05-vpc-peering-cloudformation', 'template.yaml');
const byName = [{ Name: 'tag-value', Values: ['handson-vpc*'] }];

let sandbox: RunningSandbox;
let ec2: EC2Client;
let cfn: CloudFormationClient;

beforeAll(async () => {
  sandbox = await startSandbox({ seed: 7 });
  ec2 = new EC2Client({ endpoint: sandbox.url, region, credentials });
  cfn = new CloudFormationClient({ endpoint: sandbox.url, region, credentials });
});
afterAll(async () => {
  await sandbox?.close();
});

async function cliOut(args: string[]): Promise<string> {
  const res = await sandboxCli(sandbox.url, args);
  expect(res.stderr).toBe('');
  expect(res.code).toBe(0);
  return res.stdout;
}

/**
 * Waits, polling every 100 ms, until the stack's simulated operation is over (a second or so of sandbox time).
 * The CLI's waiters sleep 30 s after a first poll that finds the stack in progress (the waiter model's
 * delay), so a test checks what the waiter answers for a finished stack without half a minute asleep.
 */
async function settled(name: string): Promise<void> {
  for (;;) {
    const stacks = await cfn.send(new DescribeStacksCommand({ StackName: name })).catch(() => undefined);
    const status = stacks?.Stacks?.[0]?.StackStatus;
    if (!status?.endsWith('_IN_PROGRESS')) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('the Lab 05 stack on the EC2 service', () => {
  it('creates three peered VPCs with instances EC2A, EC2B and EC2C', async () => {
    const created = JSON.parse(
      await cliOut([
        'cloudformation',
        'create-stack',
        '--stack-name',
        'handson-vpc-peering',
        '--template-body',
        `file://${TEMPLATE}`,
        '--parameters',
        'ParameterKey=ClientCidr,ParameterValue=198.51.100.7/32',
        '--capabilities',
        'CAPABILITY_IAM',
        '--tags',
        'Key=handson:lab,Value=05-vpc-peering',
        '--output',
        'json',
      ]),
    );
    expect(created.StackId).toMatch(/stack\/handson-vpc-peering\//);
    await cliOut(['cloudformation', 'wait', 'stack-create-complete', '--stack-name', 'handson-vpc-peering']);
    const stack = (await cfn.send(new DescribeStacksCommand({ StackName: 'handson-vpc-peering' })))
      .Stacks![0]!;
    expect(stack.StackStatus).toBe('CREATE_COMPLETE');
    const ami = stack.Parameters!.find((p) => p.ParameterKey === 'ImageId')!;
    expect(ami.ResolvedValue).toMatch(/^ami-[0-9a-f]{17}$/);

    const vpcs = await cliOut([
      'ec2',
      'describe-vpcs',
      '--filters',
      'Name=tag-value,Values=handson-vpc*',
      '--output',
      'text',
      '--query',
      "Vpcs[].[Tags[?Key=='Name'] | [0].Value,CidrBlock,State,InstanceTenancy]",
    ]);
    expect(vpcs.trim().split('\n').sort()).toEqual([
      'handson-vpc-peering1\t10.100.0.0/16\tavailable\tdefault',
      'handson-vpc-peering2\t10.200.0.0/16\tavailable\tdefault',
      'handson-vpc-peering3\t10.50.0.0/16\tavailable\tdefault',
    ]);

    const subnets = (await ec2.send(new DescribeSubnetsCommand({ Filters: byName }))).Subnets!;
    expect(
      subnets
        .map((s) => [s.CidrBlock, s.AvailabilityZone, s.MapPublicIpOnLaunch, s.AvailableIpAddressCount])
        .sort(),
    ).toEqual([
      ['10.100.0.0/24', 'ap-northeast-1a', true, 250],
      ['10.200.0.0/24', 'ap-northeast-1c', true, 250],
      ['10.50.0.0/24', 'ap-northeast-1c', true, 250],
    ]);

    const peerings = (
      await ec2.send(
        new DescribeVpcPeeringConnectionsCommand({ Filters: [{ Name: 'status-code', Values: ['active'] }] }),
      )
    ).VpcPeeringConnections!;
    expect(peerings.map((p) => [p.AccepterVpcInfo?.CidrBlock, p.RequesterVpcInfo?.CidrBlock]).sort()).toEqual(
      [
        ['10.200.0.0/16', '10.100.0.0/16'],
        ['10.50.0.0/16', '10.200.0.0/16'],
      ],
    );

    const routes = await cliOut([
      'ec2',
      'describe-route-tables',
      '--filters',
      'Name=tag-value,Values=handson-vpc*',
      '--query',
      'RouteTables[].Routes[].[DestinationCidrBlock,State,Origin]',
      '--output',
      'text',
    ]);
    const routeLines = routes.trim().split('\n');
    expect(routeLines.filter((l) => l.startsWith('0.0.0.0/0\tactive\tCreateRoute')).length).toBe(3);
    expect(routeLines.filter((l) => /^10\.(100|200|50)\.0\.0\/24\tactive\tCreateRoute$/.test(l)).length).toBe(
      6,
    );

    const instances = await cliOut([
      'ec2',
      'describe-instances',
      '--filters',
      'Name=tag-value,Values=handson-vpc*',
      '--query',
      "Reservations[].Instances[].[PrivateIpAddress,PublicIpAddress,Tags[?Key=='Name'].[Value],Tags[?Key=='aws:cloudformation:logical-id'].[Value]]",
      '--output',
      'text',
    ]);
    const lines = instances.trim().split('\n');
    expect(lines.length).toBe(9);
    const logicalIds = [lines[3], lines[5], lines[8]];
    expect(lines.filter((l) => /^EC2[ABC]$/.test(l)).sort()).toEqual(['EC2A', 'EC2B', 'EC2C']);
    expect(logicalIds.length).toBe(3);
    for (let i = 0; i < 9; i += 3) {
      const [ips, name, logical] = [lines[i]!, lines[i + 1]!, lines[i + 2]!];
      const n = name.at(-1);
      expect(name).toMatch(/^handson-vpc-peering[123]$/);
      expect(logical).toBe(`EC2${'ABC'[Number(n) - 1]}`);
      const [privateIp, publicIp] = ips.split('\t');
      expect(privateIp).toMatch(new RegExp(`^10\\.${{ 1: '100', 2: '200', 3: '50' }[n as '1']}\\.0\\.\\d+$`));
      expect(publicIp).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
    }

    const groups = (await ec2.send(new DescribeSecurityGroupsCommand({ Filters: byName }))).SecurityGroups!;
    expect(groups.map((g) => g.Description).sort()).toEqual([
      'Security Group for VPC1',
      'Security Group for VPC2',
      'Security Group for VPC3',
    ]);
    const vpc1Group = groups.find((g) => g.Description === 'Security Group for VPC1')!;
    expect(
      vpc1Group
        .IpPermissions!.flatMap((p) => (p.IpRanges ?? []).map((r) => `${p.IpProtocol} ${r.CidrIp}`))
        .sort(),
    ).toEqual(['-1 10.200.0.0/16', '-1 10.50.0.0/16', 'tcp 198.51.100.7/32']);

    const outputs = Object.fromEntries(stack.Outputs!.map((o) => [o.OutputKey, o.OutputValue]));
    expect(outputs.EC2APrivateIp).toMatch(/^10\.100\.0\.\d+$/);
    const events = (await cfn.send(new DescribeStackEventsCommand({ StackName: 'handson-vpc-peering' })))
      .StackEvents!;
    const completed = events.filter(
      (e) => e.ResourceStatus === 'CREATE_COMPLETE' && e.ResourceType !== 'AWS::CloudFormation::Stack',
    );
    expect(completed.length).toBe(35);
    const ec2a = events.find(
      (e) => e.LogicalResourceId === 'EC2A' && e.ResourceStatusReason === 'Resource creation Initiated',
    );
    expect(ec2a?.PhysicalResourceId).toMatch(/^i-[0-9a-f]{17}$/);
  });

  it('is a network where A↔B and B↔C answer and A↔C does not (peering is not transitive)', async () => {
    const reservations = (await ec2.send(new DescribeInstancesCommand({ Filters: byName }))).Reservations!;
    const snapshot: NetworkSnapshot = {
      Reservations: reservations,
      Subnets: (await ec2.send(new DescribeSubnetsCommand({}))).Subnets!,
      RouteTables: (await ec2.send(new DescribeRouteTablesCommand({}))).RouteTables!,
      SecurityGroups: (await ec2.send(new DescribeSecurityGroupsCommand({}))).SecurityGroups!,
      VpcPeeringConnections: (await ec2.send(new DescribeVpcPeeringConnectionsCommand({})))
        .VpcPeeringConnections!,
      Vpcs: (await ec2.send(new DescribeVpcsCommand({}))).Vpcs!,
      InternetGateways: (await ec2.send(new DescribeInternetGatewaysCommand({}))).InternetGateways!,
    };
    const byLogicalId = new Map(
      reservations
        .flatMap((r) => r.Instances ?? [])
        .map((i) => [i.Tags?.find((t) => t.Key === 'aws:cloudformation:logical-id')?.Value, i.InstanceId!]),
    );
    const ids = ['EC2A', 'EC2B', 'EC2C'].map((l) => byLogicalId.get(l)!);
    const label = (id: string) => [...byLogicalId].find(([, v]) => v === id)![0];
    const matrix = reachabilityMatrix(snapshot, ids).map(
      (r) => `${label(r.from)}->${label(r.to)} ${r.reachable}`,
    );
    expect(matrix).toEqual([
      'EC2A->EC2B true',
      'EC2A->EC2C false',
      'EC2B->EC2A true',
      'EC2B->EC2C true',
      'EC2C->EC2A false',
      'EC2C->EC2B true',
    ]);
  });

  it('deletes the stack and leaves nothing behind', async () => {
    await cliOut(['cloudformation', 'delete-stack', '--stack-name', 'handson-vpc-peering']);
    await settled('handson-vpc-peering');
    await cliOut(['cloudformation', 'wait', 'stack-delete-complete', '--stack-name', 'handson-vpc-peering']);
    expect((await ec2.send(new DescribeVpcsCommand({ Filters: byName }))).Vpcs).toEqual([]);
    expect((await ec2.send(new DescribeSubnetsCommand({ Filters: byName }))).Subnets).toEqual([]);
    expect((await ec2.send(new DescribeSecurityGroupsCommand({ Filters: byName }))).SecurityGroups).toEqual(
      [],
    );
    expect(
      (await ec2.send(new DescribeInternetGatewaysCommand({ Filters: byName }))).InternetGateways,
    ).toEqual([]);
    const active = await ec2.send(
      new DescribeVpcPeeringConnectionsCommand({ Filters: [{ Name: 'status-code', Values: ['active'] }] }),
    );
    expect(active.VpcPeeringConnections).toEqual([]);
    const reservations =
      (await ec2.send(new DescribeInstancesCommand({ Filters: byName }))).Reservations ?? [];
    const states = reservations.flatMap((r) => r.Instances ?? []).map((i) => i.State?.Name);
    expect(states.every((s) => s === 'terminated' || s === 'shutting-down')).toBe(true);
  });

  it('rolls back when EC2 refuses a resource, and the events carry its error', async () => {
    const res = await sandboxCli(sandbox.url, [
      'cloudformation',
      'create-stack',
      '--stack-name',
      'bad-subnet',
      '--template-body',
      `file://${TEMPLATE}`,
      '--parameters',
      'ParameterKey=Subnet3Cidr,ParameterValue=10.99.0.0/24',
      '--capabilities',
      'CAPABILITY_IAM',
    ]);
    expect(res.stderr).toBe('');
    await settled('bad-subnet');
    const wait = await sandboxCli(sandbox.url, [
      'cloudformation',
      'wait',
      'stack-create-complete',
      '--stack-name',
      'bad-subnet',
    ]);
    expect(wait.stderr).toContain('Waiter StackCreateComplete failed');
    const events = (await cfn.send(new DescribeStackEventsCommand({ StackName: 'bad-subnet' }))).StackEvents!;
    expect(events[0]).toMatchObject({ LogicalResourceId: 'bad-subnet', ResourceStatus: 'ROLLBACK_COMPLETE' });
    const failed = events.find(
      (e) => e.LogicalResourceId === 'Subnet3' && e.ResourceStatus === 'CREATE_FAILED',
    );
    expect(failed?.ResourceStatusReason).toMatch(/10\.99\.0\.0\/24.*\(Service: Ec2, Status Code: 400/);
    expect((await ec2.send(new DescribeVpcsCommand({ Filters: byName }))).Vpcs).toEqual([]);
  });
});
