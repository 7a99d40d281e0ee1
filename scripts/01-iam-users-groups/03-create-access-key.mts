#!/usr/bin/env -S node --conditions=@handson/source --import=tsx
// アクセスキーの作成 (in the Cloud9 environment), saved to the access-key file as Lab 02 names it:
//   aws iam create-access-key --user-name ${IAM_USER_NAME} > ${FILE_ACCESS_KEY} && cat ${FILE_ACCESS_KEY}
// The file gets what the CLI would have written, owner-only; the terminal sees the secret masked.
import '../_lib/report-errors.mts';
import { existsSync, writeFileSync } from 'node:fs';
import { CreateAccessKeyCommand, ListAccessKeysCommand } from '@aws-sdk/client-iam';
import { formatSdkOutput } from '@handson/cli-output';
import { accessKeyFilePath, keyCount, modeString } from '@handson/credentials';
import { aws } from '@handson/labkit';
import { dirAccessKey, enterCloud9, vars } from './lab.mts';

enterCloud9();
const IAM_USER_NAME = vars.need('IAM_USER_NAME', '02-create-user.mts');
const DIR_ACCESS_KEY = dirAccessKey();
const { printed } = await aws(new ListAccessKeysCommand({ UserName: IAM_USER_NAME }), {
  query: 'length(AccessKeyMetadata[])',
});
// Counting from 1 as the blog's second post does (the hands-on, and the first post's token-0, from 0).
const COUNT_IAM_ACCESS_KEYS = keyCount(Number(printed.trim()), 1);
const FILE_ACCESS_KEY = accessKeyFilePath(DIR_ACCESS_KEY, IAM_USER_NAME, COUNT_IAM_ACCESS_KEYS);
console.log(`$ echo \${FILE_ACCESS_KEY}\n${FILE_ACCESS_KEY}`);
if (existsSync(FILE_ACCESS_KEY)) {
  throw new Error(`${FILE_ACCESS_KEY} already exists: run teardown.mts, then the lab again.`);
}
const { output } = await aws(new CreateAccessKeyCommand({ UserName: IAM_USER_NAME }));
writeFileSync(FILE_ACCESS_KEY, formatSdkOutput(output, { operation: 'CreateAccessKey' }), { mode: 0o600 });
vars.set('FILE_ACCESS_KEY', FILE_ACCESS_KEY);
console.log(`$ ls -l \${FILE_ACCESS_KEY}\n${modeString(FILE_ACCESS_KEY)} ${FILE_ACCESS_KEY}`);
