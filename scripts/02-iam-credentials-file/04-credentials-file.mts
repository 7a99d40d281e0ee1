#!/usr/bin/env -S node --conditions=@handson/source --import=tsx
// アクセスキーファイルからクレデンシャルファイルを作成する: the blog's pipeline, one stage at a time.
//   echo "[${IAM_USER_NAME}]" > ${FILE_USER_CREDENTIAL}
//   cat "${FILE_ACCESS_KEY}" | jp.py 'AccessKey' | sed '/[{}]/d' | sed 's/[\" ,]//g' | sed 's/:/=/' \
//     | sed 's/AccessKeyId/aws_access_key_id/' | sed 's/SecretAccessKey/aws_secret_access_key/' | grep '^aws_' >> ${FILE_USER_CREDENTIAL}
// Pass --reveal to see the secret; --overwrite to replace an existing profile.
import '../_lib/report-errors.mts';
import { readFileSync } from 'node:fs';
import {
  credentialsFilePath,
  maskSecrets,
  modeString,
  parseAccessKeyJson,
  readCredentialsFile,
  runPipeline,
  runShellPipeline,
  shellToolsAvailable,
  writeCredentialsProfile,
} from '@handson/credentials';
import { argv } from 'zx';
import { dirAccessKey, vars } from './lab.mts';

const IAM_USER_NAME = vars.need('IAM_USER_NAME', '01-prepare-user.mts');
const FILE_ACCESS_KEY = vars.need('FILE_ACCESS_KEY', '02-access-key-file-name.mts');
const FILE_USER_CREDENTIAL = credentialsFilePath(dirAccessKey(), IAM_USER_NAME);
console.log(`$ echo \${FILE_USER_CREDENTIAL}\n${FILE_USER_CREDENTIAL}`);

const json = readFileSync(FILE_ACCESS_KEY, 'utf8');
const { accessKey } = parseAccessKeyJson(json, FILE_ACCESS_KEY);
const show = (text: string) => (argv.reveal ? text : maskSecrets(text, [accessKey.SecretAccessKey]));

const { stages, lines } = runPipeline(json, FILE_ACCESS_KEY);
for (const stage of stages) {
  console.log(`\n$ ${stage.pipeline}`);
  process.stdout.write(show(stage.output));
}
if (shellToolsAvailable()) {
  const literal = runShellPipeline(FILE_ACCESS_KEY);
  console.log(
    `\nThe literal shell pipeline (jp.py, sed, grep) printed ${literal === lines ? 'the same lines' : 'DIFFERENT lines'}.`,
  );
  if (literal !== lines) process.exitCode = 1;
}

writeCredentialsProfile(
  FILE_USER_CREDENTIAL,
  IAM_USER_NAME,
  { aws_access_key_id: accessKey.AccessKeyId, aws_secret_access_key: accessKey.SecretAccessKey },
  { overwrite: Boolean(argv.overwrite) },
);
console.log(`\n$ cat \${FILE_USER_CREDENTIAL}\n${show(readFileSync(FILE_USER_CREDENTIAL, 'utf8'))}`);
console.log(`$ ls -l \${FILE_USER_CREDENTIAL}\n${modeString(FILE_USER_CREDENTIAL)} ${FILE_USER_CREDENTIAL}`);
if (readCredentialsFile(FILE_USER_CREDENTIAL)[IAM_USER_NAME]?.aws_access_key_id !== accessKey.AccessKeyId) {
  throw new Error('the credentials file does not hold the new key');
}
vars.set('FILE_USER_CREDENTIAL', FILE_USER_CREDENTIAL);
