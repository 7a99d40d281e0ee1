import { AwsError, type RequestContext } from '../../core/types';
import { requireAlso } from '../../policy/require';
import { instanceProfileNamed } from '../iam/lookups';
import type { Input } from './errors';

/** What an instance records of the profile it was launched with, as DescribeInstances shows it. */
export interface LaunchedProfile {
  Arn: string;
  Id: string;
}

function invalid(value: string, param: string): AwsError {
  return new AwsError(
    'InvalidParameterValue',
    `Value (${value}) for parameter ${param} is invalid. Invalid IAM Instance Profile ${param === 'iamInstanceProfile.arn' ? 'ARN' : 'name'}`,
  );
}

/**
 * RunInstances' IamInstanceProfile (by ARN or name): the profile must exist in the caller's account, and the
 * caller needs iam:PassRole on its role, as on AWS (EC2 user guide, "IAM roles for Amazon EC2": "the user
 * launching the instance must have permission to pass the role").
 */
export async function launchProfile(
  ctx: RequestContext,
  spec: Input | undefined,
): Promise<LaunchedProfile | undefined> {
  if (spec === undefined || (spec.Arn === undefined && spec.Name === undefined)) return undefined;
  const byArn = spec.Arn !== undefined;
  const given = String(byArn ? spec.Arn : spec.Name);
  const name = byArn ? /^arn:aws:iam::\d{12}:instance-profile\/(?:.*\/)?([^/]+)$/.exec(given)?.[1] : given;
  const found = name === undefined ? undefined : instanceProfileNamed(ctx, name);
  if (!found || (byArn && found.profile.Arn !== given)) {
    throw invalid(given, byArn ? 'iamInstanceProfile.arn' : 'iamInstanceProfile.name');
  }
  const { profile, role } = found;
  if (role) await requireAlso(ctx, 'iam:PassRole', [role.Arn]);
  return { Arn: profile.Arn, Id: profile.InstanceProfileId };
}
