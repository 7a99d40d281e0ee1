#!/usr/bin/env -S node --conditions=@handson/source --import=tsx
// IAMユーザの作成 / IAMログインプロファイルの作成 (in the Cloud9 environment):
//   aws iam create-user --user-name ${IAM_USER_NAME}
//   aws iam create-login-profile --user-name ${IAM_USER_NAME} --password "${IAM_USER_PASSWORD}"
// The blog typed its password into the transcript; here it is generated, sent once, and never printed or kept.
import '../_lib/report-errors.mts';
import { randomInt } from 'node:crypto';
import { CreateLoginProfileCommand, CreateUserCommand } from '@aws-sdk/client-iam';
import { iamTags } from '@handson/aws';
import { aws } from '@handson/labkit';
import { enterCloud9, IAM_USER_NAME, SLUG, vars } from './lab.mts';

enterCloud9();
await aws(new CreateUserCommand({ UserName: IAM_USER_NAME, Tags: iamTags(SLUG) }));
vars.set('IAM_USER_NAME', IAM_USER_NAME);

/** 20 characters with every class an account password policy may require. */
function generatePassword(): string {
  const classes = ['ABCDEFGHJKLMNPQRSTUVWXYZ', 'abcdefghijkmnopqrstuvwxyz', '23456789', '#%+-=@^_'];
  const all = classes.join('');
  const chars = classes.map((c) => c[randomInt(c.length)]!);
  while (chars.length < 20) chars.push(all[randomInt(all.length)]!);
  for (let i = chars.length - 1; i > 0; i--) {
    const j = randomInt(i + 1);
    [chars[i], chars[j]] = [chars[j]!, chars[i]!];
  }
  return chars.join('');
}
const IAM_USER_PASSWORD = generatePassword();
await aws(new CreateLoginProfileCommand({ UserName: IAM_USER_NAME, Password: IAM_USER_PASSWORD }));
