#!/usr/bin/env -S node --conditions=@handson/source --import=tsx
// アクセスキーを利用してアクセス確認. In the Cloud9 environment (the role, IAMFullAccess only) S3 and EC2 are
// denied; the blog's terminal had no region yet, so its first `ec2 describe-instances` stopped with "You must
// specify a region" until it exported AWS_DEFAULT_REGION. With AWS_SHARED_CREDENTIALS_FILE and
// AWS_DEFAULT_PROFILE pointing at the new user's file, S3 works and EC2 is still denied; `export -n
// AWS_DEFAULT_PROFILE` brings the role back. Last, the picture: who may call what, from the live state.
import { DescribeInstancesCommand } from '@aws-sdk/client-ec2';
import { ListAttachedRolePoliciesCommand } from '@aws-sdk/client-iam';
import { ListBucketsCommand } from '@aws-sdk/client-s3';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { clients, clientsFor, configureList, withEnv } from '@handson/aws';
import { errorCodes } from '@handson/cli';
import { aws, LabStepError, observeLesson, retryWhile } from '@handson/labkit';
import { step } from '../_lib/entry.mts';
import { drawAccessGraph } from './access-graph.mts';
import { enterCloud9, IAM_ROLE_NAME, need, SLUG } from './lab.mts';
import { LAB } from './manifest.mts';

await step(LAB, '07-access-check');

enterCloud9();
const IAM_USER_NAME = need('IAM_USER_NAME', '02-create-user');
const FILE_USER_CREDENTIAL = need('FILE_USER_CREDENTIAL', '04-credentials-file');
const S3_BUCKET_NAME = need('S3_BUCKET_NAME', '01-cloud9-environment');

// The blog's Cloud9 ran AWS CLI v1; its `configure list` names the variables as v1 did.
const showConfigureList = async () => console.log(`$ aws configure list\n${await configureList({ cli: 1 })}`);
const whoAmI = async () =>
  (await aws(new GetCallerIdentityCommand({}), { query: 'Arn', output: 'text' })).output;

/** Runs a call expected to be refused: true when it was (the CLI's error line is printed either way). */
async function refused(command: Parameters<typeof aws>[0], code: string, region?: string): Promise<boolean> {
  try {
    await aws(command, region ? { clients: clientsFor({ region }) } : {});
    return false;
  } catch (error) {
    if (errorCodes(error).includes(code)) return true;
    throw error;
  }
}

const AWS_DEFAULT_REGION = need('AWS_DEFAULT_REGION', '01-cloud9-environment');
await aws(new ListAttachedRolePoliciesCommand({ RoleName: IAM_ROLE_NAME }));

// The blog's Cloud9 terminal named no region (its `configure list` shows region <not set>): neither does
// this one until the blog's export below. The CLI checks the region before sending, so nothing is sent.
const NO_REGION = { AWS_REGION: undefined, AWS_DEFAULT_REGION: undefined };
const { roleS3, noRegion } = await withEnv(NO_REGION, async () => {
  await showConfigureList();
  // `s3 ls` needs no region in the CLI (ListBuckets is global); the SDK wants one, so it gets the lab's.
  const s3 = await refused(new ListBucketsCommand({}), 'AccessDenied', AWS_DEFAULT_REGION);
  const ec2 = await aws(new DescribeInstancesCommand({}), { requireRegion: true, expectError: 'NoRegion' });
  return { roleS3: s3, noRegion: ec2.errorCode === 'NoRegion' };
});
observeLesson(
  SLUG,
  'no-region',
  noRegion,
  noRegion
    ? 'with no region set, ec2 describe-instances stops before sending: "You must specify a region"'
    : 'ec2 describe-instances was sent although no region was set',
);
console.log(`$ export AWS_DEFAULT_REGION=${AWS_DEFAULT_REGION}`);
const roleEc2 = await refused(new DescribeInstancesCommand({}), 'UnauthorizedOperation');
observeLesson(
  SLUG,
  'role-denied',
  roleS3 && roleEc2,
  roleS3 && roleEc2
    ? 'the role with IAMFullAccess only is refused S3 (AccessDenied) and EC2 (UnauthorizedOperation)'
    : `the role was allowed ${[roleS3 ? '' : 's3 ls', roleEc2 ? '' : 'ec2 describe-instances'].filter(Boolean).join(' and ')}: this endpoint does not enforce IAM policies`,
);

console.log(`$ export AWS_SHARED_CREDENTIALS_FILE="${FILE_USER_CREDENTIAL}"`);
process.env.AWS_SHARED_CREDENTIALS_FILE = FILE_USER_CREDENTIAL;
console.log(`$ export AWS_DEFAULT_PROFILE='${IAM_USER_NAME}'`);
const asUser = await withEnv({ AWS_DEFAULT_PROFILE: IAM_USER_NAME }, async () => {
  await showConfigureList();
  // A new key (and the group's policy) may take some seconds to work on AWS; wait without printing, then show.
  await retryWhile(() => clients().s3.send(new ListBucketsCommand({})), {
    what: "the new access key and the group's policy",
    codes: ['InvalidAccessKeyId', 'AccessDenied', 'SignatureDoesNotMatch'],
  });
  const { output } = await aws(new ListBucketsCommand({}));
  const userS3 = Boolean(output.Buckets?.some((b) => b.Name === S3_BUCKET_NAME));
  const userEc2 = await refused(new DescribeInstancesCommand({}), 'UnauthorizedOperation');
  observeLesson(
    SLUG,
    'user-s3-not-ec2',
    userS3 && userEc2,
    userS3 && userEc2
      ? "with the user's credentials file, s3 ls lists the bucket and EC2 is still refused"
      : !userS3
        ? `the user's s3 ls does not list ${S3_BUCKET_NAME}`
        : 'the user was allowed ec2 describe-instances: this endpoint does not enforce IAM policies',
  );
  const user = await whoAmI();
  if (!user.Arn?.endsWith(`:user/${IAM_USER_NAME}`))
    throw new LabStepError(`expected user/${IAM_USER_NAME}, got ${user.Arn}`);
  return { userS3, userEc2 };
});

console.log('$ export -n AWS_DEFAULT_PROFILE');
await showConfigureList();
const back = await whoAmI();
if (!back.Arn?.includes(`:assumed-role/${IAM_ROLE_NAME}/`)) {
  throw new LabStepError(`expected the role ${IAM_ROLE_NAME} again, got ${back.Arn}`);
}

// The picture is drawn as the role (IAMFullAccess reads users, groups and policies), from what IAM says now
// and what the calls above were answered.
await drawAccessGraph({
  userName: IAM_USER_NAME,
  roleName: IAM_ROLE_NAME,
  answers: { roleS3: !roleS3, roleEc2: !roleEc2, userS3: asUser.userS3, userEc2: !asUser.userEc2 },
});
