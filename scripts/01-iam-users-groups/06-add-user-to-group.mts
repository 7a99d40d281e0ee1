#!/usr/bin/env -S node --conditions=@handson/source --import=tsx
// IAMユーザーのIAMグループへの追加 (in the Cloud9 environment):
//   aws iam add-user-to-group --group-name ${IAM_GROUP_NAME} --user-name ${IAM_USER_NAME}
//   aws iam list-groups-for-user --user-name ${IAM_USER_NAME} \
//     --query "Groups[?GroupName==\`${IAM_GROUP_NAME}\`].GroupName" --output text
import '../_lib/report-errors.mts';
import { AddUserToGroupCommand, ListGroupsForUserCommand } from '@aws-sdk/client-iam';
import { aws } from '@handson/labkit';
import { enterCloud9, vars } from './lab.mts';

enterCloud9();
const IAM_USER_NAME = vars.need('IAM_USER_NAME', '02-create-user.mts');
const IAM_GROUP_NAME = vars.need('CREATED_GROUP', '05-create-group.mts');
await aws(new AddUserToGroupCommand({ GroupName: IAM_GROUP_NAME, UserName: IAM_USER_NAME }));
await aws(new ListGroupsForUserCommand({ UserName: IAM_USER_NAME }), {
  query: `Groups[?GroupName==\`${IAM_GROUP_NAME}\`].GroupName`,
  output: 'text',
});
