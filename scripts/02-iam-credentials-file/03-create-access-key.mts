#!/usr/bin/env -S node --conditions=@handson/source --import=tsx
// アクセスキーを新規作成し、アクセスキーファイルに格納する:
//   aws iam create-access-key --user-name ${IAM_USER_NAME} > ${FILE_ACCESS_KEY} && cat ${FILE_ACCESS_KEY}
// The file gets exactly what the CLI would have written, but owner-only; the terminal sees the secret masked.
import '../_lib/report-errors.mts';
import { existsSync, writeFileSync } from 'node:fs';
import { CreateAccessKeyCommand } from '@aws-sdk/client-iam';
import { formatSdkOutput } from '@handson/cli-output';
import { modeString } from '@handson/credentials';
import { aws } from '@handson/labkit';
import { vars } from './lab.mts';

const IAM_USER_NAME = vars.need('IAM_USER_NAME', '01-prepare-user.mts');
const FILE_ACCESS_KEY = vars.need('FILE_ACCESS_KEY', '02-access-key-file-name.mts');
if (existsSync(FILE_ACCESS_KEY)) {
  throw new Error(
    `${FILE_ACCESS_KEY} already exists: run 02-access-key-file-name.mts again to count the keys anew.`,
  );
}
const { output } = await aws(new CreateAccessKeyCommand({ UserName: IAM_USER_NAME }));
writeFileSync(FILE_ACCESS_KEY, formatSdkOutput(output, { operation: 'CreateAccessKey' }), { mode: 0o600 });
vars.set('ACCESS_KEY_ID', output.AccessKey?.AccessKeyId ?? '');
console.log(`$ ls -l \${FILE_ACCESS_KEY}\n${modeString(FILE_ACCESS_KEY)} ${FILE_ACCESS_KEY}`);
