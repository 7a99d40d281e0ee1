#!/usr/bin/env -S node --conditions=@handson/source --import=tsx
// The credentials file works: with AWS_SHARED_CREDENTIALS_FILE and AWS_DEFAULT_PROFILE pointing at it, the
// SDK's own shared-credentials provider signs as the new user.
import '../_lib/report-errors.mts';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { clients, withEnv } from '@handson/aws';
import { aws } from '@handson/labkit';
import { vars } from './lab.mts';

const IAM_USER_NAME = vars.need('IAM_USER_NAME', '01-prepare-user.mts');
const FILE_USER_CREDENTIAL = vars.need('FILE_USER_CREDENTIAL', '04-credentials-file.mts');
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
    // once. Wait without printing, with a progress line on stderr, then make the call the blog would make.
    const started = Date.now();
    for (;;) {
      try {
        await clients().sts.send(new GetCallerIdentityCommand({}));
        break;
      } catch (error) {
        const code = (error as { name?: string }).name ?? '';
        const waited = Math.round((Date.now() - started) / 1000);
        if (!['InvalidClientTokenId', 'SignatureDoesNotMatch'].includes(code) || waited > 120) throw error;
        process.stderr.write(`… the new access key: not yet (${code}), trying again (${waited} s so far)\n`);
        await new Promise((resolve) => setTimeout(resolve, 5000));
      }
    }
    return aws(new GetCallerIdentityCommand({}), { clients: clients() });
  },
);
if (!output.Arn?.endsWith(`:user/${IAM_USER_NAME}`)) {
  throw new Error(`expected to act as user/${IAM_USER_NAME}, but the caller is ${output.Arn}`);
}
console.log(`\nThe credentials file signs as ${output.Arn}.`);
