#!/usr/bin/env -S node --conditions=@handson/source --import=tsx
// クレデンシャルファイルの作成: the user's credentials INI, built by Lab 02's pipeline (jp.py | sed | grep,
// stage by stage in @handson/credentials) and written owner-only. The blog only shows the result:
//   ls ${FILE_USER_CREDENTIAL}
// Run again, the profile is written anew from the saved key (the file is the lab's own).
import { existsSync, readFileSync } from 'node:fs';
import { notice } from '@handson/aws';
import {
  credentialsFilePath,
  modeString,
  readCredentialsFile,
  runPipeline,
  writeCredentialsProfile,
} from '@handson/credentials';
import { LabStepError } from '@handson/labkit';
import { step } from '../_lib/entry.mts';
import { invocation } from '../_lib/invocation.mts';
import { dirAccessKey, need, SLUG, vars } from './lab.mts';
import { LAB } from './manifest.mts';

await step(LAB, '04-credentials-file');

const IAM_USER_NAME = need('IAM_USER_NAME', '02-create-user');
const FILE_ACCESS_KEY = need('FILE_ACCESS_KEY', '03-create-access-key');
if (!existsSync(FILE_ACCESS_KEY)) {
  throw new LabStepError(
    `${FILE_ACCESS_KEY} is missing: run ${invocation(SLUG, '03-create-access-key')} first.`,
  );
}
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
  throw new LabStepError(`the pipeline did not give both key lines from ${FILE_ACCESS_KEY}`);
}
const before = readCredentialsFile(FILE_USER_CREDENTIAL)[IAM_USER_NAME]?.aws_access_key_id;
if (before) {
  notice(
    before === aws_access_key_id
      ? `${FILE_USER_CREDENTIAL} already has [${IAM_USER_NAME}] with this key (from an earlier run): written anew.`
      : `${FILE_USER_CREDENTIAL} had [${IAM_USER_NAME}] with the earlier key ${before}: replaced by ${aws_access_key_id}.`,
  );
}
writeCredentialsProfile(
  FILE_USER_CREDENTIAL,
  IAM_USER_NAME,
  { aws_access_key_id, aws_secret_access_key },
  { overwrite: true },
);
vars.set('FILE_USER_CREDENTIAL', FILE_USER_CREDENTIAL);
console.log(`$ ls \${FILE_USER_CREDENTIAL}\n${FILE_USER_CREDENTIAL}`);
console.log(`$ ls -l \${FILE_USER_CREDENTIAL}\n${modeString(FILE_USER_CREDENTIAL)} ${FILE_USER_CREDENTIAL}`);
