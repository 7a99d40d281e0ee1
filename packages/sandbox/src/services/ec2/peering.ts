import { cidrsOverlap, parseCidr } from '@handson/dataplane';
import { AwsError, type Handler, type RequestContext } from '../../core/types';
import { invalidParameterValue, notFound, stringList } from './errors';
import { applyFilters, type Filter } from './filters';
import { newId } from './ids';
import { paginate } from './pagination';
import { type Ec2State, ec2State, type PeeringRecord } from './state';
import { applyTagSpecifications, tagsMember } from './tags';
import { ec2Now } from './time';
import { getVpc } from './vpcs';

const HOUR = 3600_000;
/** How long a finished peering stays visible, as AWS documents it. */
const VISIBLE_FOR: Record<string, number> = {
  deleted: 2 * HOUR,
  failed: 2 * HOUR,
  rejected: 48 * HOUR,
  expired: 48 * HOUR,
};

function setStatus(ctx: RequestContext, pcx: PeeringRecord, Code: string, Message: string): void {
  pcx.Status = { Code, Message };
  pcx.StatusTime = ec2Now(ctx);
  if (Code !== 'pending-acceptance') delete pcx.ExpirationTime;
}

/** Expires requests nobody accepted within 7 days. */
function settle(ctx: RequestContext, pcx: PeeringRecord): void {
  if (
    pcx.Status.Code === 'pending-acceptance' &&
    pcx.ExpirationTime &&
    ctx.now() >= new Date(pcx.ExpirationTime)
  ) {
    setStatus(ctx, pcx, 'expired', 'Expired');
  }
}

function visible(ctx: RequestContext, pcx: PeeringRecord): boolean {
  const limit = VISIBLE_FOR[pcx.Status.Code];
  return limit === undefined || ctx.now().getTime() - new Date(pcx.StatusTime).getTime() < limit;
}

export function getPeering(ctx: RequestContext, state: Ec2State, id: unknown): PeeringRecord {
  const pcx = state.peerings[String(id)];
  if (!pcx || !visible(ctx, pcx)) throw notFound('pcx', String(id));
  settle(ctx, pcx);
  return pcx;
}

export function peeringView(ctx: RequestContext, state: Ec2State, pcx: PeeringRecord) {
  const active = pcx.Status.Code === 'active';
  const options = active
    ? {
        PeeringOptions: {
          AllowDnsResolutionFromRemoteVpc: false,
          AllowEgressFromLocalClassicLinkToRemoteVpc: false,
          AllowEgressFromLocalVpcToRemoteClassicLink: false,
        },
      }
    : {};
  return {
    // Until the peering is active, AWS shows the accepter's CIDR only to its owner; the requester sees none.
    AccepterVpcInfo: {
      ...(active ? { CidrBlock: pcx.AccepterCidr, CidrBlockSet: [{ CidrBlock: pcx.AccepterCidr }] } : {}),
      OwnerId: ctx.accountId,
      ...options,
      VpcId: pcx.AccepterVpcId,
      Region: ctx.region,
    },
    ...(pcx.ExpirationTime ? { ExpirationTime: pcx.ExpirationTime } : {}),
    RequesterVpcInfo: {
      CidrBlock: pcx.RequesterCidr,
      CidrBlockSet: [{ CidrBlock: pcx.RequesterCidr }],
      OwnerId: ctx.accountId,
      ...options,
      VpcId: pcx.RequesterVpcId,
      Region: ctx.region,
    },
    Status: { ...pcx.Status },
    ...tagsMember(state, pcx.VpcPeeringConnectionId),
    VpcPeeringConnectionId: pcx.VpcPeeringConnectionId,
  };
}

function invalidTransition(pcx: PeeringRecord, to: string): AwsError {
  return new AwsError(
    'InvalidStateTransition',
    `Invalid state transition for ${pcx.VpcPeeringConnectionId}, attempted to transition from ${pcx.Status.Code} to ${to}`,
  );
}

