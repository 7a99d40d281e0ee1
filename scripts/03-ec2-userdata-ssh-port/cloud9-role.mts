// 手順1. Cloud9への権限付与: the blog gave its Cloud9 environment an IAM role with AmazonEC2FullAccess so that
// Cloud9 could launch the instance. The lab makes the same role and the instance profile an EC2 environment
// wears it through, both tagged; it attaches them to nothing (the lab runs with your identity, not a Cloud9
// instance's), and the teardown removes them.
import {
  GetInstanceProfileCommand,
  GetRoleCommand,
  type InstanceProfile,
  type Role,
} from '@aws-sdk/client-iam';
import { clients, LAB_TAG_KEY, labOf, orMissing } from '@handson/aws';
import { LabStepError } from '@handson/labkit';
import { SLUG } from './lab.mts';

/** The Cloud9 environment's role and its instance profile (one name, as the console makes them). */
export const CLOUD9_ROLE_NAME = 'handson-cloud9-ec2-role';
export const CLOUD9_ROLE_POLICY_ARN = 'arn:aws:iam::aws:policy/AmazonEC2FullAccess';

/** Only EC2 (the Cloud9 environment's instance) may assume the role: no account, user or other service. */
export const CLOUD9_TRUST_POLICY = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }],
});

export const findRole = async (): Promise<Role | undefined> =>
  (await orMissing(clients().iam.send(new GetRoleCommand({ RoleName: CLOUD9_ROLE_NAME }))))?.Role;

export const findProfile = async (): Promise<InstanceProfile | undefined> =>
  (
    await orMissing(
      clients().iam.send(new GetInstanceProfileCommand({ InstanceProfileName: CLOUD9_ROLE_NAME })),
    )
  )?.InstanceProfile;

/** Whether a role or profile of the lab's name carries its tag; one that does not is someone else's. */
export function ours(
  what: string,
  found: { Tags?: { Key?: string; Value?: string }[] } | undefined,
): boolean {
  if (!found) return false;
  if (labOf(found.Tags) === SLUG) return true;
  throw new LabStepError(
    `${what} ${CLOUD9_ROLE_NAME} already exists and was not made by this lab (no ${LAB_TAG_KEY}=${SLUG} ` +
      'tag), so the lab leaves it alone: delete or rename it yourself if it is yours to remove, then run ' +
      'this step again.',
  );
}
