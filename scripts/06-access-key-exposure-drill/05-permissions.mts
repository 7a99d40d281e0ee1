#!/usr/bin/env -S node --conditions=@handson/source --import=tsx
// 3. キーに付与されていた権限を確認する: what could the key do? The owner's managed and inline policies and
// its groups' — that is the reach of the attack, and where to look next.
//   aws iam list-attached-user-policies --user-name ${EXPOSED_KEY_OWNER}
//   aws iam get-policy-version --policy-arn ... --version-id ... --query 'PolicyVersion.Document'
//   aws iam list-user-policies / list-groups-for-user --user-name ${EXPOSED_KEY_OWNER}
import { join } from 'node:path';
import {
  GetPolicyCommand,
  GetPolicyVersionCommand,
  ListAttachedUserPoliciesCommand,
  ListGroupsForUserCommand,
  ListUserPoliciesCommand,
} from '@aws-sdk/client-iam';
import { decodePolicyDocuments } from '@handson/cli/command';
import { aws } from '@handson/labkit';
import { step } from '../_lib/entry.mts';
import { dirWork, need, writePrivate } from './lab.mts';
import { LAB } from './manifest.mts';

await step(LAB, '05-permissions');

const EXPOSED_KEY_OWNER = need('EXPOSED_KEY_OWNER', '03-identify-key');
const attached = await aws(new ListAttachedUserPoliciesCommand({ UserName: EXPOSED_KEY_OWNER }), {
  query: 'AttachedPolicies[].PolicyArn',
  output: 'text',
});
const allowed: string[] = [];
for (const { PolicyArn } of attached.output.AttachedPolicies ?? []) {
  const policy = await aws(new GetPolicyCommand({ PolicyArn }), {
    query: 'Policy.DefaultVersionId',
    output: 'text',
  });
  const getVersion = new GetPolicyVersionCommand({
    PolicyArn,
    VersionId: policy.output.Policy?.DefaultVersionId,
  });
  // The CLI prints IAM's URL-encoded policy document decoded; so does the step, and so reads the lab.
  const version = await aws(getVersion, { query: 'PolicyVersion.Document' });
  const doc = decodePolicyDocuments(getVersion, version.output).PolicyVersion?.Document as unknown as {
    Statement: { Effect: string; Action: string | string[] }[];
  };
  for (const s of doc.Statement) if (s.Effect === 'Allow') allowed.push(...[s.Action].flat());
}
await aws(new ListUserPoliciesCommand({ UserName: EXPOSED_KEY_OWNER }), {
  query: 'PolicyNames',
  output: 'text',
});
await aws(new ListGroupsForUserCommand({ UserName: EXPOSED_KEY_OWNER }), {
  query: 'Groups[].GroupName',
  output: 'text',
});
writePrivate(join(dirWork(), 'allowed-actions.json'), allowed);
console.log(`# the key could: ${allowed.join(' ')}`);
console.log('# so look for IAM users and keys, key pairs, security groups and instances — in every region');