export const peeringOperations: Record<string, Handler> = {
  CreateVpcPeeringConnection(ctx, input) {
    const state = ec2State(ctx);
    const requester = getVpc(state, input.VpcId);
    if (input.PeerOwnerId !== undefined && String(input.PeerOwnerId) !== ctx.accountId) {
      throw new AwsError('UnsupportedOperation', 'The sandbox models VPC peering within one account only.');
    }
    if (input.PeerRegion !== undefined && String(input.PeerRegion) !== ctx.region) {
      throw new AwsError('UnsupportedOperation', 'The sandbox models VPC peering within one region only.');
    }
    if (input.PeerVpcId === undefined)
      throw new AwsError('MissingParameter', 'The request must contain the parameter peerVpcId');
    const accepter = getVpc(state, input.PeerVpcId);
    if (accepter.VpcId === requester.VpcId) {
      throw invalidParameterValue(
        `The VPC peering connection cannot be created between ${requester.VpcId} and itself.`,
      );
    }
    const pcx: PeeringRecord = {
      VpcPeeringConnectionId: newId(ctx, 'pcx'),
      RequesterVpcId: requester.VpcId,
      RequesterCidr: requester.CidrBlock,
      AccepterVpcId: accepter.VpcId,
      AccepterCidr: accepter.CidrBlock,
      Status: { Code: 'initiating-request', Message: `Initiating Request to ${ctx.accountId}` },
      StatusTime: ec2Now(ctx),
    };
    applyTagSpecifications(
      state,
      pcx.VpcPeeringConnectionId,
      input.TagSpecifications,
      'vpc-peering-connection',
    );
    const response = peeringView(ctx, state, pcx);
    // The request is answered as initiating-request; the connection then fails on overlapping CIDRs (as AWS
    // documents for CreateVpcPeeringConnection) or waits for the accepter.
    if (cidrsOverlap(parseCidr(requester.CidrBlock)!, parseCidr(accepter.CidrBlock)!)) {
      setStatus(ctx, pcx, 'failed', 'Overlapping CIDRs');
    } else {
      setStatus(ctx, pcx, 'pending-acceptance', `Pending Acceptance by ${ctx.accountId}`);
      pcx.ExpirationTime = new Date(Date.parse(ec2Now(ctx)) + 7 * 24 * HOUR).toISOString();
    }
    state.peerings[pcx.VpcPeeringConnectionId] = pcx;
    return { VpcPeeringConnection: response };
  },
  AcceptVpcPeeringConnection(ctx, input) {
    const state = ec2State(ctx);
    const pcx = getPeering(ctx, state, input.VpcPeeringConnectionId);
    if (pcx.Status.Code !== 'pending-acceptance') throw invalidTransition(pcx, 'active');
    setStatus(ctx, pcx, 'active', 'Active');
    return { VpcPeeringConnection: peeringView(ctx, state, pcx) };
  },
  RejectVpcPeeringConnection(ctx, input) {
    const state = ec2State(ctx);
    const pcx = getPeering(ctx, state, input.VpcPeeringConnectionId);
    if (pcx.Status.Code !== 'pending-acceptance') throw invalidTransition(pcx, 'rejected');
    setStatus(ctx, pcx, 'rejected', `Rejected by ${ctx.accountId}`);
    return { Return: true };
  },
  DeleteVpcPeeringConnection(ctx, input) {
    const state = ec2State(ctx);
    const pcx = getPeering(ctx, state, input.VpcPeeringConnectionId);
    if (pcx.Status.Code !== 'active' && pcx.Status.Code !== 'pending-acceptance')
      throw invalidTransition(pcx, 'deleted');
    setStatus(ctx, pcx, 'deleted', `Deleted by ${ctx.accountId}`);
    return { Return: true };
  },
  DescribeVpcPeeringConnections(ctx, input) {
    const state = ec2State(ctx);
    const ids = stringList(input.VpcPeeringConnectionIds);
    const all = Object.values(state.peerings).filter((p) => visible(ctx, p));
    const missing = ids.filter((id) => !all.some((p) => p.VpcPeeringConnectionId === id));
    if (missing.length > 0) throw notFound('pcx', missing);
    for (const pcx of all) settle(ctx, pcx);
    const views = all
      .filter((p) => ids.length === 0 || ids.includes(p.VpcPeeringConnectionId))
      .map((p) => peeringView(ctx, state, p));
    const filtered = applyFilters(
      views,
      input.Filters as Filter[] | undefined,
      {
        'vpc-peering-connection-id': (p) => p.VpcPeeringConnectionId,
        'status-code': (p) => p.Status.Code,
        'status-message': (p) => p.Status.Message,
        'expiration-time': (p) => p.ExpirationTime,
        'accepter-vpc-info.cidr-block': (p) => p.AccepterVpcInfo.CidrBlock,
        'accepter-vpc-info.owner-id': (p) => p.AccepterVpcInfo.OwnerId,
        'accepter-vpc-info.vpc-id': (p) => p.AccepterVpcInfo.VpcId,
        'requester-vpc-info.cidr-block': (p) => p.RequesterVpcInfo.CidrBlock,
        'requester-vpc-info.owner-id': (p) => p.RequesterVpcInfo.OwnerId,
        'requester-vpc-info.vpc-id': (p) => p.RequesterVpcInfo.VpcId,
      },
      (p) => state.tags[p.VpcPeeringConnectionId],
    );
    const { page, NextToken } = paginate(filtered, input, { min: 5, max: 1000, cap: ctx.pageSize });
    return { VpcPeeringConnections: page, ...(NextToken ? { NextToken } : {}) };
  },
};
