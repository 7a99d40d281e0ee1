#!/usr/bin/env -S node --conditions=@handson/source --import=tsx
// IAMグループの作成 / IAMグループへのポリシーアタッチ (in the Cloud9 environment):
//   aws iam create-group --group-name ${IAM_GROUP_NAME}
//   IAM_POLICY_ARN=$(aws iam list-policies --scope AWS --max-items 1000 \
//     --query "Policies[?PolicyName==\`${IAM_POLICY_NAME}\`].Arn" --output text)
//   aws iam attach-group-policy --group-name ${IAM_GROUP_NAME} --policy-arn ${IAM_POLICY_ARN}
//   aws iam list-attached-group-policies --group-name ${IAM_GROUP_NAME} \
//     --query "AttachedPolicies[?PolicyName == \`${IAM_POLICY_NAME}\`].PolicyName" --output text
import '../_lib/report-errors.mts';
import {
  AttachGroupPolicyCommand,
  CreateGroupCommand,
  ListAttachedGroupPoliciesCommand,
  ListPoliciesCommand,
} from '@aws-sdk/client-iam';
import { aws } from '@handson/labkit';
import { enterCloud9, IAM_GROUP_NAME, IAM_POLICY_NAME, vars } from './lab.mts';

enterCloud9();
// IAM groups cannot carry tags: the lab's variables are how teardown knows it made this one.
await aws(new CreateGroupCommand({ GroupName: IAM_GROUP_NAME }));
vars.set('CREATED_GROUP', IAM_GROUP_NAME);

const { printed } = await aws(new ListPoliciesCommand({ Scope: 'AWS' }), {
  maxItems: 1000,
  query: `Policies[?PolicyName==\`${IAM_POLICY_NAME}\`].Arn`,
  output: 'text',
});
const IAM_POLICY_ARN = printed.trim();
if (!IAM_POLICY_ARN.startsWith('arn:')) {
  throw new Error(`list-policies found no AWS managed policy named ${IAM_POLICY_NAME}`);
}
vars.set('IAM_POLICY_ARN', IAM_POLICY_ARN);

await aws(new AttachGroupPolicyCommand({ GroupName: IAM_GROUP_NAME, PolicyArn: IAM_POLICY_ARN }));
await aws(new ListAttachedGroupPoliciesCommand({ GroupName: IAM_GROUP_NAME }), {
  query: `AttachedPolicies[?PolicyName == \`${IAM_POLICY_NAME}\`].PolicyName`,
  output: 'text',
});
