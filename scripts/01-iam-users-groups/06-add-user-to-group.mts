#!/usr/bin/env -S node --conditions=@handson/source --import=tsx
// IAMユーザーのIAMグループへの追加 (in the Cloud9 environment):
//   aws iam add-user-to-group --group-name ${IAM_GROUP_NAME} --user-name ${IAM_USER_NAME}
//   aws iam list-groups-for-user --user-name ${IAM_USER_NAME} \
//     --query "Groups[?GroupName==\`${IAM_GROUP_NAME}\`].GroupName" --output text
// Run again, a user already in the group is not added again (IAM would accept it; the step says so instead).
import {
  AddUserToGroupCommand,
  ListGroupsForUserCommand,
  type ListGroupsForUserResponse,
} from '@aws-sdk/client-iam';
import { clients, notice } from '@handson/aws';
import { allPages } from '@handson/cli';
import { aws } from '@handson/labkit';
import { step } from '../_lib/entry.mts';
import { enterCloud9ToChange, need } from './lab.mts';
import { LAB } from './manifest.mts';

await step(LAB, '06-add-user-to-group');

await enterCloud9ToChange();
const IAM_USER_NAME = need('IAM_USER_NAME', '02-create-user');
const IAM_GROUP_NAME = need('CREATED_GROUP', '05-create-group');
const groups = await allPages<ListGroupsForUserResponse>(
  clients().iam,
  new ListGroupsForUserCommand({ UserName: IAM_USER_NAME }),
);
if (groups.Groups?.some((group) => group.GroupName === IAM_GROUP_NAME)) {
  notice(`${IAM_USER_NAME} is in ${IAM_GROUP_NAME} already (an earlier run): not added again.`);
} else {
  await aws(new AddUserToGroupCommand({ GroupName: IAM_GROUP_NAME, UserName: IAM_USER_NAME }));
}
await aws(new ListGroupsForUserCommand({ UserName: IAM_USER_NAME }), {
  query: `Groups[?GroupName==\`${IAM_GROUP_NAME}\`].GroupName`,
  output: 'text',
});
