import { withDicts } from '../../core/dict';
import type { RequestContext } from '../../core/types';
import { createDefaultNetwork } from './defaults';
import type { Ec2State } from './records';

export type {
  AssociationRecord,
  Ec2State,
  InstanceRecord,
  InstanceStateName,
  InternetGatewayRecord,
  KeyPairRecord,
  PeeringRecord,
  RouteRecord,
  RouteTableRecord,
  SecurityGroupRecord,
  SecurityGroupRuleRecord,
  SubnetRecord,
  TagRecord,
  VpcRecord,
} from './records';

/** One region's EC2 state for one account: plain JSON, persisted by the core after mutating requests. */
export function emptyState(): Ec2State {
  return {
    version: 1,
    vpcs: {},
    subnets: {},
    internetGateways: {},
    routeTables: {},
    peerings: {},
    securityGroups: {},
    keyPairs: {},
    instances: {},
    tags: {},
    publicIps: [],
  };
}

/** The region's state; the first use in a region creates its default VPC, as every AWS region has one. */
export function ec2State(ctx: RequestContext): Ec2State {
  const state = ctx.store<Ec2State>('ec2', 'region', () => {
    const state = emptyState();
    createDefaultNetwork(state, ctx.accountId, ctx.region);
    return state;
  });
  return withDicts(state);
}
