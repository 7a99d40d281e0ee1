import { asDict } from '../../core/dict';
import type { Handler } from '../../core/types';
import { parsePolicyDocument } from '../../policy/parse';
import { limitExceeded, noSuchEntity } from './entities';
import { pageOutput, paginate } from './paginate';
import { documentOut } from './policy-store';
import { holder, type PolicyHolderKind, perKind } from './principal-kinds';
import { iamState } from './state';
import { policySize, requireDocument, requireName } from './validate';

/** The policy holder, its inline policies a map without a prototype (any policy name is an ordinary key). */
const entityOf = (...args: Parameters<typeof holder>) => {
  const entity = holder(...args);
  asDict(entity.inlinePolicies);
  return entity;
};

/**
 * IAM's quotas on the inline policies of one identity, all its inline policies together, in characters
 * not counting white space (IAM user guide, "IAM and AWS STS quotas"): user 2,048, group 5,120, role 10,240.
 */
const INLINE_LIMIT: Record<PolicyHolderKind['kind'], number> = { User: 2048, Group: 5120, Role: 10240 };

function checkInlineTotal(
  kind: PolicyHolderKind,
  entity: ReturnType<typeof holder>,
  name: string,
  document: string,
) {
  let total = policySize(document);
  for (const [other, text] of Object.entries(entity.inlinePolicies))
    if (other !== name) total += policySize(text);
  const limit = INLINE_LIMIT[kind.kind];
  if (total > limit) {
    throw limitExceeded(
      `Maximum policy size of ${limit} bytes exceeded for ${kind.kind.toLowerCase()} ${kind.nameOf(entity)}`,
    );
  }
}

const missing = (kind: PolicyHolderKind, name: string) =>
  noSuchEntity(`The ${kind.kind.toLowerCase()} policy with name ${name} cannot be found.`);

const put =
  (kind: PolicyHolderKind): Handler =>
  (ctx, input) => {
    const entity = entityOf(kind, iamState(ctx), input);
    const PolicyName = requireName(input, 'PolicyName', 128);
    const document = requireDocument(input, 'PolicyDocument');
    parsePolicyDocument(document, 'identity');
    checkInlineTotal(kind, entity, PolicyName, document);
    entity.inlinePolicies[PolicyName] = document;
    return {};
  };

const get =
  (kind: PolicyHolderKind): Handler =>
  (ctx, input) => {
    const entity = entityOf(kind, iamState(ctx), input);
    const PolicyName = requireName(input, 'PolicyName', 128);
    const document = entity.inlinePolicies[PolicyName];
    if (document === undefined) throw missing(kind, PolicyName);
    return { [kind.member]: kind.nameOf(entity), PolicyName, PolicyDocument: documentOut(document) };
  };

const list =
  (kind: PolicyHolderKind): Handler =>
  (ctx, input) => {
    const entity = entityOf(kind, iamState(ctx), input);
    return pageOutput(
      'PolicyNames',
      paginate(Object.keys(entity.inlinePolicies).sort(), input, ctx.pageSize),
    );
  };

const remove =
  (kind: PolicyHolderKind): Handler =>
  (ctx, input) => {
    const entity = entityOf(kind, iamState(ctx), input);
    const PolicyName = requireName(input, 'PolicyName', 128);
    if (entity.inlinePolicies[PolicyName] === undefined) throw missing(kind, PolicyName);
    delete entity.inlinePolicies[PolicyName];
    return {};
  };

export const inlinePolicyOperations: Record<string, Handler> = {
  ...perKind(put, (k) => `Put${k.kind}Policy`),
  ...perKind(get, (k) => `Get${k.kind}Policy`),
  ...perKind(list, (k) => `List${k.kind}Policies`),
  ...perKind(remove, (k) => `Delete${k.kind}Policy`),
};
