import {
  type NetworkSnapshot,
  type ReachabilityQuery,
  type ReachabilityResult,
  reachability,
} from '@handson/dataplane';
import { cloneState } from '../../core/changes';
import type { Handler, RequestContext } from '../../core/types';
import type { Input } from './errors';
import { gatewayOperations } from './gateways';
import { listeningPorts } from './instance-lifecycle';
import { getInstance, instanceView, liveInstances } from './instance-views';
import { peeringOperations } from './peering';
import { routeTableOperations } from './route-tables';
import { securityGroupOperations } from './security-groups';
import { ec2State } from './state';
import { vpcOperations } from './vpcs';

/**
 * The sandbox side of the simulated data plane: the region's network as describe-* outputs (the same input
 * @handson/dataplane takes for a real account), plus what each instance's model listens on.
 */
export async function networkSnapshot(ctx: RequestContext): Promise<NetworkSnapshot> {
  const state = ec2State(ctx);
  const instances = liveInstances(ctx, state);
  const call = async (handlers: Record<string, Handler>, name: string) =>
    (await handlers[name]!(ctx, {})) as Input;
  return {
    Instances: instances.map((i) => instanceView(ctx, state, i)),
    Subnets: (await call(vpcOperations, 'DescribeSubnets')).Subnets,
    Vpcs: (await call(vpcOperations, 'DescribeVpcs')).Vpcs,
    RouteTables: (await call(routeTableOperations, 'DescribeRouteTables')).RouteTables,
    SecurityGroups: (await call(securityGroupOperations, 'DescribeSecurityGroups')).SecurityGroups,
    VpcPeeringConnections: (await call(peeringOperations, 'DescribeVpcPeeringConnections'))
      .VpcPeeringConnections,
    InternetGateways: (await call(gatewayOperations, 'DescribeInternetGateways')).InternetGateways,
    Services: Object.fromEntries(
      instances.filter((i) => i.Model).map((i) => [i.InstanceId, { tcp: listeningPorts(i) }]),
    ),
  };
}

/** Whether `query.from` reaches `query.to` in this region, hop by hop. */
export async function checkReachability(
  ctx: RequestContext,
  query: ReachabilityQuery,
): Promise<ReachabilityResult> {
  return reachability(await networkSnapshot(ctx), query);
}

/** The simulated operating system of an instance: its files, sshd, and what the user data did. */
export function describeInstanceModel(ctx: RequestContext, instanceId: string) {
  const state = ec2State(ctx);
  const instance = getInstance(ctx, state, instanceId);
  return {
    InstanceId: instance.InstanceId,
    State: instance.State,
    ListeningTcpPorts: listeningPorts(instance),
    ...(instance.Model ? { Model: cloneState(instance.Model) } : {}),
  };
}

/**
 * Sandbox-only operations (not in the EC2 API, so not reachable over HTTP; other services and in-process
 * callers use them through `ctx.call('ec2', …)`).
 */
export const sandboxOperations: Record<string, Handler> = {
  SandboxDescribeInstanceModel: (ctx, input) => describeInstanceModel(ctx, String(input.InstanceId)),
  SandboxCheckReachability: (ctx, input) =>
    checkReachability(ctx, {
      from: input.From as ReachabilityQuery['from'],
      to: String(input.To),
      protocol: (input.Protocol ?? 'icmp') as ReachabilityQuery['protocol'],
      ...(input.Port !== undefined ? { port: Number(input.Port) } : {}),
    }),
};
