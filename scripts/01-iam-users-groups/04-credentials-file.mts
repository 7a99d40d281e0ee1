#!/usr/bin/env -S node --conditions=@handson/source --import=tsx
// クレデンシャルファイルの作成: the user's credentials INI, built by Lab 02's pipeline (jp.py | sed | grep,
// stage by stage in @handson/credentials) and written owner-only. The blog only shows the result:
//   ls ${FILE_USER_CREDENTIAL}
import '../_lib/report-errors.mts';
import { readFileSync } from 'node:fs';
import { credentialsFilePath, modeString, runPipeline, writeCredentialsProfile } from '@handson/credentials';
import { dirAccessKey, vars } from './lab.mts';

const IAM_USER_NAME = vars.need('IAM_USER_NAME', '02-create-user.mts');
const FILE_ACCESS_KEY = vars.need('FILE_ACCESS_KEY', '03-create-access-key.mts');
const FILE_USER_CREDENTIAL = credentialsFilePath(dirAccessKey(), IAM_USER_NAME);

// The pipeline's last stage prints `aws_access_key_id=…` and `aws_secret_access_key=…`.
const { lines } = runPipeline(readFileSync(FILE_ACCESS_KEY, 'utf8'), FILE_ACCESS_KEY);
const pairs = new Map(
  lines
    .trimEnd()
    .split('\n')
    .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)] as const),
);
const aws_access_key_id = pairs.get('aws_access_key_id');
const aws_secret_access_key = pairs.get('aws_secret_access_key');
if (!aws_access_key_id || !aws_secret_access_key) {
  throw new Error(`the pipeline did not give both key lines from ${FILE_ACCESS_KEY}`);
}
writeCredentialsProfile(FILE_USER_CREDENTIAL, IAM_USER_NAME, { aws_access_key_id, aws_secret_access_key });
vars.set('FILE_USER_CREDENTIAL', FILE_USER_CREDENTIAL);
console.log(`$ ls \${FILE_USER_CREDENTIAL}\n${FILE_USER_CREDENTIAL}`);
console.log(`$ ls -l \${FILE_USER_CREDENTIAL}\n${modeString(FILE_USER_CREDENTIAL)} ${FILE_USER_CREDENTIAL}`);
