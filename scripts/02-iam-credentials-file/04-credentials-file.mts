#!/usr/bin/env -S node --conditions=@handson/source --import=tsx
// アクセスキーファイルからクレデンシャルファイルを作成する: the blog's pipeline, one stage at a time.
//   echo "[${IAM_USER_NAME}]" > ${FILE_USER_CREDENTIAL}
//   cat "${FILE_ACCESS_KEY}" | jp.py 'AccessKey' | sed '/[{}]/d' | sed 's/[\" ,]//g' | sed 's/:/=/' \
//     | sed 's/AccessKeyId/aws_access_key_id/' | sed 's/SecretAccessKey/aws_secret_access_key/' | grep '^aws_' >> ${FILE_USER_CREDENTIAL}
// Pass --reveal to see the secret; --overwrite to replace a profile that holds another key. Run again, a
// profile that already holds this key is left as it is.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { notice } from '@handson/aws';
import {
  type AccessKey,
  credentialsFilePath,
  maskSecrets,
  parseAccessKeyJson,
  readCredentialsFile,
  runPipeline,
  runShellPipeline,
  shellToolsAvailable,
  writeCredentialsProfile,
} from '@handson/credentials';
import { LabStepError, ls, workDir } from '@handson/labkit';
import { step } from '../_lib/entry.mts';
import { invocation } from '../_lib/invocation.mts';
import { dirAccessKey, need, SLUG, vars } from './lab.mts';
import { LAB } from './manifest.mts';
import { pipelineDiagram } from './pipeline-diagram.mts';

const args = await step(LAB, '04-credentials-file');

const IAM_USER_NAME = need('IAM_USER_NAME', '01-prepare-user');
const FILE_ACCESS_KEY = need('FILE_ACCESS_KEY', '02-access-key-file-name');
if (!existsSync(FILE_ACCESS_KEY)) {
  throw new LabStepError(
    `${FILE_ACCESS_KEY} does not exist yet: run ${invocation(SLUG, '03-create-access-key')} first.`,
  );
}
const FILE_USER_CREDENTIAL = credentialsFilePath(dirAccessKey(), IAM_USER_NAME);

/** Whether the profile must be written: not when it holds this key already; refused for another key. */
function mustWrite(accessKey: AccessKey): boolean {
  const profile = readCredentialsFile(FILE_USER_CREDENTIAL)[IAM_USER_NAME];
  if (!profile) return true;
  if (
    profile.aws_access_key_id === accessKey.AccessKeyId &&
    profile.aws_secret_access_key === accessKey.SecretAccessKey
  ) {
    notice(
      `${FILE_USER_CREDENTIAL} already holds this key as [${IAM_USER_NAME}] (an earlier run): left as it is.`,
    );
    return false;
  }
  if (args.overwrite) return true;
  throw new LabStepError(
    `${FILE_USER_CREDENTIAL} already has a [${IAM_USER_NAME}] profile with another key ` +
      `(${profile.aws_access_key_id}): pass --overwrite to replace it with ${accessKey.AccessKeyId}.`,
  );
}

console.log(`$ echo \${FILE_USER_CREDENTIAL}\n${FILE_USER_CREDENTIAL}`);
const json = readFileSync(FILE_ACCESS_KEY, 'utf8');
const { accessKey } = parseAccessKeyJson(json, FILE_ACCESS_KEY);
const write = mustWrite(accessKey);
const show = (text: string) => (args.reveal ? text : maskSecrets(text, [accessKey.SecretAccessKey]));

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

if (write) {
  writeCredentialsProfile(
    FILE_USER_CREDENTIAL,
    IAM_USER_NAME,
    { aws_access_key_id: accessKey.AccessKeyId, aws_secret_access_key: accessKey.SecretAccessKey },
    { overwrite: true },
  );
}
console.log(`\n$ cat \${FILE_USER_CREDENTIAL}\n${show(readFileSync(FILE_USER_CREDENTIAL, 'utf8'))}`);
ls(['-l', FILE_USER_CREDENTIAL], { shown: `-l \${FILE_USER_CREDENTIAL}` });
if (readCredentialsFile(FILE_USER_CREDENTIAL)[IAM_USER_NAME]?.aws_access_key_id !== accessKey.AccessKeyId) {
  throw new LabStepError('the credentials file does not hold the new key');
}
vars.set('FILE_USER_CREDENTIAL', FILE_USER_CREDENTIAL);

const FILE_DIAGRAM = join(workDir(SLUG), 'credentials-pipeline.svg');
writeFileSync(
  FILE_DIAGRAM,
  pipelineDiagram({
    count: Number(need('COUNT_IAM_ACCESS_KEYS', '02-access-key-file-name')),
    fileAccessKey: FILE_ACCESS_KEY,
    fileUserCredential: FILE_USER_CREDENTIAL,
    stages,
    mask: (text) => maskSecrets(text, [accessKey.SecretAccessKey]),
  }),
);
console.log(`図: ${FILE_DIAGRAM}`);
