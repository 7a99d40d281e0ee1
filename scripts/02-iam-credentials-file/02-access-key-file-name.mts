#!/usr/bin/env -S node --conditions=@handson/source --import=tsx
// アクセスキーファイル用の変数を定義する: DIR_ACCESS_KEY, COUNT_IAM_ACCESS_KEYS, FILE_ACCESS_KEY.
import '../_lib/report-errors.mts';
import { ListAccessKeysCommand } from '@aws-sdk/client-iam';
import { accessKeyFilePath, keyCount } from '@handson/credentials';
import { aws } from '@handson/labkit';
import { dirAccessKey, vars } from './lab.mts';

const IAM_USER_NAME = vars.need('IAM_USER_NAME', '01-prepare-user.mts');
const DIR_ACCESS_KEY = dirAccessKey();
console.log(`$ ls -d \${DIR_ACCESS_KEY}\n${DIR_ACCESS_KEY}`);

// COUNT_IAM_ACCESS_KEYS=$(aws iam list-access-keys --user-name ... --query 'length(AccessKeyMetadata[])')
const { printed } = await aws(new ListAccessKeysCommand({ UserName: IAM_USER_NAME }), {
  query: 'length(AccessKeyMetadata[])',
});
// The blog counts from 1 (the number of keys once this one exists); the hands-on counted from 0.
const COUNT_IAM_ACCESS_KEYS = keyCount(Number(printed.trim()), 1);
console.log(`$ echo \${COUNT_IAM_ACCESS_KEYS}\n${COUNT_IAM_ACCESS_KEYS}`);

const FILE_ACCESS_KEY = accessKeyFilePath(DIR_ACCESS_KEY, IAM_USER_NAME, COUNT_IAM_ACCESS_KEYS);
console.log(`$ echo \${FILE_ACCESS_KEY}\n${FILE_ACCESS_KEY}`);
vars.set('DIR_ACCESS_KEY', DIR_ACCESS_KEY);
vars.set('COUNT_IAM_ACCESS_KEYS', String(COUNT_IAM_ACCESS_KEYS));
vars.set('FILE_ACCESS_KEY', FILE_ACCESS_KEY);
