/*
 * Three VPCs in a chain of peerings over HTTP: built through the SDK v3 EC2 client, described through
 * /usr/bin/aws with the --query and --output of the blog's Lab 05 checks (seed lines 5–285: text and table
 * output of nested queries over every resource the network has), and the ping matrix computed by
 * @handson/dataplane from the SDK's describe outputs, as it would be for a real account.
 */

import * as sdk from '@aws-sdk/client-ec2';
import { fetchNetworkSnapshot, reachability, renderPing } from '@handson/dataplane';
import {
  SANDBOX_TEST_CREDENTIALS as credentials,
  SANDBOX_TEST_REGION as region,
  sandboxCli,
} from '@handson/test-support';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningSandbox, startSandbox } from '../../index';
import { buildPeeredVpcs, type PeeredVpcs } from './__fixtures__/peered-vpcs';

let sandbox: RunningSandbox;
let client: sdk.EC2Client;
let net: PeeredVpcs;

/** Sends `<Operation>Command` by name, so the same builder serves the in-process and the HTTP tests. */
async function send(operation: string, input: Record<string, unknown>) {
  const Command = (sdk as unknown as Record<string, new (input: unknown) => sdk.DescribeVpcsCommand>)[
    `${operation}Command`
  ]!;
  return client.send(new Command(input));
}

async function cli(args: string[]): Promise<string> {
  const res = await sandboxCli(sandbox.url, args);
  expect(res.stderr).toBe('');
  expect(res.code).toBe(0);
  return res.stdout;
}

const byTag = ['--filters', 'Name=tag-value,Values=handson-vpc*'];
const sortLines = (text: string) => text.trimEnd().split('\n').sort();

beforeAll(async () => {
  sandbox = await startSandbox({ seed: 5 });
  client = new sdk.EC2Client({ endpoint: sandbox.url, region, credentials });
  const images = await client.send(
    new sdk.DescribeImagesCommand({
      Owners: ['amazon'],
      Filters: [{ Name: 'name', Values: ['al2023-ami-2023.*-kernel-6.1-x86_64'] }],
    }),
  );
  const newest = [...(images.Images ?? [])].sort((a, b) =>
    (b.CreationDate ?? '').localeCompare(a.CreationDate ?? ''),
  )[0]!;
  net = await buildPeeredVpcs(send as never, newest.ImageId!);
});
afterAll(async () => {
  await sandbox?.close();
});

