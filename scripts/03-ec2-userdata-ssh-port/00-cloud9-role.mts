#!/usr/bin/env -S node --conditions=@handson/source --import=tsx
// 手順1. Cloud9への権限付与: an IAM role for the blog's Cloud9 environment with AmazonEC2FullAccess, and its
// instance profile, both tagged. Only EC2 may assume the role, and the lab attaches it to nothing. Run again,
// what the lab made is reused (no second attachment); a role or profile of that name the lab did not make
// stops the step before anything changes.
import {
  AddRoleToInstanceProfileCommand,
  AttachRolePolicyCommand,
  CreateInstanceProfileCommand,
  CreateRoleCommand,
  ListAttachedRolePoliciesCommand,
} from '@aws-sdk/client-iam';
import { iamTags, notice } from '@handson/aws';
import { aws } from '@handson/labkit';
import { step } from '../_lib/entry.mts';
import {
  CLOUD9_ROLE_NAME,
  CLOUD9_ROLE_POLICY_ARN,
  CLOUD9_TRUST_POLICY,
  findProfile,
  findRole,
  ours,
} from './cloud9-role.mts';
import { SLUG, vars } from './lab.mts';
import { LAB } from './manifest.mts';

await step(LAB, '00-cloud9-role');

// Both are looked up before anything is made, so a name that is someone else's changes nothing.
const role = await findRole();
const profile = await findProfile();
const roleIsOurs = ours('IAM role', role);
const profileIsOurs = ours('Instance profile', profile);

if (roleIsOurs) notice(`IAM role ${CLOUD9_ROLE_NAME} was made by an earlier run: reusing it.`);
else {
  await aws(
    new CreateRoleCommand({
      RoleName: CLOUD9_ROLE_NAME,
      AssumeRolePolicyDocument: CLOUD9_TRUST_POLICY,
      Description: "The blog's Cloud9 environment role (Lab 03): EC2 may assume it",
      Tags: iamTags(SLUG),
    }),
  );
}
const { output: attached } = await aws(new ListAttachedRolePoliciesCommand({ RoleName: CLOUD9_ROLE_NAME }));
if (!attached.AttachedPolicies?.some((p) => p.PolicyArn === CLOUD9_ROLE_POLICY_ARN)) {
  await aws(new AttachRolePolicyCommand({ RoleName: CLOUD9_ROLE_NAME, PolicyArn: CLOUD9_ROLE_POLICY_ARN }));
  await aws(new ListAttachedRolePoliciesCommand({ RoleName: CLOUD9_ROLE_NAME }));
}

if (!profileIsOurs) {
  await aws(new CreateInstanceProfileCommand({ InstanceProfileName: CLOUD9_ROLE_NAME, Tags: iamTags(SLUG) }));
}
const roles = (await findProfile())?.Roles ?? [];
if (!roles.some((r) => r.RoleName === CLOUD9_ROLE_NAME)) {
  await aws(
    new AddRoleToInstanceProfileCommand({
      InstanceProfileName: CLOUD9_ROLE_NAME,
      RoleName: CLOUD9_ROLE_NAME,
    }),
  );
}
vars.set('CLOUD9_ROLE_NAME', CLOUD9_ROLE_NAME);
