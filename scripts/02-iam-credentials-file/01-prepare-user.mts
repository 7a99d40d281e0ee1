#!/usr/bin/env -S node --conditions=@handson/source --import=tsx
// 前提: the IAM user exists (the blog made it in the previous post). Created here, tagged, when it is missing.
import '../_lib/report-errors.mts';
import { CreateUserCommand, GetUserCommand } from '@aws-sdk/client-iam';
import { clients, iamTags, isNotFound } from '@handson/aws';
import { aws } from '@handson/labkit';
import { IAM_USER_NAME, SLUG, vars } from './lab.mts';

const exists = await clients()
  .iam.send(new GetUserCommand({ UserName: IAM_USER_NAME }))
  .then(
    () => true,
    (error: unknown) => {
      if (isNotFound(error)) return false;
      throw error;
    },
  );
if (exists) {
  console.log(`IAM user ${IAM_USER_NAME} already exists; this lab will leave it in place.`);
} else {
  await aws(new CreateUserCommand({ UserName: IAM_USER_NAME, Tags: iamTags(SLUG) }));
  vars.set('CREATED_USER', IAM_USER_NAME);
}
vars.set('IAM_USER_NAME', IAM_USER_NAME);
