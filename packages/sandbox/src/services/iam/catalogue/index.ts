import { createHash } from 'node:crypto';
import type { PolicyDocument } from '../../../policy/types';
import { CORE_POLICIES } from './core-policies';
import { MORE_POLICIES } from './more-policies';
import { SERVICE_POLICIES } from './service-policies';
import type { AwsManagedPolicy } from './types';

export type { AwsManagedPolicy } from './types';

export interface CataloguePolicy extends AwsManagedPolicy {
  Arn: string;
  PolicyId: string;
  document: PolicyDocument;
  /** The document as IAM returns it (pretty-printed JSON, before URL encoding). */
  documentText: string;
}

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/**
 * A stable ANPA… id per policy name. The ids are not AWS's own (those are not published as data); they are
 * the same in every account and on every run, as AWS's are.
 */
function policyId(name: string): string {
  const digest = createHash('sha256').update(`aws-managed-policy:${name}`).digest();
  let id = 'ANPA';
  for (let i = 0; i < 17; i++) id += BASE32[digest[i]! % 32];
  return id;
}

function build(p: AwsManagedPolicy): CataloguePolicy {
  const document: PolicyDocument = { Version: '2012-10-17', Statement: p.Statement };
  return {
    ...p,
    Arn: `arn:aws:iam::aws:policy${p.Path}${p.PolicyName}`,
    PolicyId: policyId(p.PolicyName),
    document,
    documentText: JSON.stringify(document, null, 4),
  };
}

const ALL: CataloguePolicy[] = [...CORE_POLICIES, ...MORE_POLICIES, ...SERVICE_POLICIES].map(build);
const BY_ARN = new Map(ALL.map((p) => [p.Arn, p]));

export function awsManagedPolicies(): readonly CataloguePolicy[] {
  return ALL;
}

export function awsManagedPolicy(arn: string): CataloguePolicy | undefined {
  return BY_ARN.get(arn);
}
