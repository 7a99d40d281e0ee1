import { parseCidr } from '@handson/dataplane';
import { AwsError, type Handler, type RequestContext } from '../../core/types';
import { dependencyViolation, type Input, invalidParameterValue, notFound, stringList } from './errors';
import { applyFilters, type Filter } from './filters';
import { newId } from './ids';
import { paginate } from './pagination';
import { type Ec2State, ec2State, type RouteRecord, type RouteTableRecord } from './state';
import { applyTagSpecifications, tagsMember } from './tags';
import { getSubnet, getVpc } from './vpcs';

export function getRouteTable(state: Ec2State, id: unknown): RouteTableRecord {
  const table = state.routeTables[String(id)];
  if (!table) throw notFound('rtb', String(id));
  return table;
}

/** `active`, or `blackhole` when the target is gone (detached gateway, peering not active, instance stopped). */
function routeState(state: Ec2State, table: RouteTableRecord, route: RouteRecord): string {
  if (route.GatewayId?.startsWith('igw-')) {
    const igw = state.internetGateways[route.GatewayId];
    return igw?.Attachments.some((a) => a.VpcId === table.VpcId) ? 'active' : 'blackhole';
  }
  if (route.VpcPeeringConnectionId) {
    return state.peerings[route.VpcPeeringConnectionId]?.Status.Code === 'active' ? 'active' : 'blackhole';
  }
  if (route.InstanceId)
    return state.instances[route.InstanceId]?.State === 'running' ? 'active' : 'blackhole';
  return 'active';
}

/** Routes as EC2 lists them: most specific first, then by address (the order in the blog's output). */
function sortedRoutes(routes: RouteRecord[]): RouteRecord[] {
  return [...routes].sort((a, b) => {
    const ca = parseCidr(a.DestinationCidrBlock)!;
    const cb = parseCidr(b.DestinationCidrBlock)!;
    return cb.prefix - ca.prefix || ca.network - cb.network;
  });
}

export function routeTableView(ctx: RequestContext, state: Ec2State, table: RouteTableRecord) {
  return {
    Associations: table.Associations.map((a) => ({
      Main: a.Main,
      RouteTableAssociationId: a.RouteTableAssociationId,
      RouteTableId: table.RouteTableId,
      ...(a.SubnetId ? { SubnetId: a.SubnetId } : {}),
      AssociationState: { State: 'associated' },
    })),
    PropagatingVgws: [],
    RouteTableId: table.RouteTableId,
    Routes: sortedRoutes(table.Routes).map((r) => ({
      DestinationCidrBlock: r.DestinationCidrBlock,
      ...(r.GatewayId ? { GatewayId: r.GatewayId } : {}),
      ...(r.InstanceId ? { InstanceId: r.InstanceId, InstanceOwnerId: ctx.accountId } : {}),
      ...(r.NetworkInterfaceId ? { NetworkInterfaceId: r.NetworkInterfaceId } : {}),
      Origin: r.Origin,
      State: routeState(state, table, r),
      ...(r.VpcPeeringConnectionId ? { VpcPeeringConnectionId: r.VpcPeeringConnectionId } : {}),
    })),
    ...tagsMember(state, table.RouteTableId),
    VpcId: table.VpcId,
    OwnerId: ctx.accountId,
  };
}

function destination(input: Record<string, unknown>): string {
  const text = input.DestinationCidrBlock;
  if (text === undefined) {
    throw new AwsError('MissingParameter', 'The request must contain the parameter destinationCidrBlock');
  }
  const cidr = typeof text === 'string' ? parseCidr(text) : undefined;
  if (!cidr) {
    throw invalidParameterValue(
      `Value (${String(text)}) for parameter destinationCidrBlock is invalid. This is not a valid CIDR block.`,
    );
  }
  return String(text);
}

const UNMODELLED_TARGETS: [member: string, code: string, noun: string][] = [
  ['NatGatewayId', 'InvalidNatGatewayID.NotFound', 'natGateway ID'],
  ['TransitGatewayId', 'InvalidTransitGatewayID.NotFound', 'transitGateway ID'],
  ['NetworkInterfaceId', 'InvalidNetworkInterfaceID.NotFound', 'network interface ID'],
  ['EgressOnlyInternetGatewayId', 'InvalidGatewayID.NotFound', 'gateway ID'],
  ['VpcEndpointId', 'InvalidVpcEndpointId.NotFound', 'VpcEndpoint ID'],
  ['LocalGatewayId', 'InvalidLocalGatewayID.NotFound', 'localGateway ID'],
  ['CarrierGatewayId', 'InvalidCarrierGatewayID.NotFound', 'carrierGateway ID'],
];

