#!/usr/bin/env -S node --conditions=@handson/source --import=tsx
// アクセスキーファイル用の変数を定義する: DIR_ACCESS_KEY, COUNT_IAM_ACCESS_KEYS, FILE_ACCESS_KEY.
// The count is the blog's lesson, and its trap: run again after 03 made the key, it counts that key too and
// names a second file, for which 03 would make a second key. While the first run's key exists, its count and
// file are kept instead, and the step says so.
import { ListAccessKeysCommand } from '@aws-sdk/client-iam';
import { notice } from '@handson/aws';
import { accessKeyFilePath, keyCount } from '@handson/credentials';
import { aws, ls, teardownCommand } from '@handson/labkit';
import { step } from '../_lib/entry.mts';
import { invocation } from '../_lib/invocation.mts';
import { dirAccessKey, dirAccessKeyPath, earlierKey, need, SLUG, vars } from './lab.mts';
import { LAB } from './manifest.mts';

await step(LAB, '02-access-key-file-name');

const IAM_USER_NAME = need('IAM_USER_NAME', '01-prepare-user');
const DIR_ACCESS_KEY = dirAccessKeyPath();
// As in the blog: ls -d fails while the directory does not exist, mkdir -p makes it, ls -d finds it.
ls(['-d', DIR_ACCESS_KEY], { shown: `-d \${DIR_ACCESS_KEY}` });
console.log(`$ mkdir -p \${DIR_ACCESS_KEY}`);
dirAccessKey();
ls(['-d', DIR_ACCESS_KEY], { shown: `-d \${DIR_ACCESS_KEY}` });

// COUNT_IAM_ACCESS_KEYS=$(aws iam list-access-keys --user-name ... --query 'length(AccessKeyMetadata[])')
const { printed, output } = await aws(new ListAccessKeysCommand({ UserName: IAM_USER_NAME }), {
  query: 'length(AccessKeyMetadata[])',
});
// The blog counts from 1 (the number of keys once this one exists); the hands-on counted from 0.
const counted = keyCount(Number(printed.trim()), 1);
const earlier = earlierKey(new Set((output.AccessKeyMetadata ?? []).map((key) => key.AccessKeyId!)));
let COUNT_IAM_ACCESS_KEYS = counted;
let FILE_ACCESS_KEY = accessKeyFilePath(DIR_ACCESS_KEY, IAM_USER_NAME, counted);
if (earlier) {
  FILE_ACCESS_KEY = earlier.file;
  COUNT_IAM_ACCESS_KEYS = Number(
    /-token-(\d+)\.json$/.exec(earlier.file)?.[1] ?? vars.get('COUNT_IAM_ACCESS_KEYS'),
  );
  notice(
    `The access key ${earlier.id} that ${invocation(SLUG, '03-create-access-key')} made in an earlier run ` +
      `still exists (saved in ${earlier.file}), and the count above includes it: counting again would give ` +
      `${counted}, a second file, and a second key. Keeping COUNT_IAM_ACCESS_KEYS=${COUNT_IAM_ACCESS_KEYS} ` +
      `and its file. To start over, run ${teardownCommand(SLUG)} first.`,
  );
}
console.log(`$ echo \${COUNT_IAM_ACCESS_KEYS}\n${COUNT_IAM_ACCESS_KEYS}`);
console.log(`$ echo \${FILE_ACCESS_KEY}\n${FILE_ACCESS_KEY}`);
vars.set('DIR_ACCESS_KEY', DIR_ACCESS_KEY);
vars.set('COUNT_IAM_ACCESS_KEYS', String(COUNT_IAM_ACCESS_KEYS));
vars.set('FILE_ACCESS_KEY', FILE_ACCESS_KEY);
