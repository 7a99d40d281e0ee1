#!/usr/bin/env -S node --conditions=@handson/source --import=tsx
// よくあるやり方 (aws configure コマンド): the blog first adds two profiles with `aws configure --profile
// sample-user1` and `sample-user2` and shows both landing in the one ~/.aws/credentials, which is what the
// hands-on's file per user avoids. The keys are AWS's documented examples, as in the blog. The lab points
// AWS_SHARED_CREDENTIALS_FILE and AWS_CONFIG_FILE at sample files of its own: your ~/.aws is never touched.
// Run again, the samples are made anew.
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { awsConfigure } from '@handson/cli';
import { maskSecrets, readCredentialsFile } from '@handson/credentials';
import { LabStepError, ls } from '@handson/labkit';
import { step } from '../_lib/entry.mts';
import { dirConfigureSample, SAMPLE_PROFILES } from './lab.mts';
import { LAB } from './manifest.mts';

await step(LAB, '00-aws-configure');

const dir = dirConfigureSample();
const files = { credentials: join(dir, 'credentials'), config: join(dir, 'config') };
for (const file of Object.values(files)) rmSync(file, { force: true });
console.log(
  `$ export AWS_SHARED_CREDENTIALS_FILE="${files.credentials}" AWS_CONFIG_FILE="${files.config}"  # not ~/.aws`,
);
// Even example keys are shown as the lab shows every secret: masked (the files hold them in full).
const secrets = Object.values(SAMPLE_PROFILES).map((keys) => keys.aws_secret_access_key);
for (const [profile, keys] of Object.entries(SAMPLE_PROFILES)) {
  const prompts = awsConfigure(files, profile, { ...keys, region: 'ap-northeast-1', output: 'json' });
  console.log(maskSecrets(prompts, secrets));
  const text = readFileSync(files.credentials, 'utf8').trimEnd();
  console.log(`$ cat \${AWS_SHARED_CREDENTIALS_FILE}\n${maskSecrets(text, secrets)}`);
}
ls(['-l', files.credentials, files.config], {
  shown: `-l \${AWS_SHARED_CREDENTIALS_FILE} \${AWS_CONFIG_FILE}`,
});
const profiles = Object.keys(readCredentialsFile(files.credentials));
if (profiles.join(',') !== Object.keys(SAMPLE_PROFILES).join(',')) {
  throw new LabStepError(`expected both sample profiles in one file, found [${profiles.join('], [')}]`);
}
