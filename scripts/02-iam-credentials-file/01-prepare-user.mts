#!/usr/bin/env -S node --conditions=@handson/source --import=tsx
// 前提: the IAM user exists (the blog made it in the previous post, Lab 01). Created here, tagged, when it is
// missing. A user Lab 01 or an earlier run made is used as it is; one no lab made is left alone, and the step
// stops: the lab would add an access key to it.
import { CreateUserCommand, GetUserCommand } from '@aws-sdk/client-iam';
import { clients, iamTags, LAB_TAG_KEY, labOf, notice, orMissing } from '@handson/aws';
import { aws, LabStepError, teardownCommand } from '@handson/labkit';
import { step } from '../_lib/entry.mts';
import { IAM_USER_NAME, PREVIOUS_LAB, SLUG, vars } from './lab.mts';
import { LAB } from './manifest.mts';

await step(LAB, '01-prepare-user');

const found = await orMissing(clients().iam.send(new GetUserCommand({ UserName: IAM_USER_NAME })));
const user = found?.User;
if (!user) {
  await aws(new CreateUserCommand({ UserName: IAM_USER_NAME, Tags: iamTags(SLUG) }));
  vars.set('CREATED_USER', IAM_USER_NAME);
} else if (labOf(user.Tags) === SLUG || vars.get('CREATED_USER') === IAM_USER_NAME) {
  notice(
    `IAM user ${IAM_USER_NAME} already exists (from an earlier run of this lab): using it as it is. ` +
      `To start over, run ${teardownCommand(SLUG)} first.`,
  );
} else if (labOf(user.Tags) === PREVIOUS_LAB) {
  notice(
    `IAM user ${IAM_USER_NAME} already exists (made by ${PREVIOUS_LAB}, the blog's previous post): this lab ` +
      'adds its access key to it and leaves the user in place.',
  );
} else {
  throw new LabStepError(
    `IAM user ${IAM_USER_NAME} already exists and was not made by these labs (it has no ${LAB_TAG_KEY}=` +
      `${SLUG} or ${LAB_TAG_KEY}=${PREVIOUS_LAB} tag), so the lab leaves it alone rather than add an access ` +
      'key to it: set HANDSON_IAM_USER_NAME to another name, then run this step again.',
  );
}
vars.set('IAM_USER_NAME', IAM_USER_NAME);