/** The target of CreateRoute/ReplaceRoute, checked to exist and to belong to the table's VPC. */
function target(state: Ec2State, table: RouteTableRecord, input: Input) {
  const given = [
    'GatewayId',
    'VpcPeeringConnectionId',
    'InstanceId',
    ...UNMODELLED_TARGETS.map(([m]) => m),
  ].filter((m) => input[m] !== undefined);
  if (given.length !== 1) {
    throw new AwsError(
      given.length === 0 ? 'MissingParameter' : 'InvalidParameterCombination',
      'The request must contain exactly one of gatewayId, natGatewayId, networkInterfaceId, vpcPeeringConnectionId, egressOnlyInternetGatewayId, transitGatewayId, localGatewayId, carrierGatewayId or instanceId',
    );
  }
  const member = given[0]!;
  const id = String(input[member]);
  if (member === 'GatewayId') {
    const igw = state.internetGateways[id];
    if (!igw) throw new AwsError('InvalidGatewayID.NotFound', `The gateway ID '${id}' does not exist`);
    if (!igw.Attachments.some((a) => a.VpcId === table.VpcId)) {
      throw invalidParameterValue(
        `route table ${table.RouteTableId} and network gateway ${id} belong to different networks`,
      );
    }
    return { GatewayId: id };
  }
  if (member === 'VpcPeeringConnectionId') {
    const pcx = state.peerings[id];
    if (!pcx || ['deleted', 'rejected', 'failed', 'expired'].includes(pcx.Status.Code)) {
      throw new AwsError(
        'InvalidVpcPeeringConnectionID.NotFound',
        `The vpcPeeringConnection ID '${id}' does not exist`,
      );
    }
    if (pcx.RequesterVpcId !== table.VpcId && pcx.AccepterVpcId !== table.VpcId) {
      throw invalidParameterValue(
        `route table ${table.RouteTableId} and peering connection ${id} belong to different networks`,
      );
    }
    return { VpcPeeringConnectionId: id };
  }
  if (member === 'InstanceId') {
    const instance = state.instances[id];
    if (!instance || instance.State === 'terminated') throw notFound('i', id);
    if (instance.VpcId !== table.VpcId) {
      throw invalidParameterValue(
        `route table ${table.RouteTableId} and instance ${id} belong to different networks`,
      );
    }
    return { InstanceId: id, NetworkInterfaceId: instance.NetworkInterfaceId };
  }
  // NAT gateways, transit gateways and the rest are not modelled, so no such target can exist here.
  const [, code, noun] = UNMODELLED_TARGETS.find(([m]) => m === member)!;
  throw new AwsError(code, `The ${noun} '${id}' does not exist`);
}

