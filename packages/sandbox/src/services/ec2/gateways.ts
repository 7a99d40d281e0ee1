import { AwsError, type Handler, type RequestContext } from '../../core/types';
import { dependencyViolation, notFound, stringList } from './errors';
import { applyFilters, type Filter } from './filters';
import { newId } from './ids';
import { paginate } from './pagination';
import { type Ec2State, ec2State, type InternetGatewayRecord } from './state';
import { applyTagSpecifications, tagsMember } from './tags';
import { getVpc } from './vpcs';

export function getInternetGateway(state: Ec2State, id: unknown): InternetGatewayRecord {
  const igw = state.internetGateways[String(id)];
  if (!igw) throw notFound('igw', String(id));
  return igw;
}

function igwView(ctx: RequestContext, state: Ec2State, igw: InternetGatewayRecord) {
  return {
    // An internet gateway's attachment reports `available` once attached, not `attached`.
    Attachments: igw.Attachments.map((a) => ({ State: 'available', VpcId: a.VpcId })),
    InternetGatewayId: igw.InternetGatewayId,
    OwnerId: ctx.accountId,
    ...tagsMember(state, igw.InternetGatewayId),
  };
}

export const gatewayOperations: Record<string, Handler> = {
  CreateInternetGateway(ctx, input) {
    const state = ec2State(ctx);
    const igw: InternetGatewayRecord = { InternetGatewayId: newId(ctx, 'igw'), Attachments: [] };
    applyTagSpecifications(state, igw.InternetGatewayId, input.TagSpecifications, 'internet-gateway');
    state.internetGateways[igw.InternetGatewayId] = igw;
    return { InternetGateway: igwView(ctx, state, igw) };
  },
  AttachInternetGateway(ctx, input) {
    const state = ec2State(ctx);
    const igw = getInternetGateway(state, input.InternetGatewayId);
    const vpc = getVpc(state, input.VpcId);
    if (igw.Attachments.length > 0) {
      throw new AwsError(
        'Resource.AlreadyAssociated',
        `resource ${igw.InternetGatewayId} is already attached to network ${igw.Attachments[0]!.VpcId}`,
      );
    }
    if (Object.values(state.internetGateways).some((g) => g.Attachments.some((a) => a.VpcId === vpc.VpcId))) {
      throw new AwsError(
        'Resource.AlreadyAssociated',
        `Network ${vpc.VpcId} already has an internet gateway attached`,
      );
    }
    igw.Attachments.push({ VpcId: vpc.VpcId });
    return {};
  },
  DetachInternetGateway(ctx, input) {
    const state = ec2State(ctx);
    const igw = getInternetGateway(state, input.InternetGatewayId);
    const vpcId = String(input.VpcId);
    if (!igw.Attachments.some((a) => a.VpcId === vpcId)) {
      throw new AwsError(
        'Gateway.NotAttached',
        `resource ${igw.InternetGatewayId} is not attached to network ${vpcId}`,
      );
    }
    const mapped = Object.values(state.instances).some(
      (i) => i.VpcId === vpcId && i.PublicIpAddress !== undefined && i.State !== 'terminated',
    );
    if (mapped) {
      throw dependencyViolation(
        `Network ${vpcId} has some mapped public address(es). Please unmap those public address(es) before detaching the gateway.`,
      );
    }
    igw.Attachments = igw.Attachments.filter((a) => a.VpcId !== vpcId);
    return {};
  },
  DeleteInternetGateway(ctx, input) {
    const state = ec2State(ctx);
    const igw = getInternetGateway(state, input.InternetGatewayId);
    if (igw.Attachments.length > 0) {
      throw dependencyViolation(
        `The internetGateway '${igw.InternetGatewayId}' has dependencies and cannot be deleted.`,
      );
    }
    delete state.internetGateways[igw.InternetGatewayId];
    delete state.tags[igw.InternetGatewayId];
    return {};
  },
  DescribeInternetGateways(ctx, input) {
    const state = ec2State(ctx);
    const ids = stringList(input.InternetGatewayIds);
    const missing = ids.filter((id) => !state.internetGateways[id]);
    if (missing.length > 0) throw notFound('igw', missing);
    const gateways = Object.values(state.internetGateways).filter(
      (g) => ids.length === 0 || ids.includes(g.InternetGatewayId),
    );
    const filtered = applyFilters(
      gateways,
      input.Filters as Filter[] | undefined,
      {
        'internet-gateway-id': (g) => g.InternetGatewayId,
        'attachment.vpc-id': (g) => g.Attachments.map((a) => a.VpcId),
        'attachment.state': (g) => (g.Attachments.length > 0 ? 'available' : undefined),
        'owner-id': () => ctx.accountId,
      },
      (g) => state.tags[g.InternetGatewayId],
    );
    const { page, NextToken } = paginate(filtered, input, { min: 5, max: 1000, cap: ctx.pageSize });
    return { InternetGateways: page.map((g) => igwView(ctx, state, g)), ...(NextToken ? { NextToken } : {}) };
  },
};
