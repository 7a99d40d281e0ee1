#!/usr/bin/env -S node --conditions=@handson/source --import=tsx
// IAMユーザの作成 / IAMログインプロファイルの作成 (in the Cloud9 environment):
//   aws iam create-user --user-name ${IAM_USER_NAME}
//   aws iam create-login-profile --user-name ${IAM_USER_NAME} --password "${IAM_USER_PASSWORD}"
// The blog typed its password into the transcript; here it is generated, sent once, and never printed or kept.
// Run again, the lab's user and its password are kept as they are; a user of that name that is not the lab's
// stops the step before anything changes.
import { randomInt } from 'node:crypto';
import {
  CreateLoginProfileCommand,
  CreateUserCommand,
  GetLoginProfileCommand,
  GetUserCommand,
  type User,
} from '@aws-sdk/client-iam';
import { clients, iamTags, notice, orMissing } from '@handson/aws';
import { aws, createOnce } from '@handson/labkit';
import { step } from '../_lib/entry.mts';
import { enterCloud9ToChange, IAM_USER_NAME, isOurs, SLUG, vars } from './lab.mts';
import { LAB } from './manifest.mts';

await step(LAB, '02-create-user');

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

await enterCloud9ToChange();
const { iam } = clients();

const { created } = await createOnce<User>({
  slug: SLUG,
  what: `IAM user ${IAM_USER_NAME}`,
  find: async () => (await orMissing(iam.send(new GetUserCommand({ UserName: IAM_USER_NAME }))))?.User,
  create: async () =>
    (await aws(new CreateUserCommand({ UserName: IAM_USER_NAME, Tags: iamTags(SLUG) }))).output.User!,
  ours: (user) => isOurs(user.Tags),
});
vars.set('IAM_USER_NAME', IAM_USER_NAME);

// The password was never kept, so an earlier run's cannot be shown again; it stays as it is.
const hasPassword =
  !created &&
  (await orMissing(iam.send(new GetLoginProfileCommand({ UserName: IAM_USER_NAME })))) !== undefined;
if (hasPassword) {
  notice(`${IAM_USER_NAME} already has a console password (from an earlier run): left as it is.`);
} else {
  const IAM_USER_PASSWORD = generatePassword();
  await aws(new CreateLoginProfileCommand({ UserName: IAM_USER_NAME, Password: IAM_USER_PASSWORD }));
}
