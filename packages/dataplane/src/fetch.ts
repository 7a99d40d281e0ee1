import { servicesFromConsoleOutput } from './matrix';
import type { HostServices, InstanceLike, NetworkSnapshot } from './snapshot';

/**
 * Calls one EC2 operation by its API name and returns its output, e.g. with the SDK v3:
 * `(op, input) => client.send(new (require('@aws-sdk/client-ec2'))[`${op}Command`](input))`.
 * Keeping the client outside lets this package stay free of SDK dependencies.
 */
// biome-ignore lint/suspicious/noExplicitAny: outputs are whatever the caller's client returns
export type Ec2Send = (operation: string, input: Record<string, unknown>) => Promise<any>;

async function all<T>(
  send: Ec2Send,
  operation: string,
  key: string,
  input: Record<string, unknown> = {},
): Promise<T[]> {
  const items: T[] = [];
  let token: string | undefined;
  do {
    const out = await send(operation, { ...input, ...(token ? { NextToken: token } : {}) });
    items.push(...((out?.[key] as T[] | undefined) ?? []));
    token = out?.NextToken;
  } while (token);
  return items;
}

/**
 * The network of one region as the data plane needs it, fetched with describe-* calls (paged), plus the
 * listening ports each running instance reports on its console (the sandbox's instances do; on AWS this is
 * usually empty, and TCP checks then are decided by the network alone). Everything is fetched, unfiltered,
 * because a route or a rule may point at resources a lab did not tag.
 */
export async function fetchNetworkSnapshot(
  send: Ec2Send,
  options: { consoleOutput?: boolean } = {},
): Promise<NetworkSnapshot> {
  const [Reservations, Subnets, RouteTables, SecurityGroups, VpcPeeringConnections, Vpcs, InternetGateways] =
    await Promise.all([
      all<{ Instances?: InstanceLike[] }>(send, 'DescribeInstances', 'Reservations'),
      all(send, 'DescribeSubnets', 'Subnets'),
      all(send, 'DescribeRouteTables', 'RouteTables'),
      all(send, 'DescribeSecurityGroups', 'SecurityGroups'),
      all(send, 'DescribeVpcPeeringConnections', 'VpcPeeringConnections'),
      all(send, 'DescribeVpcs', 'Vpcs'),
      all(send, 'DescribeInternetGateways', 'InternetGateways'),
    ]);
  const Services: Record<string, HostServices> = {};
  if (options.consoleOutput !== false) {
    const running = Reservations.flatMap((r) => r.Instances ?? []).filter(
      (i) => i.State?.Name === 'running' && i.InstanceId,
    );
    for (const instance of running) {
      const out = await send('GetConsoleOutput', { InstanceId: instance.InstanceId });
      const text = out?.Output ? Buffer.from(String(out.Output), 'base64').toString('utf8') : '';
      const services = servicesFromConsoleOutput(text);
      if (services) Services[instance.InstanceId!] = services;
    }
  }
  return {
    Reservations,
    Subnets: Subnets as NetworkSnapshot['Subnets'],
    RouteTables: RouteTables as NetworkSnapshot['RouteTables'],
    SecurityGroups: SecurityGroups as NetworkSnapshot['SecurityGroups'],
    VpcPeeringConnections: VpcPeeringConnections as NetworkSnapshot['VpcPeeringConnections'] & object,
    Vpcs: Vpcs as NetworkSnapshot['Vpcs'] & object,
    InternetGateways: InternetGateways as NetworkSnapshot['InternetGateways'] & object,
    Services,
  };
}
