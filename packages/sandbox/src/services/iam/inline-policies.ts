import type { Handler } from '../../core/types';
import { parsePolicyDocument } from '../../policy/parse';
import { noSuchEntity } from './entities';
import { pageOutput, paginate } from './paginate';
import { documentOut } from './policy-store';
import { holder, type PolicyHolderKind, perKind } from './principal-kinds';
import { iamState } from './state';
import { requireDocument, requireName } from './validate';

const missing = (kind: PolicyHolderKind, name: string) =>
  noSuchEntity(`The ${kind.kind.toLowerCase()} policy with name ${name} cannot be found.`);

const put =
  (kind: PolicyHolderKind): Handler =>
  (ctx, input) => {
    const entity = holder(kind, iamState(ctx), input);
    const PolicyName = requireName(input, 'PolicyName', 128);
    const document = requireDocument(input, 'PolicyDocument');
    parsePolicyDocument(document, 'identity');
    entity.inlinePolicies[PolicyName] = document;
    return {};
  };

const get =
  (kind: PolicyHolderKind): Handler =>
  (ctx, input) => {
    const entity = holder(kind, iamState(ctx), input);
    const PolicyName = requireName(input, 'PolicyName', 128);
    const document = entity.inlinePolicies[PolicyName];
    if (document === undefined) throw missing(kind, PolicyName);
    return { [kind.member]: kind.nameOf(entity), PolicyName, PolicyDocument: documentOut(document) };
  };

const list =
  (kind: PolicyHolderKind): Handler =>
  (ctx, input) => {
    const entity = holder(kind, iamState(ctx), input);
    return pageOutput(
      'PolicyNames',
      paginate(Object.keys(entity.inlinePolicies).sort(), input, ctx.pageSize),
    );
  };

const remove =
  (kind: PolicyHolderKind): Handler =>
  (ctx, input) => {
    const entity = holder(kind, iamState(ctx), input);
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
