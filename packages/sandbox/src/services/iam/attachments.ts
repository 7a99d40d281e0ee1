import type { Handler } from '../../core/types';
import { limitExceeded, noSuchEntity } from './entities';
import { pageOutput, paginate } from './paginate';
import { attachablePolicy, lookupPolicy } from './policy-store';
import { holder, type PolicyHolderKind, perKind } from './principal-kinds';
import { iamState } from './state';
import { optionalPathPrefix, requireArn } from './validate';

/** Managed policies per user, group or role: 10 by default in AWS. */
const MAX_ATTACHED = 10;

const attach =
  (kind: PolicyHolderKind): Handler =>
  (ctx, input) => {
    const state = iamState(ctx);
    const entity = holder(kind, state, input);
    const arn = requireArn(input, 'PolicyArn');
    attachablePolicy(state, arn);
    if (entity.attachedPolicies.includes(arn)) return {};
    if (entity.attachedPolicies.length >= MAX_ATTACHED) {
      throw limitExceeded(`Cannot exceed quota for PoliciesPer${kind.kind}: ${MAX_ATTACHED}`);
    }
    entity.attachedPolicies.push(arn);
    return {};
  };

const detach =
  (kind: PolicyHolderKind): Handler =>
  (ctx, input) => {
    const state = iamState(ctx);
    const entity = holder(kind, state, input);
    const arn = requireArn(input, 'PolicyArn');
    if (!entity.attachedPolicies.includes(arn)) throw noSuchEntity(`Policy ${arn} was not found.`);
    entity.attachedPolicies = entity.attachedPolicies.filter((a) => a !== arn);
    return {};
  };

const listAttached =
  (kind: PolicyHolderKind): Handler =>
  (ctx, input) => {
    const state = iamState(ctx);
    const entity = holder(kind, state, input);
    const prefix = optionalPathPrefix(input);
    const attached = entity.attachedPolicies
      .map((arn) => lookupPolicy(state, arn))
      .filter((p) => p?.Path.startsWith(prefix))
      .map((p) => ({ PolicyName: p!.PolicyName, PolicyArn: p!.Arn }));
    return pageOutput('AttachedPolicies', paginate(attached, input, ctx.pageSize));
  };

export const attachmentOperations: Record<string, Handler> = {
  ...perKind(attach, (k) => `Attach${k.kind}Policy`),
  ...perKind(detach, (k) => `Detach${k.kind}Policy`),
  ...perKind(listAttached, (k) => `ListAttached${k.kind}Policies`),
};
