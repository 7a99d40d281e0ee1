/** IAM policy documents as JSON, and the facts a request is judged on. */

export type OneOrMany<T> = T | T[];

export type ConditionValue = string | number | boolean;

/** `{ "StringEquals": { "aws:RequestedRegion": ["ap-northeast-1"] } }` */
export type ConditionBlock = Record<string, Record<string, OneOrMany<ConditionValue>>>;

/** `"*"` or `{ "AWS": [...], "Service": ..., "Federated": ... }` */
export type PrincipalBlock = '*' | Record<string, OneOrMany<string>>;

export interface PolicyStatement {
  Sid?: string;
  Effect: 'Allow' | 'Deny';
  Action?: OneOrMany<string>;
  NotAction?: OneOrMany<string>;
  Resource?: OneOrMany<string>;
  NotResource?: OneOrMany<string>;
  Principal?: PrincipalBlock;
  NotPrincipal?: PrincipalBlock;
  Condition?: ConditionBlock;
}

export interface PolicyDocument {
  Version?: string;
  Id?: string;
  Statement: OneOrMany<PolicyStatement>;
}

export type Decision = 'allow' | 'implicit-deny' | 'explicit-deny';

/**
 * The request context keys a condition can test (`aws:SourceIp`, `aws:PrincipalTag/team`, ...). Looked up
 * case-insensitively, as IAM does for key names; values are compared as the operator says.
 */
export type ConditionContext = Record<string, string | string[] | undefined>;

export interface RequestFacts {
  /** `service:Action`, e.g. `s3:ListAllMyBuckets`. */
  action: string;
  /** One resource ARN, or `*` for actions that are not resource-scoped. */
  resource: string;
  context: ConditionContext;
}

export function asArray<T>(value: OneOrMany<T> | undefined): T[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}
