#!/usr/bin/env -S node --conditions=@handson/source --import=tsx
// アクセスキーを新規作成し、アクセスキーファイルに格納する:
//   aws iam create-access-key --user-name ${IAM_USER_NAME} > ${FILE_ACCESS_KEY} && cat ${FILE_ACCESS_KEY}
// The file gets exactly what the CLI would have written, but owner-only; the terminal sees the secret masked.
// Run again, the key an earlier run saved is used while it exists: AWS shows a secret only once and allows two
// keys per user, so a second key would only be one more to clean up.
import { chmodSync, existsSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import {
  CreateAccessKeyCommand,
  ListAccessKeysCommand,
  type ListAccessKeysResponse,
} from '@aws-sdk/client-iam';
import { clients, notice } from '@handson/aws';
import { allPages, formatSdkOutput } from '@handson/cli';
import { aws, LabStepError, ls, teardownCommand } from '@handson/labkit';
import { step } from '../_lib/entry.mts';
import { invocation } from '../_lib/invocation.mts';
import { keyIdIn, need, SLUG, vars } from './lab.mts';
import { LAB } from './manifest.mts';

await step(LAB, '03-create-access-key');

const IAM_USER_NAME = need('IAM_USER_NAME', '01-prepare-user');
const FILE_ACCESS_KEY = need('FILE_ACCESS_KEY', '02-access-key-file-name');

/** Whether the file already holds the lab's key, still live; refuses when a new key would be one too many. */
function reuseEarlier(live: ReadonlySet<string>): boolean {
  const recorded = vars.get('ACCESS_KEY_ID');
  const inFile = keyIdIn(FILE_ACCESS_KEY);
  if (inFile && live.has(inFile)) {
    if (inFile !== recorded) {
      throw new LabStepError(
        `${FILE_ACCESS_KEY} holds the access key ${inFile}, which exists, but this lab has no record of making ` +
          `it: move the file away (or run ${teardownCommand(SLUG)}), then this step again.`,
      );
    }
    notice(
      `The access key ${inFile} an earlier run made still exists (saved in ${FILE_ACCESS_KEY}): using it ` +
        `instead of making a second one. To start over, run ${teardownCommand(SLUG)} first.`,
    );
    return true;
  }
  if (recorded && live.has(recorded)) {
    throw new LabStepError(
      `The access key ${recorded} an earlier run made still exists, but ${FILE_ACCESS_KEY} does not hold it ` +
        `(AWS shows a secret only once): run ${invocation(SLUG, '02-access-key-file-name')} again to find its ` +
        `file, or ${teardownCommand(SLUG)} to start over.`,
    );
  }
  if (existsSync(FILE_ACCESS_KEY)) {
    notice(`${FILE_ACCESS_KEY} is left from an earlier run and its key no longer exists: it is replaced.`);
  }
  return false;
}

const keys = await allPages<ListAccessKeysResponse>(
  clients().iam,
  new ListAccessKeysCommand({ UserName: IAM_USER_NAME }),
);
if (!reuseEarlier(new Set((keys.AccessKeyMetadata ?? []).map((key) => key.AccessKeyId!)))) {
  const { output } = await aws(new CreateAccessKeyCommand({ UserName: IAM_USER_NAME }));
  writeFileSync(FILE_ACCESS_KEY, formatSdkOutput(output, { operation: 'CreateAccessKey' }), { mode: 0o600 });
  // A replaced file keeps its old mode otherwise.
  chmodSync(FILE_ACCESS_KEY, 0o600);
  vars.set('ACCESS_KEY_ID', output.AccessKey?.AccessKeyId ?? '');
}
ls(['-al', dirname(FILE_ACCESS_KEY)], { shown: `-al \${DIR_ACCESS_KEY}` });

// The blog's look at what it counted: list-access-keys after the key exists, in full and with its --query.
await aws(new ListAccessKeysCommand({ UserName: IAM_USER_NAME }));
const { printed } = await aws(new ListAccessKeysCommand({ UserName: IAM_USER_NAME }), {
  query: 'length(AccessKeyMetadata[])',
});
if (Number(printed.trim()) < 1) throw new LabStepError('list-access-keys does not count the new key');
