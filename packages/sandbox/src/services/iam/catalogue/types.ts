import type { PolicyStatement } from '../../../policy/types';

/** One AWS managed policy as the catalogue describes it: its real name, path and (default-version) document. */
export interface AwsManagedPolicy {
  PolicyName: string;
  /** `/`, `/job-function/`, `/service-role/`: part of the ARN `arn:aws:iam::aws:policy<Path><PolicyName>`. */
  Path: string;
  Description: string;
  CreateDate: string;
  UpdateDate: string;
  DefaultVersionId: string;
  Statement: PolicyStatement[];
  /** True when the document is a representative subset of a very long AWS document. */
  subset?: boolean;
}

export const allow = (Action: string | string[], Resource: string | string[] = '*'): PolicyStatement => ({
  Effect: 'Allow',
  Action,
  Resource,
});

export const sid = (Sid: string, statement: PolicyStatement): PolicyStatement => ({ Sid, ...statement });

/** A one-statement policy: `Allow` these actions on `*`. `dates` is [CreateDate, UpdateDate, DefaultVersionId]. */
export const simple = (
  PolicyName: string,
  Description: string,
  actions: string[],
  dates: [string, string, string],
  extra: Partial<AwsManagedPolicy> = {},
): AwsManagedPolicy => ({
  PolicyName,
  Path: '/',
  Description,
  CreateDate: dates[0],
  UpdateDate: dates[1],
  DefaultVersionId: dates[2],
  Statement: [allow(actions)],
  ...extra,
});