describe('the peered VPCs described through /usr/bin/aws', () => {
  it('1. VPCs: name, id, CIDR, state, tenancy', async () => {
    const out = await cli([
      'ec2',
      'describe-vpcs',
      ...byTag,
      '--output',
      'text',
      '--query',
      "Vpcs[].[Tags[?Key=='Name'] | [0].Value,VpcId,CidrBlock,State,InstanceTenancy]",
    ]);
    expect(sortLines(out).map((l) => l.replace(/vpc-[0-9a-f]{17}/, 'VPC'))).toEqual([
      'handson-vpc-peering1\tVPC\t10.100.0.0/16\tavailable\tdefault',
      'handson-vpc-peering2\tVPC\t10.200.0.0/16\tavailable\tdefault',
      'handson-vpc-peering3\tVPC\t10.50.0.0/16\tavailable\tdefault',
    ]);
  });

  it('2. subnets: 250 free addresses with one instance each, public IPs on launch', async () => {
    const out = await cli([
      'ec2',
      'describe-subnets',
      ...byTag,
      '--query',
      "Subnets[].[Tags[?Key=='Name'] | [0].Value,VpcId,CidrBlock,AvailableIpAddressCount,SubnetId,AvailabilityZone,MapPublicIpOnLaunch,State]",
      '--output',
      'text',
    ]);
    expect(
      sortLines(out).map((l) =>
        l.replace(/vpc-[0-9a-f]{17}/, 'VPC').replace(/subnet-[0-9a-f]{17}/, 'SUBNET'),
      ),
    ).toEqual([
      'handson-vpc-peering1\tVPC\t10.100.0.0/24\t250\tSUBNET\tap-northeast-1a\tTrue\tavailable',
      'handson-vpc-peering2\tVPC\t10.200.0.0/24\t250\tSUBNET\tap-northeast-1c\tTrue\tavailable',
      'handson-vpc-peering3\tVPC\t10.50.0.0/24\t250\tSUBNET\tap-northeast-1c\tTrue\tavailable',
    ]);
  });

  it('3. route table associations: explicit, not main', async () => {
    const out = await cli([
      'ec2',
      'describe-route-tables',
      ...byTag,
      '--query',
      'RouteTables[].Associations[].[SubnetId,RouteTableId,Main,AssociationState.State]',
      '--output',
      'text',
    ]);
    const lines = sortLines(out);
    expect(lines).toHaveLength(3);
    for (const line of lines)
      expect(line).toMatch(/^subnet-[0-9a-f]{17}\trtb-[0-9a-f]{17}\tFalse\tassociated$/);
  });

  // As in the blog's transcript, rows without a peering id end in an empty column (a trailing tab).
  it('4. routes: peer subnets over peerings, local, then 0.0.0.0/0 to the gateway', async () => {
    const out = await cli([
      'ec2',
      'describe-route-tables',
      ...byTag,
      '--query',
      'RouteTables[].[Associations[].[RouteTableId],Routes]',
      '--output',
      'text',
    ]);
    const generic = out
      .replace(/rtb-[0-9a-f]{17}/g, 'RTB')
      .replace(new RegExp(net.peerings.p12, 'g'), 'PCX12')
      .replace(new RegExp(net.peerings.p23, 'g'), 'PCX23')
      .replace(/igw-[0-9a-f]{17}/g, 'IGW');
    const blocks = generic
      .trimEnd()
      .split('RTB\n')
      .filter(Boolean)
      .map((b) => b.trimEnd())
      .sort();
    expect(blocks).toEqual(
      [
        [
          '10.50.0.0/24\t\tCreateRoute\tactive\tPCX12',
          '10.200.0.0/24\t\tCreateRoute\tactive\tPCX12',
          '10.100.0.0/16\tlocal\tCreateRouteTable\tactive\t',
          '0.0.0.0/0\tIGW\tCreateRoute\tactive',
        ],
        [
          '10.50.0.0/24\t\tCreateRoute\tactive\tPCX23',
          '10.100.0.0/24\t\tCreateRoute\tactive\tPCX12',
          '10.200.0.0/16\tlocal\tCreateRouteTable\tactive\t',
          '0.0.0.0/0\tIGW\tCreateRoute\tactive',
        ],
        [
          '10.100.0.0/24\t\tCreateRoute\tactive\tPCX23',
          '10.200.0.0/24\t\tCreateRoute\tactive\tPCX23',
          '10.50.0.0/16\tlocal\tCreateRouteTable\tactive\t',
          '0.0.0.0/0\tIGW\tCreateRoute\tactive',
        ],
      ]
        .map((b) => b.join('\n'))
        .sort(),
    );
  });

  it('5. internet gateways as a table', async () => {
    const out = await cli([
      'ec2',
      'describe-internet-gateways',
      ...byTag,
      '--query',
      'InternetGateways[].{InternetGatewayId:InternetGatewayId,VpcId:Attachments[0].VpcId}',
      '--output',
      'table',
    ]);
    const lines = out.trimEnd().split('\n');
    expect(lines[1]).toBe('|             DescribeInternetGateways             |');
    expect(lines[3]).toBe('|    InternetGatewayId   |          VpcId          |');
    expect(lines.filter((l) => /^\| {2}igw-[0-9a-f]{17} \| {2}vpc-[0-9a-f]{17} {2}\|$/.test(l))).toHaveLength(
      3,
    );
  });

  it('6. active peerings with accepter and requester CIDRs', async () => {
    const out = await cli([
      'ec2',
      'describe-vpc-peering-connections',
      '--filters',
      'Name=status-code,Values=active',
      '--query',
      'VpcPeeringConnections[].[VpcPeeringConnectionId,AccepterVpcInfo.CidrBlock,RequesterVpcInfo.CidrBlock]',
      '--output',
      'text',
    ]);
    expect(sortLines(out)).toEqual(
      [
        `${net.peerings.p12}\t10.200.0.0/16\t10.100.0.0/16`,
        `${net.peerings.p23}\t10.50.0.0/16\t10.200.0.0/16`,
      ].sort(),
    );
  });

  it('7. instances: private and public IPs, Name and CloudFormation logical id', async () => {
    const out = await cli([
      'ec2',
      'describe-instances',
      ...byTag,
      '--query',
      "Reservations[].Instances[].[PrivateIpAddress,PublicIpAddress,Tags[?Key=='Name'].[Value],Tags[?Key=='aws:cloudformation:logical-id'].[Value]]",
      '--output',
      'text',
    ]);
    const lines = out.trimEnd().split('\n');
    expect(lines).toHaveLength(9);
    const groups = [0, 3, 6].map((i) => lines.slice(i, i + 3).join('|')).sort();
    expect(groups.map((g) => g.replace(/\t(203\.0\.113|198\.51\.100)\.\d+/, '\tPUBLIC'))).toEqual([
      `${net.privateIps[0]}\tPUBLIC|handson-vpc-peering1|EC2A`,
      `${net.privateIps[1]}\tPUBLIC|handson-vpc-peering2|EC2B`,
      `${net.privateIps[2]}\tPUBLIC|handson-vpc-peering3|EC2C`,
    ]);
  });

  it('8. security groups: description and inbound permissions', async () => {
    const out = await cli([
      'ec2',
      'describe-security-groups',
      ...byTag,
      '--query',
      'SecurityGroups[].[Description,IpPermissions]',
      '--output',
      'text',
    ]);
    expect(out).toContain(
      'Security Group for VPC1\n\t-1\t\nIPRANGES\t10.200.0.0/16\nIPRANGES\t10.50.0.0/16\n22\ttcp\t22\nIPRANGES\t198.51.100.7/32\n',
    );
  });
});

describe('the ping matrix from describe outputs', () => {
  it('reaches A↔B and B↔C and never A↔C, computed from the SDK’s responses', async () => {
    const snapshot = await fetchNetworkSnapshot(send);
    expect(Object.values(snapshot.Services ?? {})).toEqual([{ tcp: [22] }, { tcp: [22] }, { tcp: [22] }]);
    const names = ['handson-vpc-peering1', 'handson-vpc-peering2', 'handson-vpc-peering3'];
    const answers = names.flatMap((from) =>
      names
        .filter((to) => to !== from)
        .map(
          (to) =>
            `${from.slice(-1)}->${to.slice(-1)} ${reachability(snapshot, { from, to, protocol: 'icmp' }).reachable}`,
        ),
    );
    expect(answers).toEqual(['1->2 true', '1->3 false', '2->1 true', '2->3 true', '3->1 false', '3->2 true']);
    const ping = renderPing(
      reachability(snapshot, { from: names[0]!, to: net.privateIps[2]!, protocol: 'icmp' }),
      { count: 10, interrupted: true },
    );
    expect(ping.split('\n')[0]).toBe(
      `PING ${net.privateIps[2]} (${net.privateIps[2]}) 56(84) bytes of data.`,
    );
    expect(ping).toContain('100% packet loss');
  });
});
