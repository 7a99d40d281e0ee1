#!/usr/bin/env -S node --conditions=@handson/source --import=tsx
// 前提: the blog's Cloud9 environment, whose role only has IAMFullAccess. With the learner's own identity the
// lab makes a bucket for `aws s3 ls` to show later, creates the role (trusting this account), attaches
// IAMFullAccess, assumes it, and keeps the session owner-only as the Cloud9 terminal's identity.
// Safe to run again: what exists is kept, and the role is assumed anew (a session lasts an hour).
import '../_lib/report-errors.mts';
import { join } from 'node:path';
import {
  AttachRolePolicyCommand,
  CreateRoleCommand,
  GetRoleCommand,
  ListAttachedRolePoliciesCommand,
} from '@aws-sdk/client-iam';
import { CreateBucketCommand, HeadBucketCommand, PutBucketTaggingCommand } from '@aws-sdk/client-s3';
import { AssumeRoleCommand, GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { clients, iamTags, isNotFound, labTags } from '@handson/aws';
import { writeCredentialsProfile } from '@handson/credentials';
import { aws } from '@handson/labkit';
import {
  bucketName,
  dirCloud9,
  enterCloud9,
  IAM_ROLE_NAME,
  IAM_ROLE_POLICY_ARN,
  SLUG,
  untilItWorks,
  vars,
} from './lab.mts';

const exists = (probe: Promise<unknown>) =>
  probe.then(
    () => true,
    (error: unknown) => {
      if (isNotFound(error)) return false;
      throw error;
    },
  );

// Who runs the lab (the account's administrator, as the learner who set up Cloud9).
const { output: me } = await aws(new GetCallerIdentityCommand({}));
const ACCOUNT_ID = me.Account!;
const AWS_DEFAULT_REGION = clients().region;
vars.set('ACCOUNT_ID', ACCOUNT_ID);
vars.set('AWS_DEFAULT_REGION', AWS_DEFAULT_REGION);

const S3_BUCKET_NAME = bucketName(ACCOUNT_ID);
vars.set('S3_BUCKET_NAME', S3_BUCKET_NAME);
if (await exists(clients().s3.send(new HeadBucketCommand({ Bucket: S3_BUCKET_NAME })))) {
  console.log(`Bucket ${S3_BUCKET_NAME} already exists (an earlier run): kept.`);
} else {
  await aws(
    new CreateBucketCommand({
      Bucket: S3_BUCKET_NAME,
      ...(AWS_DEFAULT_REGION === 'us-east-1'
        ? {}
        : { CreateBucketConfiguration: { LocationConstraint: AWS_DEFAULT_REGION as never } }),
    }),
  );
  await aws(new PutBucketTaggingCommand({ Bucket: S3_BUCKET_NAME, Tagging: { TagSet: labTags(SLUG) } }));
}

const trustPolicy = {
  Version: '2012-10-17',
  Statement: [
    { Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT_ID}:root` }, Action: 'sts:AssumeRole' },
  ],
};
if (await exists(clients().iam.send(new GetRoleCommand({ RoleName: IAM_ROLE_NAME })))) {
  console.log(`Role ${IAM_ROLE_NAME} already exists (an earlier run): kept.`);
} else {
  await aws(
    new CreateRoleCommand({
      RoleName: IAM_ROLE_NAME,
      AssumeRolePolicyDocument: JSON.stringify(trustPolicy),
      Tags: iamTags(SLUG),
    }),
  );
}
await aws(new AttachRolePolicyCommand({ RoleName: IAM_ROLE_NAME, PolicyArn: IAM_ROLE_POLICY_ARN }));

// A role made a moment ago may not be assumable yet on AWS: only the attempt that works is printed.
const IAM_ROLE_ARN = `arn:aws:iam::${ACCOUNT_ID}:role/${IAM_ROLE_NAME}`;
const assumed = await untilItWorks('assuming the new role', async () => {
  let printed = '';
  const step = await aws(
    new AssumeRoleCommand({ RoleArn: IAM_ROLE_ARN, RoleSessionName: 'handson-cloud9-environment' }),
    { write: (text) => (printed += text) },
  );
  process.stdout.write(printed);
  return step.output;
}, ['AccessDenied']);
const session = assumed.Credentials!;
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
await untilItWorks(
  "the role's IAMFullAccess",
  () => clients().iam.send(new ListAttachedRolePoliciesCommand({ RoleName: IAM_ROLE_NAME })),
  ['AccessDenied', 'InvalidClientTokenId'],
);
const { output: role } = await aws(new GetCallerIdentityCommand({}));
if (!role.Arn?.includes(`:assumed-role/${IAM_ROLE_NAME}/`)) {
  throw new Error(`expected to act as the role ${IAM_ROLE_NAME}, but the caller is ${role.Arn}`);
}
