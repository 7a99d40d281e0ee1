#!/usr/bin/env -S node --conditions=@handson/source --import=tsx
// アクセスキーを利用してアクセス確認. In the Cloud9 environment (the role, IAMFullAccess only) S3 and EC2 are
// denied; with AWS_SHARED_CREDENTIALS_FILE and AWS_DEFAULT_PROFILE pointing at the new user's file, S3 works
// and EC2 is still denied; `export -n AWS_DEFAULT_PROFILE` brings the role back.
import { DescribeInstancesCommand } from '@aws-sdk/client-ec2';
import { ListAttachedRolePoliciesCommand } from '@aws-sdk/client-iam';
import { ListBucketsCommand } from '@aws-sdk/client-s3';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { clients, configureList, withEnv } from '@handson/aws';
import { aws, LabStepError, retryWhile } from '@handson/labkit';
import { step } from '../_lib/entry.mts';
import { enterCloud9, IAM_ROLE_NAME, need } from './lab.mts';
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

await aws(new ListAttachedRolePoliciesCommand({ RoleName: IAM_ROLE_NAME }));
await showConfigureList();
await aws(new ListBucketsCommand({}), { expectError: 'AccessDenied' });
await aws(new DescribeInstancesCommand({}), { expectError: 'UnauthorizedOperation' });

console.log(`$ export AWS_SHARED_CREDENTIALS_FILE="${FILE_USER_CREDENTIAL}"`);
process.env.AWS_SHARED_CREDENTIALS_FILE = FILE_USER_CREDENTIAL;
console.log(`$ export AWS_DEFAULT_PROFILE='${IAM_USER_NAME}'`);
await withEnv({ AWS_DEFAULT_PROFILE: IAM_USER_NAME }, async () => {
  await showConfigureList();
  // A new key (and the group's policy) may take some seconds to work on AWS; wait without printing, then show.
  await retryWhile(() => clients().s3.send(new ListBucketsCommand({})), {
    what: "the new access key and the group's policy",
    codes: ['InvalidAccessKeyId', 'AccessDenied', 'SignatureDoesNotMatch'],
  });
  const { output } = await aws(new ListBucketsCommand({}));
  if (!output.Buckets?.some((b) => b.Name === S3_BUCKET_NAME)) {
    throw new LabStepError(`the user's s3 ls does not list ${S3_BUCKET_NAME}`);
  }
  await aws(new DescribeInstancesCommand({}), { expectError: 'UnauthorizedOperation' });
  const user = await whoAmI();
  if (!user.Arn?.endsWith(`:user/${IAM_USER_NAME}`))
    throw new LabStepError(`expected user/${IAM_USER_NAME}, got ${user.Arn}`);
});

console.log('$ export -n AWS_DEFAULT_PROFILE');
await showConfigureList();
const back = await whoAmI();
if (!back.Arn?.includes(`:assumed-role/${IAM_ROLE_NAME}/`)) {
  throw new LabStepError(`expected the role ${IAM_ROLE_NAME} again, got ${back.Arn}`);
}
