#!/usr/bin/env -S node --conditions=@handson/source --import=tsx
// 後片付け (the blog leaves it out), with the learner's own identity, in dependency order: the user's access
// keys and login profile, the group's policy and member, the group, the user, the Cloud9 role and the user
// that assumed it for a root learner, the bucket, the files. Only what carries this lab's tag (or, for the
// untaggable group, what this lab recorded making) is deleted. Safe to run twice or after a half-finished run: what is already gone counts as done.
import { rmSync } from 'node:fs';
import {
  DeleteAccessKeyCommand,
  DeleteGroupCommand,
  DeleteLoginProfileCommand,
  DeleteRoleCommand,
  DeleteUserCommand,
  DetachGroupPolicyCommand,
  DetachRolePolicyCommand,
  ListAccessKeysCommand,
  type ListAccessKeysResponse,
  ListAttachedGroupPoliciesCommand,
  type ListAttachedGroupPoliciesResponse,
  ListAttachedRolePoliciesCommand,
  type ListAttachedRolePoliciesResponse,
  ListGroupsForUserCommand,
  type ListGroupsForUserResponse,
  ListRoleTagsCommand,
  ListUserTagsCommand,
  RemoveUserFromGroupCommand,
} from '@aws-sdk/client-iam';
import { GetBucketTaggingCommand } from '@aws-sdk/client-s3';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { clients, isNotFound, labOf, removeResource, sweep, teardown } from '@handson/aws';
import { allPages } from '@handson/cli';
import { removeRoleAssumer } from '@handson/lab-helpers/role-assumer';
import { forgetOnce } from '@handson/labkit';
import { step } from '../_lib/entry.mts';
import { bucketName, IAM_ROLE_ASSUMER, IAM_ROLE_NAME, IAM_USER_NAME, SLUG, vars, workDirOf } from './lab.mts';
import { LAB } from './manifest.mts';

await step(LAB, 'teardown');

const { iam, s3, sts } = clients();
const userName = vars.get('IAM_USER_NAME') ?? IAM_USER_NAME;
const groupName = vars.get('CREATED_GROUP');
const account = vars.get('ACCOUNT_ID') ?? (await sts.send(new GetCallerIdentityCommand({}))).Account!;
const bucket = vars.get('S3_BUCKET_NAME') ?? bucketName(account);

/** Whether the resource carries this lab's tag; a missing resource is not ours (nothing to do). */
const tagged = (lookup: Promise<{ Tags?: { Key?: string; Value?: string }[] }>) =>
  lookup.then(
    (found) => labOf(found.Tags) === SLUG,
    (error: unknown) => {
      if (isNotFound(error) || (error as { name?: string }).name === 'NoSuchTagSet') return false;
      throw error;
    },
  );
const userIsOurs = await tagged(iam.send(new ListUserTagsCommand({ UserName: userName })));
const roleIsOurs = await tagged(iam.send(new ListRoleTagsCommand({ RoleName: IAM_ROLE_NAME })));
// The lab's record covers a bucket whose tagging broke off right after it was made.
const bucketIsOurs =
  (await tagged(
    s3.send(new GetBucketTaggingCommand({ Bucket: bucket })).then((r) => ({ Tags: r.TagSet })),
  )) || vars.get('CREATED_BUCKET') === bucket;

// Steps run in reverse order of registration: registered last, run first.
const td = teardown(SLUG, { log: (line) => console.log(line) });
td.add('delete the lab files', () => {
  rmSync(workDirOf(), { recursive: true, force: true });
});
if (bucketIsOurs) td.add(`delete bucket ${bucket}`, () => removeResource('s3:bucket', bucket));
// Only when it carries the lab's tag (a root learner's, see 01-cloud9-environment.mts).
td.add(`delete user ${IAM_ROLE_ASSUMER} with its access key and policy, if the lab made it`, () =>
  removeRoleAssumer(SLUG, IAM_ROLE_ASSUMER),
);
if (roleIsOurs) {
  td.add(`delete role ${IAM_ROLE_NAME}`, () => iam.send(new DeleteRoleCommand({ RoleName: IAM_ROLE_NAME })));
  td.add(`detach the policies of role ${IAM_ROLE_NAME}`, async () => {
    const { AttachedPolicies = [] } = await allPages<ListAttachedRolePoliciesResponse>(
      iam,
      new ListAttachedRolePoliciesCommand({ RoleName: IAM_ROLE_NAME }),
    );
    for (const { PolicyArn } of AttachedPolicies) {
      await iam.send(new DetachRolePolicyCommand({ RoleName: IAM_ROLE_NAME, PolicyArn }));
    }
  });
}
if (userIsOurs)
  td.add(`delete user ${userName}`, () => iam.send(new DeleteUserCommand({ UserName: userName })));
if (groupName) {
  td.add(`delete group ${groupName}`, () => iam.send(new DeleteGroupCommand({ GroupName: groupName })));
  td.add(`detach the policies of group ${groupName}`, async () => {
    const { AttachedPolicies = [] } = await allPages<ListAttachedGroupPoliciesResponse>(
      iam,
      new ListAttachedGroupPoliciesCommand({ GroupName: groupName }),
    );
    for (const { PolicyArn } of AttachedPolicies) {
      await iam.send(new DetachGroupPolicyCommand({ GroupName: groupName, PolicyArn }));
    }
  });
}
if (userIsOurs) {
  // Every group, not only the recorded one: a membership left by a run whose records are gone would
  // keep IAM from deleting the user. The groups themselves stay unless the lab recorded making them.
  td.add(`remove ${userName} from its groups`, async () => {
    const { Groups = [] } = await allPages<ListGroupsForUserResponse>(
      iam,
      new ListGroupsForUserCommand({ UserName: userName }),
    );
    for (const { GroupName } of Groups) {
      await iam.send(new RemoveUserFromGroupCommand({ GroupName, UserName: userName }));
    }
  });
  td.add(`delete the login profile of ${userName}`, () =>
    iam.send(new DeleteLoginProfileCommand({ UserName: userName })),
  );
  td.add(`delete the access keys of ${userName}`, async () => {
    const { AccessKeyMetadata = [] } = await allPages<ListAccessKeysResponse>(
      iam,
      new ListAccessKeysCommand({ UserName: userName }),
    );
    for (const { AccessKeyId } of AccessKeyMetadata) {
      await iam.send(new DeleteAccessKeyCommand({ UserName: userName, AccessKeyId }));
    }
  });
}
// The notebook's record of which cells ran: after a teardown they create again.
forgetOnce(SLUG);
const report = await td.run();

// Nothing tagged for this lab may be left (the sweep looks for every kind of resource the labs tag).
const left = await sweep(SLUG);
for (const item of left.found) console.log(`left behind: ${item.kind} ${item.id}`);
if (!report.ok || left.found.length > 0) process.exit(1);
console.log('Nothing of this lab is left.');
