import { awsManagedPolicies, awsManagedPolicy } from './catalogue';
import { noSuchEntity } from './entities';
import type { IamState, ManagedPolicyRecord } from './state';
import { date, tagsOut } from './state';

/**
 * One view over both kinds of managed policy: AWS managed ones from the catalogue (the same in every account)
 * and the account's customer managed ones from its state.
 */
export interface ManagedPolicyView {
  scope: 'AWS' | 'Local';
  PolicyName: string;
  PolicyId: string;
  Arn: string;
  Path: string;
  Description?: string;
  CreateDate: string;
  UpdateDate: string;
  DefaultVersionId: string;
  versions: Array<{ VersionId: string; Document: string; CreateDate: string }>;
  record?: ManagedPolicyRecord;
}

export function lookupPolicy(state: IamState, arn: string): ManagedPolicyView | undefined {
  const local = state.policies[arn];
  if (local) return { scope: 'Local', ...local, record: local };
  const aws = awsManagedPolicy(arn);
  if (!aws) return undefined;
  return {
    scope: 'AWS',
    PolicyName: aws.PolicyName,
    PolicyId: aws.PolicyId,
    Arn: aws.Arn,
    Path: aws.Path,
    Description: aws.Description,
    CreateDate: aws.CreateDate,
    UpdateDate: aws.UpdateDate,
    DefaultVersionId: aws.DefaultVersionId,
    // Only the default version's document is in the catalogue.
    versions: [{ VersionId: aws.DefaultVersionId, Document: aws.documentText, CreateDate: aws.UpdateDate }],
  };
}

/** For attach operations: IAM's wording when the ARN names no policy. */
export function attachablePolicy(state: IamState, arn: string): ManagedPolicyView {
  const policy = lookupPolicy(state, arn);
  if (!policy) throw noSuchEntity(`Policy ${arn} does not exist or is not attachable.`);
  return policy;
}

export function requirePolicy(state: IamState, arn: string): ManagedPolicyView {
  const policy = lookupPolicy(state, arn);
  if (!policy) throw noSuchEntity(`Policy ${arn} was not found.`);
  return policy;
}

export function allPolicies(state: IamState): ManagedPolicyView[] {
  const aws = awsManagedPolicies().map((p) => lookupPolicy(state, p.Arn)!);
  const local = Object.keys(state.policies).map((arn) => lookupPolicy(state, arn)!);
  return [...aws, ...local];
}

export function attachmentCount(state: IamState, arn: string): number {
  let n = 0;
  for (const u of Object.values(state.users)) if (u.attachedPolicies.includes(arn)) n++;
  for (const g of Object.values(state.groups)) if (g.attachedPolicies.includes(arn)) n++;
  for (const r of Object.values(state.roles)) if (r.attachedPolicies.includes(arn)) n++;
  return n;
}

export function permissionsBoundaryCount(state: IamState, arn: string): number {
  const holders = [...Object.values(state.users), ...Object.values(state.roles)];
  return holders.filter((h) => h.PermissionsBoundary === arn).length;
}

/** The Policy shape; `full` adds what GetPolicy/CreatePolicy show and ListPolicies leaves out. */
export function policyOut(state: IamState, p: ManagedPolicyView, full: boolean): Record<string, unknown> {
  const out: Record<string, unknown> = {
    PolicyName: p.PolicyName,
    PolicyId: p.PolicyId,
    Arn: p.Arn,
    Path: p.Path,
    DefaultVersionId: p.DefaultVersionId,
    AttachmentCount: attachmentCount(state, p.Arn),
    PermissionsBoundaryUsageCount: permissionsBoundaryCount(state, p.Arn),
    IsAttachable: true,
  };
  if (full && p.Description !== undefined) out.Description = p.Description;
  out.CreateDate = date(p.CreateDate);
  out.UpdateDate = date(p.UpdateDate);
  if (full && p.record) {
    const tags = tagsOut(p.record.Tags);
    if (tags) out.Tags = tags;
  }
  return out;
}

/** Policy documents travel URL-encoded in IAM responses; the AWS CLI decodes them for display. */
export function documentOut(text: string): string {
  return encodeURIComponent(text);
}
