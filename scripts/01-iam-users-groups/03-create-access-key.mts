#!/usr/bin/env -S node --conditions=@handson/source --import=tsx
// アクセスキーの作成 (in the Cloud9 environment), saved to the access-key file as Lab 02 names it:
//   aws iam create-access-key --user-name ${IAM_USER_NAME} > ${FILE_ACCESS_KEY} && cat ${FILE_ACCESS_KEY}
// The file gets what the CLI would have written, owner-only; the terminal sees the secret masked.
// Run again, the key an earlier run saved is used as long as it exists: a second key would count up to
// token-2 and leave the first one behind (IAM allows two keys per user).
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { CreateAccessKeyCommand, ListAccessKeysCommand } from '@aws-sdk/client-iam';
import { notice } from '@handson/aws';
import { formatSdkOutput } from '@handson/cli';
import { accessKeyFilePath, keyCount, modeString } from '@handson/credentials';
import { aws, LabStepError, teardownCommand } from '@handson/labkit';
import { step } from '../_lib/entry.mts';
import { dirAccessKey, enterCloud9ToChange, need, SLUG, vars } from './lab.mts';
import { LAB } from './manifest.mts';

await step(LAB, '03-create-access-key');

/** The access key id an access-key file holds, or undefined when it holds none. */
function keyIdIn(file: string): string | undefined {
  try {
    return JSON.parse(readFileSync(file, 'utf8'))?.AccessKey?.AccessKeyId;
  } catch {
    return undefined;
  }
}

/** The file of the key an earlier run made, when that key still exists. */
function earlierKeyFile(live: Set<string>): string | undefined {
  const file = vars.get('FILE_ACCESS_KEY');
  const id = (file && existsSync(file) && keyIdIn(file)) || undefined;
  if (id && live.has(id)) {
    vars.set('ACCESS_KEY_ID', id);
    notice(
      `The access key ${id} an earlier run made still exists (saved in ${file}): using it instead of making a ` +
        `second one. To start over, run ${teardownCommand(SLUG)} first.`,
    );
    return file;
  }
  const recorded = vars.get('ACCESS_KEY_ID');
  if (recorded && live.has(recorded)) {
    throw new LabStepError(
      `The access key ${recorded} an earlier run made still exists, but its file ${file ?? ''} is gone, and ` +
        `AWS shows a secret only once: run ${teardownCommand(SLUG)}, then the lab again.`,
    );
  }
  return undefined;
}

/** A file of this name from an earlier run whose key is gone is replaced; one with a live key is not. */
function checkFree(file: string, live: Set<string>): void {
  if (!existsSync(file)) return;
  const id = keyIdIn(file);
  if (id && live.has(id)) {
    throw new LabStepError(
      `${file} holds the access key ${id}, which still exists, and this lab has no record of it: ` +
        `run ${teardownCommand(SLUG)}, or move the file away, then this step again.`,
    );
  }
  notice(`${file} is left from an earlier run and its key no longer exists: it is replaced.`);
}

await enterCloud9ToChange();
const IAM_USER_NAME = need('IAM_USER_NAME', '02-create-user');
const DIR_ACCESS_KEY = dirAccessKey();
const { printed, output: keys } = await aws(new ListAccessKeysCommand({ UserName: IAM_USER_NAME }), {
  query: 'length(AccessKeyMetadata[])',
});
const live = new Set((keys.AccessKeyMetadata ?? []).map((key) => key.AccessKeyId!));
const earlier = earlierKeyFile(live);
if (earlier) {
  console.log(`$ echo \${FILE_ACCESS_KEY}\n${earlier}`);
  console.log(`$ ls -l \${FILE_ACCESS_KEY}\n${modeString(earlier)} ${earlier}`);
} else {
  // Counting from 1 as the blog's second post does (the hands-on, and the first post's token-0, from 0).
  const COUNT_IAM_ACCESS_KEYS = keyCount(Number(printed.trim()), 1);
  const FILE_ACCESS_KEY = accessKeyFilePath(DIR_ACCESS_KEY, IAM_USER_NAME, COUNT_IAM_ACCESS_KEYS);
  console.log(`$ echo \${FILE_ACCESS_KEY}\n${FILE_ACCESS_KEY}`);
  checkFree(FILE_ACCESS_KEY, live);
  const { output } = await aws(new CreateAccessKeyCommand({ UserName: IAM_USER_NAME }));
  writeFileSync(FILE_ACCESS_KEY, formatSdkOutput(output, { operation: 'CreateAccessKey' }), { mode: 0o600 });
  vars.set('FILE_ACCESS_KEY', FILE_ACCESS_KEY);
  vars.set('ACCESS_KEY_ID', output.AccessKey!.AccessKeyId!);
  console.log(`$ ls -l \${FILE_ACCESS_KEY}\n${modeString(FILE_ACCESS_KEY)} ${FILE_ACCESS_KEY}`);
}
