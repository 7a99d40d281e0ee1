#!/usr/bin/env -S node --conditions=@handson/source --import=tsx
// IAMグループの作成 / IAMグループへのポリシーアタッチ (in the Cloud9 environment):
//   aws iam create-group --group-name ${IAM_GROUP_NAME}
//   IAM_POLICY_ARN=$(aws iam list-policies --scope AWS --max-items 1000 \
//     --query "Policies[?PolicyName==\`${IAM_POLICY_NAME}\`].Arn" --output text)
//   aws iam attach-group-policy --group-name ${IAM_GROUP_NAME} --policy-arn ${IAM_POLICY_ARN}
//   aws iam list-attached-group-policies --group-name ${IAM_GROUP_NAME} \
//     --query "AttachedPolicies[?PolicyName == \`${IAM_POLICY_NAME}\`].PolicyName" --output text
// IAM groups cannot carry tags: the lab's variables are how a re-run (and teardown) knows it made this one.
import {
  AttachGroupPolicyCommand,
  CreateGroupCommand,
  GetGroupCommand,
  ListAttachedGroupPoliciesCommand,
  type ListAttachedGroupPoliciesResponse,
  ListPoliciesCommand,
} from '@aws-sdk/client-iam';
import { clients, notice, orMissing } from '@handson/aws';
import { allPages } from '@handson/cli';
import { aws, LabStepError, teardownCommand } from '@handson/labkit';
import { step } from '../_lib/entry.mts';
import { enterCloud9ToChange, IAM_GROUP_NAME, IAM_POLICY_NAME, SLUG, vars } from './lab.mts';
import { LAB } from './manifest.mts';

await step(LAB, '05-create-group');

await enterCloud9ToChange();
const found = await orMissing(clients().iam.send(new GetGroupCommand({ GroupName: IAM_GROUP_NAME })));
if (!found) {
  await aws(new CreateGroupCommand({ GroupName: IAM_GROUP_NAME }));
  vars.set('CREATED_GROUP', IAM_GROUP_NAME);
} else if (vars.get('CREATED_GROUP') === IAM_GROUP_NAME) {
  notice(
    `IAM group ${IAM_GROUP_NAME} already exists (from an earlier run of this lab): using it as it is. ` +
      `To start over, run ${teardownCommand(SLUG)} first.`,
  );
} else {
  throw new LabStepError(
    `IAM group ${IAM_GROUP_NAME} already exists and this lab has no record of making it (groups cannot carry ` +
      "tags; the lab's variables are its record), so the lab leaves it alone: delete it yourself if it is " +
      'yours to remove, or set HANDSON_IAM_GROUP_NAME to another name, then run this step again.',
  );
}

const byName = `Policies[?PolicyName==\`${IAM_POLICY_NAME}\`].Arn`;
const { printed } = await aws(new ListPoliciesCommand({ Scope: 'AWS' }), {
  maxItems: 1000,
  query: byName,
  output: 'text',
});
let IAM_POLICY_ARN = printed.trim();
if (!IAM_POLICY_ARN.startsWith('arn:')) {
  // AWS had under 1,000 managed policies in 2021; today it has more, and the one sought may lie beyond the
  // first 1,000: the same search over every page, as the CLI does without --max-items.
  notice(`Not in the first 1,000 AWS managed policies: searching all of them, without --max-items.`);
  IAM_POLICY_ARN = (
    await aws(new ListPoliciesCommand({ Scope: 'AWS' }), { query: byName, output: 'text' })
  ).printed.trim();
}
if (!IAM_POLICY_ARN.startsWith('arn:')) {
  throw new LabStepError(`list-policies found no AWS managed policy named ${IAM_POLICY_NAME}`);
}
vars.set('IAM_POLICY_ARN', IAM_POLICY_ARN);

// IAM would accept the same attachment again; a re-run says it is there instead of sending it twice.
const attached = await allPages<ListAttachedGroupPoliciesResponse>(
  clients().iam,
  new ListAttachedGroupPoliciesCommand({ GroupName: IAM_GROUP_NAME }),
);
if (attached.AttachedPolicies?.some((policy) => policy.PolicyArn === IAM_POLICY_ARN)) {
  notice(`${IAM_POLICY_NAME} is attached to ${IAM_GROUP_NAME} already (an earlier run): not attached again.`);
} else {
  await aws(new AttachGroupPolicyCommand({ GroupName: IAM_GROUP_NAME, PolicyArn: IAM_POLICY_ARN }));
}
await aws(new ListAttachedGroupPoliciesCommand({ GroupName: IAM_GROUP_NAME }), {
  query: `AttachedPolicies[?PolicyName == \`${IAM_POLICY_NAME}\`].PolicyName`,
  output: 'text',
});