export const routeTableOperations: Record<string, Handler> = {
  CreateRouteTable(ctx, input) {
    const state = ec2State(ctx);
    const vpc = getVpc(state, input.VpcId);
    const table: RouteTableRecord = {
      RouteTableId: newId(ctx, 'rtb'),
      VpcId: vpc.VpcId,
      Routes: [{ DestinationCidrBlock: vpc.CidrBlock, GatewayId: 'local', Origin: 'CreateRouteTable' }],
      Associations: [],
    };
    applyTagSpecifications(state, table.RouteTableId, input.TagSpecifications, 'route-table');
    state.routeTables[table.RouteTableId] = table;
    return { RouteTable: routeTableView(ctx, state, table) };
  },
  DescribeRouteTables(ctx, input) {
    const state = ec2State(ctx);
    const ids = stringList(input.RouteTableIds);
    const missing = ids.filter((id) => !state.routeTables[id]);
    if (missing.length > 0) throw notFound('rtb', missing);
    const tables = Object.values(state.routeTables).filter(
      (t) => ids.length === 0 || ids.includes(t.RouteTableId),
    );
    const views = tables.map((t) => routeTableView(ctx, state, t));
    const filtered = applyFilters(
      views,
      input.Filters as Filter[] | undefined,
      {
        'route-table-id': (t) => t.RouteTableId,
        'vpc-id': (t) => t.VpcId,
        'owner-id': (t) => t.OwnerId,
        'association.route-table-association-id': (t) => t.Associations.map((a) => a.RouteTableAssociationId),
        'association.route-table-id': (t) => t.Associations.map((a) => a.RouteTableId),
        'association.subnet-id': (t) => t.Associations.map((a) => a.SubnetId),
        'association.main': (t) => t.Associations.map((a) => a.Main),
        'route.destination-cidr-block': (t) => t.Routes.map((r) => r.DestinationCidrBlock),
        'route.gateway-id': (t) => t.Routes.map((r) => r.GatewayId),
        'route.vpc-peering-connection-id': (t) => t.Routes.map((r) => r.VpcPeeringConnectionId),
        'route.instance-id': (t) => t.Routes.map((r) => r.InstanceId),
        'route.origin': (t) => t.Routes.map((r) => r.Origin),
        'route.state': (t) => t.Routes.map((r) => r.State),
      },
      (t) => state.tags[t.RouteTableId],
    );
    const { page, NextToken } = paginate(filtered, input, { min: 5, max: 100, cap: ctx.pageSize });
    return { RouteTables: page, ...(NextToken ? { NextToken } : {}) };
  },
  DeleteRouteTable(ctx, input) {
    const state = ec2State(ctx);
    const table = getRouteTable(state, input.RouteTableId);
    if (table.Associations.length > 0) {
      throw dependencyViolation(
        `The routeTable '${table.RouteTableId}' has dependencies and cannot be deleted.`,
      );
    }
    delete state.routeTables[table.RouteTableId];
    delete state.tags[table.RouteTableId];
    return {};
  },
  AssociateRouteTable(ctx, input) {
    const state = ec2State(ctx);
    const table = getRouteTable(state, input.RouteTableId);
    if (input.GatewayId !== undefined) {
      throw new AwsError(
        'UnsupportedOperation',
        'Gateway route table associations are not modelled by the sandbox.',
      );
    }
    const subnet = getSubnet(state, input.SubnetId);
    if (subnet.VpcId !== table.VpcId) {
      throw invalidParameterValue(
        `Route table ${table.RouteTableId} and subnet ${subnet.SubnetId} belong to different networks`,
      );
    }
    const existing = Object.values(state.routeTables).find((t) =>
      t.Associations.some((a) => a.SubnetId === subnet.SubnetId),
    );
    if (existing) {
      throw new AwsError(
        'Resource.AlreadyAssociated',
        `the specified association for route table ${existing.RouteTableId} conflicts with an existing association`,
      );
    }
    const AssociationId = newId(ctx, 'rtbassoc');
    table.Associations.push({
      RouteTableAssociationId: AssociationId,
      Main: false,
      SubnetId: subnet.SubnetId,
    });
    return { AssociationId, AssociationState: { State: 'associated' } };
  },
  DisassociateRouteTable(ctx, input) {
    const state = ec2State(ctx);
    const id = String(input.AssociationId);
    for (const table of Object.values(state.routeTables)) {
      const association = table.Associations.find((a) => a.RouteTableAssociationId === id);
      if (!association) continue;
      if (association.Main)
        throw invalidParameterValue(`cannot disassociate the main route table association ${id}`);
      table.Associations = table.Associations.filter((a) => a !== association);
      return {};
    }
    throw notFound('rtbassoc', id);
  },
  ReplaceRouteTableAssociation(ctx, input) {
    const state = ec2State(ctx);
    const id = String(input.AssociationId);
    const to = getRouteTable(state, input.RouteTableId);
    const from = Object.values(state.routeTables).find((t) =>
      t.Associations.some((a) => a.RouteTableAssociationId === id),
    );
    if (!from) throw notFound('rtbassoc', id);
    if (from.VpcId !== to.VpcId) {
      throw invalidParameterValue(
        `Route table ${to.RouteTableId} and association ${id} belong to different networks`,
      );
    }
    const association = from.Associations.find((a) => a.RouteTableAssociationId === id)!;
    from.Associations = from.Associations.filter((a) => a !== association);
    const NewAssociationId = newId(ctx, 'rtbassoc');
    to.Associations.push({ ...association, RouteTableAssociationId: NewAssociationId });
    return { NewAssociationId, AssociationState: { State: 'associated' } };
  },
  CreateRoute(ctx, input) {
    const state = ec2State(ctx);
    const table = getRouteTable(state, input.RouteTableId);
    const cidr = destination(input);
    const to = target(state, table, input);
    if (table.Routes.some((r) => r.DestinationCidrBlock === cidr)) {
      throw new AwsError('RouteAlreadyExists', `The route identified by ${cidr} already exists.`);
    }
    table.Routes.push({ DestinationCidrBlock: cidr, ...to, Origin: 'CreateRoute' });
    return { Return: true };
  },
  ReplaceRoute(ctx, input) {
    const state = ec2State(ctx);
    const table = getRouteTable(state, input.RouteTableId);
    const cidr = destination(input);
    const index = table.Routes.findIndex((r) => r.DestinationCidrBlock === cidr);
    if (index < 0) {
      throw new AwsError(
        'InvalidRoute.NotFound',
        `There is no route defined for '${cidr}' in the route table. Use CreateRoute instead.`,
      );
    }
    if (table.Routes[index]!.GatewayId === 'local') {
      throw invalidParameterValue(`cannot replace local route ${cidr} in route table ${table.RouteTableId}`);
    }
    table.Routes[index] = {
      DestinationCidrBlock: cidr,
      ...target(state, table, input),
      Origin: 'CreateRoute',
    };
    return {};
  },
  DeleteRoute(ctx, input) {
    const state = ec2State(ctx);
    const table = getRouteTable(state, input.RouteTableId);
    const cidr = destination(input);
    const route = table.Routes.find((r) => r.DestinationCidrBlock === cidr);
    if (!route) {
      throw new AwsError(
        'InvalidRoute.NotFound',
        `no route with destination-cidr-block ${cidr} in route table ${table.RouteTableId}`,
      );
    }
    if (route.GatewayId === 'local') {
      throw invalidParameterValue(`cannot remove local route ${cidr} in route table ${table.RouteTableId}`);
    }
    table.Routes = table.Routes.filter((r) => r !== route);
    return {};
  },
};
