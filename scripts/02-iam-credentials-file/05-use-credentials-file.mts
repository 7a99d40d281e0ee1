#!/usr/bin/env -S node --conditions=@handson/source --import=tsx
// The credentials file works: with AWS_SHARED_CREDENTIALS_FILE and AWS_DEFAULT_PROFILE pointing at it, the
// SDK's own shared-credentials provider signs as the new user.
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { clients, withEnv } from '@handson/aws';
import { aws, LabStepError, observeLesson, retryWhile } from '@handson/labkit';
import { step } from '../_lib/entry.mts';
import { need, SLUG } from './lab.mts';
import { LAB } from './manifest.mts';

await step(LAB, '05-use-credentials-file');

const IAM_USER_NAME = need('IAM_USER_NAME', '01-prepare-user');
const FILE_USER_CREDENTIAL = need('FILE_USER_CREDENTIAL', '04-credentials-file');
console.log(
  `$ export AWS_SHARED_CREDENTIALS_FILE=${FILE_USER_CREDENTIAL}\n$ export AWS_DEFAULT_PROFILE=${IAM_USER_NAME}`,
);
const { output } = await withEnv(
  {
    AWS_SHARED_CREDENTIALS_FILE: FILE_USER_CREDENTIAL,
    AWS_DEFAULT_PROFILE: IAM_USER_NAME,
    AWS_PROFILE: undefined,
    AWS_ACCESS_KEY_ID: undefined,
    AWS_SECRET_ACCESS_KEY: undefined,
    AWS_SESSION_TOKEN: undefined,
  },
  async () => {
    // A new access key takes some seconds to work on AWS (IAM is eventually consistent); the sandbox answers at
    // once. Wait without printing (progress on stderr), then make the call the blog would make.
    await retryWhile(() => clients().sts.send(new GetCallerIdentityCommand({})), {
      what: 'the new access key',
      codes: ['InvalidClientTokenId', 'SignatureDoesNotMatch'],
    });
    return aws(new GetCallerIdentityCommand({}), { clients: clients() });
  },
);
const signsAsUser = Boolean(output.Arn?.endsWith(`:user/${IAM_USER_NAME}`));
observeLesson(
  SLUG,
  'file-signs-as-user',
  signsAsUser,
  signsAsUser
    ? `the pipeline's INI file, picked by AWS_SHARED_CREDENTIALS_FILE and AWS_DEFAULT_PROFILE, signs as ${output.Arn}`
    : `the caller is ${output.Arn}, not user/${IAM_USER_NAME}`,
);
if (!signsAsUser) {
  throw new LabStepError(`expected to act as user/${IAM_USER_NAME}, but the caller is ${output.Arn}`);
}
console.log(`\nThe credentials file signs as ${output.Arn}.`);
