import { describe, expect, it } from 'vitest';
import { blogPeeringSnapshot } from './__fixtures__/blog-peering';
import { fetchNetworkSnapshot } from './fetch';
import { reachability } from './reachability';

describe('fetchNetworkSnapshot', () => {
  it('follows NextToken, reads listening ports from console output and feeds reachability', async () => {
    const blog = blogPeeringSnapshot();
    const calls: string[] = [];
    const pages: Record<string, unknown[]> = {
      Reservations: blog.Reservations!,
      Subnets: blog.Subnets,
      RouteTables: blog.RouteTables,
      SecurityGroups: blog.SecurityGroups,
      VpcPeeringConnections: blog.VpcPeeringConnections!,
      Vpcs: [],
      InternetGateways: [],
    };
    const keys: Record<string, string> = {
      DescribeInstances: 'Reservations',
      DescribeSubnets: 'Subnets',
      DescribeRouteTables: 'RouteTables',
      DescribeSecurityGroups: 'SecurityGroups',
      DescribeVpcPeeringConnections: 'VpcPeeringConnections',
      DescribeVpcs: 'Vpcs',
      DescribeInternetGateways: 'InternetGateways',
    };
    const send = async (operation: string, input: Record<string, unknown>) => {
      calls.push(`${operation}${input.NextToken ? `@${input.NextToken}` : ''}`);
      if (operation === 'GetConsoleOutput') {
        const port = input.InstanceId === 'i-0bbbbbbbbbbbbbbb2' ? 2222 : 22;
        return {
          Output: Buffer.from(`sshd: Server listening on 0.0.0.0 port ${port}.\n`).toString('base64'),
        };
      }
      const items = pages[keys[operation]!]!;
      // Two items per page, as a service with a small MaxResults would answer.
      const offset = Number(input.NextToken ?? 0);
      return {
        [keys[operation]!]: items.slice(offset, offset + 2),
        ...(offset + 2 < items.length ? { NextToken: String(offset + 2) } : {}),
      };
    };
    const snapshot = await fetchNetworkSnapshot(send);
    expect(calls).toContain('DescribeInstances@2');
    expect(snapshot.Reservations).toHaveLength(3);
    expect(snapshot.SecurityGroups).toHaveLength(3);
    expect(snapshot.Services).toEqual({
      'i-0aaaaaaaaaaaaaaa1': { tcp: [22] },
      'i-0bbbbbbbbbbbbbbb2': { tcp: [2222] },
      'i-0ccccccccccccccc3': { tcp: [22] },
    });
    expect(
      reachability(snapshot, {
        from: 'handson-vpc-peering1',
        to: 'handson-vpc-peering2',
        protocol: 'tcp',
        port: 22,
      }).blockedAt?.hop,
    ).toBe('host');
    expect(
      reachability(snapshot, {
        from: 'handson-vpc-peering1',
        to: 'handson-vpc-peering2',
        protocol: 'tcp',
        port: 2222,
      }).reachable,
    ).toBe(true);
  });
});
