#!/usr/bin/env -S node --conditions=@handson/source --import=tsx
// 前提: the blog's Cloud9 environment, whose role only has IAMFullAccess. With the learner's own identity the
// lab makes a bucket for `aws s3 ls` to show later, creates the role (trusting this account), attaches
// IAMFullAccess, assumes it, and keeps the session owner-only as the Cloud9 terminal's identity. AWS refuses
// AssumeRole to the root user, so a root learner (and the sandbox's default identity) assumes it through an
// IAM user of the lab's that may do nothing else.
// Safe to run again: what the lab made is kept, and the role is assumed anew (a session lasts an hour).
import { join } from 'node:path';
import {
  AttachRolePolicyCommand,
  CreateRoleCommand,
  GetRoleCommand,
  ListAttachedRolePoliciesCommand,
  type ListAttachedRolePoliciesResponse,
  type Role,
} from '@aws-sdk/client-iam';
import {
  CreateBucketCommand,
  GetBucketTaggingCommand,
  HeadBucketCommand,
  PutBucketTaggingCommand,
} from '@aws-sdk/client-s3';
import { AssumeRoleCommand, type Credentials, GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { clients, iamTags, labTags, notice, orMissing } from '@handson/aws';
import { allPages } from '@handson/cli';
import { writeCredentialsProfile } from '@handson/credentials';
import { roleAssumer } from '@handson/lab-helpers/role-assumer';
import { aws, createOnce, LabStepError, retryWhile, teardownCommand } from '@handson/labkit';
import { step } from '../_lib/entry.mts';
import {
  bucketName,
  dirCloud9,
  enterCloud9,
  IAM_ROLE_ASSUMER,
  IAM_ROLE_NAME,
  IAM_ROLE_POLICY_ARN,
  isOurs,
  SLUG,
  vars,
} from './lab.mts';
import { LAB } from './manifest.mts';

await step(LAB, '01-cloud9-environment');

const { iam, s3 } = clients();

/** The bucket `aws s3 ls` shows later: made and tagged unless it exists (the lab only lists it). */
async function prepareBucket(Bucket: string, region: string): Promise<void> {
  if (await orMissing(s3.send(new HeadBucketCommand({ Bucket })))) {
    // A bucket without tags answers NoSuchTagSet, which counts as missing: not the lab's.
    const tagging = await orMissing(s3.send(new GetBucketTaggingCommand({ Bucket })));
    if (isOurs(tagging?.TagSet) || vars.get('CREATED_BUCKET') === Bucket) {
      notice(
        `S3 bucket ${Bucket} already exists (from an earlier run of this lab): using it as it is. ` +
          `To start over, run ${teardownCommand(SLUG)} first.`,
      );
    } else {
      notice(
        `S3 bucket ${Bucket} already exists and is not this lab's: the lab only lists it (aws s3 ls), ` +
          'and its teardown leaves it in place.',
      );
    }
    return;
  }
  await aws(
    new CreateBucketCommand({
      Bucket,
      ...(region === 'us-east-1'
        ? {}
        : { CreateBucketConfiguration: { LocationConstraint: region as never } }),
    }),
  );
  vars.set('CREATED_BUCKET', Bucket);
  await aws(new PutBucketTaggingCommand({ Bucket, Tagging: { TagSet: labTags(SLUG) } }));
}

/** The Cloud9 role, trusting this account, with IAMFullAccess; one of that name the lab did not make stops it. */
async function prepareRole(accountId: string): Promise<void> {
  const trustPolicy = {
    Version: '2012-10-17',
    Statement: [
      { Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${accountId}:root` }, Action: 'sts:AssumeRole' },
    ],
  };
  const { created } = await createOnce<Role>({
    slug: SLUG,
    what: `IAM role ${IAM_ROLE_NAME}`,
    find: async () => (await orMissing(iam.send(new GetRoleCommand({ RoleName: IAM_ROLE_NAME }))))?.Role,
    create: async () => {
      const { output } = await aws(
        new CreateRoleCommand({
          RoleName: IAM_ROLE_NAME,
          AssumeRolePolicyDocument: JSON.stringify(trustPolicy),
          Tags: iamTags(SLUG),
        }),
      );
      return output.Role!;
    },
    ours: (role) => isOurs(role.Tags),
  });
  const attached = created
    ? []
    : ((
        await allPages<ListAttachedRolePoliciesResponse>(
          iam,
          new ListAttachedRolePoliciesCommand({ RoleName: IAM_ROLE_NAME }),
        )
      ).AttachedPolicies ?? []);
  if (!attached.some((policy) => policy.PolicyArn === IAM_ROLE_POLICY_ARN)) {
    await aws(new AttachRolePolicyCommand({ RoleName: IAM_ROLE_NAME, PolicyArn: IAM_ROLE_POLICY_ARN }));
  }
}

/**
 * A role (or an access key) made a moment ago may not work yet on AWS (AccessDenied, InvalidClientTokenId for
 * a few seconds): only the attempt that works is printed, or the last one when none does, as a terminal would
 * show it. A root caller assumes it through the lab's IAM user (AWS refuses root).
 */
async function assumeRole(roleArn: string, callerArn: string): Promise<Credentials> {
  const assumer = await roleAssumer({
    slug: SLUG,
    callerArn,
    userName: IAM_ROLE_ASSUMER,
    roleArn,
    keyFile: join(dirCloud9(), 'assumer-credentials'),
  });
  let lastPrinted = '';
  const attempt = async () => {
    lastPrinted = '';
    const { output } = await aws(
      new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: 'handson-cloud9-environment' }),
      { write: (text) => (lastPrinted += text), clients: assumer },
    );
    process.stdout.write(lastPrinted);
    return output.Credentials!;
  };
  return retryWhile(attempt, {
    what: 'assuming the new role',
    codes: ['AccessDenied', 'InvalidClientTokenId'],
  }).catch((error: unknown) => {
    process.stdout.write(lastPrinted);
    throw error;
  });
}

// Who runs the lab (the account's administrator, as the learner who set up Cloud9).
const { output: me } = await aws(new GetCallerIdentityCommand({}));
const ACCOUNT_ID = me.Account!;
const AWS_DEFAULT_REGION = clients().region;
vars.set('ACCOUNT_ID', ACCOUNT_ID);
vars.set('AWS_DEFAULT_REGION', AWS_DEFAULT_REGION);

const S3_BUCKET_NAME = bucketName(ACCOUNT_ID);
await prepareBucket(S3_BUCKET_NAME, AWS_DEFAULT_REGION);
vars.set('S3_BUCKET_NAME', S3_BUCKET_NAME);

await prepareRole(ACCOUNT_ID);
const IAM_ROLE_ARN = `arn:aws:iam::${ACCOUNT_ID}:role/${IAM_ROLE_NAME}`;
const session = await assumeRole(IAM_ROLE_ARN, me.Arn!);
writeCredentialsProfile(
  join(dirCloud9(), 'config'),
  'default',
  {
    aws_access_key_id: session.AccessKeyId!,
    aws_secret_access_key: session.SecretAccessKey!,
    aws_session_token: session.SessionToken!,
  },
  { overwrite: true },
);
vars.set('IAM_ROLE_ARN', IAM_ROLE_ARN);
vars.set('CLOUD9_SESSION_EXPIRATION', session.Expiration!.toISOString());

// From here on this terminal is the Cloud9 environment: the role, with IAMFullAccess only.
enterCloud9();
await retryWhile(() => clients().iam.send(new ListAttachedRolePoliciesCommand({ RoleName: IAM_ROLE_NAME })), {
  what: "the role's IAMFullAccess",
  codes: ['AccessDenied', 'InvalidClientTokenId'],
});
const { output: role } = await aws(new GetCallerIdentityCommand({}));
if (!role.Arn?.includes(`:assumed-role/${IAM_ROLE_NAME}/`)) {
  throw new LabStepError(`expected to act as the role ${IAM_ROLE_NAME}, but the caller is ${role.Arn}`);
}
