// Lab 01 as a unit: the blog's steps, the calls each makes (as you, as the Cloud9 role, or as the new user),
// and what the lab creates and removes.
import { DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { DescribeTrailsCommand, ListTagsCommand } from '@aws-sdk/client-cloudtrail';
import { DescribeTableCommand, ListTablesCommand, ListTagsOfResourceCommand } from '@aws-sdk/client-dynamodb';
import {
  DescribeInstancesCommand,
  DescribeKeyPairsCommand,
  DescribeSecurityGroupsCommand,
  DescribeVpcsCommand,
} from '@aws-sdk/client-ec2';
import {
  AddUserToGroupCommand,
  AttachGroupPolicyCommand,
  AttachRolePolicyCommand,
  CreateAccessKeyCommand,
  CreateGroupCommand,
  CreateLoginProfileCommand,
  CreateRoleCommand,
  CreateUserCommand,
  DeleteAccessKeyCommand,
  DeleteGroupCommand,
  DeleteLoginProfileCommand,
  DeleteRoleCommand,
  DeleteUserCommand,
  DeleteUserPolicyCommand,
  DetachGroupPolicyCommand,
  DetachRolePolicyCommand,
  GetGroupCommand,
  GetLoginProfileCommand,
  GetRoleCommand,
  GetUserCommand,
  ListAccessKeysCommand,
  ListAttachedGroupPoliciesCommand,
  ListAttachedRolePoliciesCommand,
  ListAttachedUserPoliciesCommand,
  ListGroupsForUserCommand,
  ListInstanceProfilesCommand,
  ListInstanceProfileTagsCommand,
  ListPoliciesCommand,
  ListPolicyTagsCommand,
  ListRolesCommand,
  ListRoleTagsCommand,
  ListUserPoliciesCommand,
  ListUsersCommand,
  ListUserTagsCommand,
  PutUserPolicyCommand,
  RemoveUserFromGroupCommand,
} from '@aws-sdk/client-iam';
import {
  CreateBucketCommand,
  DeleteBucketCommand,
  DeleteObjectsCommand,
  GetBucketTaggingCommand,
  HeadBucketCommand,
  ListBucketsCommand,
  ListObjectsV2Command,
  PutBucketTaggingCommand,
} from '@aws-sdk/client-s3';
import { ListQueuesCommand, ListQueueTagsCommand } from '@aws-sdk/client-sqs';
import { AssumeRoleCommand, GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { iamTags, LAB_TAG_KEY, labTags } from '@handson/aws';
import { ASSUMER_POLICY_NAME } from '@handson/lab-helpers/role-assumer';
import { defineLab, type VarRef } from '../_lib/manifest.mts';
import {
  IAM_GROUP_NAME,
  IAM_POLICY_NAME,
  IAM_ROLE_ASSUMER,
  IAM_ROLE_NAME,
  IAM_ROLE_POLICY_ARN,
  IAM_USER_NAME,
  SLUG,
} from './lab.mts';

const TAG = `tagged ${LAB_TAG_KEY}=${SLUG}`;
const CLOUD9 = {
  AWS_DEFAULT_REGION: '01-cloud9-environment',
  CLOUD9_SESSION_EXPIRATION: '01-cloud9-environment',
};
const bucket = (v: VarRef) => v('S3_BUCKET_NAME');
const roleArn = (v: VarRef) => `arn:aws:iam::${v('ACCOUNT_ID')}:role/${IAM_ROLE_NAME}`;
const tagged = [{ Name: `tag:${LAB_TAG_KEY}`, Values: [SLUG] }];

/** The last look of the teardown: anything still tagged for this lab (@handson/aws sweep, read-only). */
const sweepCalls = (v: VarRef) => [
  new DescribeStacksCommand({}),
  new DescribeInstancesCommand({ Filters: tagged }),
  new DescribeKeyPairsCommand({ Filters: tagged }),
  new DescribeSecurityGroupsCommand({ Filters: tagged }),
  new DescribeVpcsCommand({ Filters: tagged }),
  new ListQueuesCommand({}),
  new ListQueueTagsCommand({ QueueUrl: v('QUEUE_URL') }),
  new ListTablesCommand({}),
  new DescribeTableCommand({ TableName: v('TABLE_NAME') }),
  new ListTagsOfResourceCommand({ ResourceArn: v('TABLE_ARN') }),
  new DescribeTrailsCommand({ includeShadowTrails: false }),
  new ListTagsCommand({ ResourceIdList: [v('TRAIL_ARN')] }),
  new ListBucketsCommand({}),
  new GetBucketTaggingCommand({ Bucket: v('BUCKET') }),
  new ListUsersCommand({}),
  new ListUserTagsCommand({ UserName: v('USER_NAME') }),
  new ListRolesCommand({}),
  new ListRoleTagsCommand({ RoleName: v('ROLE_NAME') }),
  new ListInstanceProfilesCommand({}),
  new ListInstanceProfileTagsCommand({ InstanceProfileName: v('INSTANCE_PROFILE_NAME') }),
  new ListPoliciesCommand({ Scope: 'Local' }),
  new ListPolicyTagsCommand({ PolicyArn: v('POLICY_ARN') }),
];

export const LAB = defineLab({
  slug: SLUG,
  title: 'IAM users, groups and access keys',
  blog: { post: 'JAWS-UG CLI #185R ①', lines: [686, 1014], chars: 11040 },
  env: {
    HANDSON_IAM_USER_NAME: `the IAM user's name (default ${IAM_USER_NAME})`,
    HANDSON_IAM_GROUP_NAME: `the IAM group's name (default ${IAM_GROUP_NAME})`,
  },
  lessons: {
    'role-denied': {
      expect: 'the Cloud9 role, with IAMFullAccess only, is refused s3 ls and ec2 describe-instances',
      step: '07-access-check',
    },
    'no-region': {
      expect: 'with no region set, ec2 describe-instances stops before sending ("You must specify a region")',
      step: '07-access-check',
    },
    'user-s3-not-ec2': {
      expect: "with the new user's credentials file, s3 ls works and ec2 describe-instances is still refused",
      step: '07-access-check',
    },
  },
  steps: {
    '01-cloud9-environment': {
      does:
        "The blog's starting point, its Cloud9 environment, as you: a bucket for `aws s3 ls` to show later, " +
        `role ${IAM_ROLE_NAME} (trusting this account) with IAMFullAccess only, then the role assumed and its ` +
        "session kept owner-only as the Cloud9 terminal's identity, used by steps 02-07 (checked: the role " +
        'works and is who calls). AWS refuses AssumeRole to the root user ("Roles may not be assumed by root ' +
        `accounts."): as root (the sandbox's default identity too) the lab first makes IAM user ` +
        `${IAM_ROLE_ASSUMER} (${TAG}), allowed only sts:AssumeRole on the role, with one access key kept ` +
        'owner-only, and assumes the role as that user. Run again, it ' +
        "reuses the lab's bucket and role and assumes the role anew (a session lasts an hour); a role of " +
        "that name that is not the lab's stops it, a bucket that is not the lab's is only listed.",
      calls: (v) => [
        new GetCallerIdentityCommand({}),
        new HeadBucketCommand({ Bucket: bucket(v) }),
        new GetBucketTaggingCommand({ Bucket: bucket(v) }),
        new CreateBucketCommand({
          Bucket: bucket(v),
          CreateBucketConfiguration: { LocationConstraint: v('AWS_DEFAULT_REGION') as never },
        }),
        new PutBucketTaggingCommand({ Bucket: bucket(v), Tagging: { TagSet: labTags(SLUG) } }),
        new GetRoleCommand({ RoleName: IAM_ROLE_NAME }),
        new CreateRoleCommand({
          RoleName: IAM_ROLE_NAME,
          AssumeRolePolicyDocument: v('TRUST_POLICY'),
          Tags: iamTags(SLUG),
        }),
        new ListAttachedRolePoliciesCommand({ RoleName: IAM_ROLE_NAME }),
        new AttachRolePolicyCommand({ RoleName: IAM_ROLE_NAME, PolicyArn: IAM_ROLE_POLICY_ARN }),
        // As root only: the user that assumes the role for you.
        new GetUserCommand({ UserName: IAM_ROLE_ASSUMER }),
        new CreateUserCommand({ UserName: IAM_ROLE_ASSUMER, Tags: iamTags(SLUG) }),
        new ListUserTagsCommand({ UserName: IAM_ROLE_ASSUMER }),
        new PutUserPolicyCommand({
          UserName: IAM_ROLE_ASSUMER,
          PolicyName: ASSUMER_POLICY_NAME,
          PolicyDocument: v('ASSUMER_POLICY'),
        }),
        new ListAccessKeysCommand({ UserName: IAM_ROLE_ASSUMER }),
        new DeleteAccessKeyCommand({ UserName: IAM_ROLE_ASSUMER, AccessKeyId: v('ACCESS_KEY_ID') }),
        new CreateAccessKeyCommand({ UserName: IAM_ROLE_ASSUMER }),
        new AssumeRoleCommand({ RoleArn: roleArn(v), RoleSessionName: 'handson-cloud9-environment' }),
      ],
      creates: [
        `S3 bucket handson-cli-novice-<account id> and IAM role ${IAM_ROLE_NAME} with IAMFullAccess ` +
          `(${TAG}), unless the lab made them already`,
        `as root only: IAM user ${IAM_ROLE_ASSUMER} (${TAG}) with an inline policy allowing sts:AssumeRole ` +
          'on the role and one access key, unless the lab made it already',
      ],
      files: [
        "cloud9-environment/config (the role's session, owner-only) in the lab's work directory",
        `cloud9-environment/assumer-credentials (as root only: ${IAM_ROLE_ASSUMER}'s key, owner-only)`,
      ],
    },
    '02-create-user': {
      does:
        `As the Cloud9 role: creates IAM user ${IAM_USER_NAME} (${TAG}) and its console password (generated, ` +
        "sent once, never printed or kept). Run again, the lab's user and its password are kept as they " +
        "are; a user of that name that is not the lab's stops the step before anything changes.",
      needs: CLOUD9,
      calls: (v) => [
        // Off the sandbox, the confirmation names the caller (the role) before anything changes.
        new GetCallerIdentityCommand({}),
        new GetUserCommand({ UserName: IAM_USER_NAME }),
        new CreateUserCommand({ UserName: IAM_USER_NAME, Tags: iamTags(SLUG) }),
        new GetLoginProfileCommand({ UserName: IAM_USER_NAME }),
        new CreateLoginProfileCommand({ UserName: IAM_USER_NAME, Password: v('IAM_USER_PASSWORD') }),
      ],
      creates: [`IAM user ${IAM_USER_NAME} (${TAG}) with a console password, unless the lab made it already`],
    },
    '03-create-access-key': {
      does:
        "As the Cloud9 role: counts the user's access keys (the blog's COUNT + 1), names the access-key file " +
        '<user>-token-<COUNT>.json, creates the key and saves what the CLI prints into the file, owner-only ' +
        '(the terminal shows the secret masked). Run again, the key an earlier run saved is used while it ' +
        'exists: counting up would make a second key and leave the first behind.',
      needs: { ...CLOUD9, IAM_USER_NAME: '02-create-user' },
      calls: () => [
        [new ListAccessKeysCommand({ UserName: IAM_USER_NAME }), { query: 'length(AccessKeyMetadata[])' }],
        new CreateAccessKeyCommand({ UserName: IAM_USER_NAME }),
      ],
      creates: [`an access key for ${IAM_USER_NAME}, unless the one an earlier run saved still exists`],
      files: [`conf-handson-cli-iam/${IAM_USER_NAME}-token-N.json (owner-only) in the lab's work directory`],
    },
    '04-credentials-file': {
      does:
        "Builds the user's credentials file from the access-key file with Lab 02's pipeline (jp.py | sed | " +
        'grep, stage by stage) and writes it owner-only. Local files only; run again, it is written anew.',
      needs: { IAM_USER_NAME: '02-create-user', FILE_ACCESS_KEY: '03-create-access-key' },
      calls: () => [],
      files: [`conf-handson-cli-iam/${IAM_USER_NAME}.ini (owner-only) in the lab's work directory`],
    },
    '05-create-group': {
      does:
        `As the Cloud9 role: creates IAM group ${IAM_GROUP_NAME}, finds the ARN of ${IAM_POLICY_NAME} with ` +
        "the blog's list-policies query and attaches it to the group. Groups cannot carry tags: the lab " +
        'records the group it made in its variables; run again, it reuses that group and does not attach ' +
        'the policy twice, and a group of that name the lab has no record of stops the step.',
      needs: CLOUD9,
      calls: (v) => [
        new GetGroupCommand({ GroupName: IAM_GROUP_NAME }),
        new CreateGroupCommand({ GroupName: IAM_GROUP_NAME }),
        [
          new ListPoliciesCommand({ Scope: 'AWS' }),
          {
            maxItems: 1000,
            query: `Policies[?PolicyName==\`${IAM_POLICY_NAME}\`].Arn`,
            output: 'text',
          },
        ],
        new ListAttachedGroupPoliciesCommand({ GroupName: IAM_GROUP_NAME }),
        new AttachGroupPolicyCommand({ GroupName: IAM_GROUP_NAME, PolicyArn: v('IAM_POLICY_ARN') }),
        [
          new ListAttachedGroupPoliciesCommand({ GroupName: IAM_GROUP_NAME }),
          {
            query: `AttachedPolicies[?PolicyName == \`${IAM_POLICY_NAME}\`].PolicyName`,
            output: 'text',
          },
        ],
      ],
      creates: [
        `IAM group ${IAM_GROUP_NAME} (untaggable: recorded in the lab's variables) with ${IAM_POLICY_NAME} ` +
          'attached, unless the lab made it already',
      ],
    },
    '06-add-user-to-group': {
      does:
        'As the Cloud9 role: adds the user to the group, then checks the membership. Run again, a user ' +
        'already in the group is not added twice, and the step says so.',
      needs: { ...CLOUD9, IAM_USER_NAME: '02-create-user', CREATED_GROUP: '05-create-group' },
      calls: (v) => [
        new ListGroupsForUserCommand({ UserName: v('IAM_USER_NAME') }),
        new AddUserToGroupCommand({ GroupName: v('CREATED_GROUP'), UserName: v('IAM_USER_NAME') }),
        [
          new ListGroupsForUserCommand({ UserName: v('IAM_USER_NAME') }),
          { query: `Groups[?GroupName==\`${v('CREATED_GROUP')}\`].GroupName`, output: 'text' },
        ],
      ],
      creates: [`membership of ${IAM_USER_NAME} in ${IAM_GROUP_NAME}, unless it is a member already`],
    },
    '07-access-check': {
      does:
        'The access check: as the Cloud9 role (IAMFullAccess only) `s3 ls` and `ec2 describe-instances` are ' +
        "denied; first, as in the blog's terminal, with no region set: `configure list` shows region <not " +
        'set> and `ec2 describe-instances` stops before sending ("You must specify a region") until ' +
        "AWS_DEFAULT_REGION is exported. With AWS_SHARED_CREDENTIALS_FILE and AWS_DEFAULT_PROFILE pointing at the user's file, " +
        '`s3 ls` lists the bucket and EC2 is still denied; without the profile the role is back. Waits, ' +
        'with progress, while AWS still refuses a new key. Last, draws the user, group, role and policies ' +
        'read from IAM with the allowed and refused calls (iam-access.svg). Changes nothing in the account.',
      needs: {
        ...CLOUD9,
        IAM_USER_NAME: '02-create-user',
        FILE_USER_CREDENTIAL: '04-credentials-file',
        S3_BUCKET_NAME: '01-cloud9-environment',
      },
      calls: (v) => [
        new ListAttachedRolePoliciesCommand({ RoleName: IAM_ROLE_NAME }),
        new ListBucketsCommand({}),
        new DescribeInstancesCommand({}),
        [new GetCallerIdentityCommand({}), { query: 'Arn', output: 'text' }],
        new ListGroupsForUserCommand({ UserName: IAM_USER_NAME }),
        new ListAttachedGroupPoliciesCommand({ GroupName: v('GROUP_NAME') }),
      ],
      files: ["iam-access.svg (the picture: who may call what) in the lab's work directory"],
    },
  },
  teardown: {
    does:
      "With your own identity, in dependency order: the user's access keys, login profile and group " +
      "memberships, the group's policy, the group, the user, the Cloud9 role, the user that assumed it for " +
      'a root learner, the bucket, the files; then ' +
      'a last look ' +
      "for anything still tagged for the lab. Only what carries the lab's tag (for the untaggable group, " +
      'what the lab recorded making) is deleted. Safe to run again.',
    calls: (v) => [
      new GetCallerIdentityCommand({}),
      new ListUserTagsCommand({ UserName: IAM_USER_NAME }),
      new ListRoleTagsCommand({ RoleName: IAM_ROLE_NAME }),
      new GetBucketTaggingCommand({ Bucket: bucket(v) }),
      new ListAccessKeysCommand({ UserName: IAM_USER_NAME }),
      new DeleteAccessKeyCommand({ UserName: IAM_USER_NAME, AccessKeyId: v('ACCESS_KEY_ID') }),
      new DeleteLoginProfileCommand({ UserName: IAM_USER_NAME }),
      new ListAttachedGroupPoliciesCommand({ GroupName: v('CREATED_GROUP') }),
      new DetachGroupPolicyCommand({ GroupName: v('CREATED_GROUP'), PolicyArn: v('IAM_POLICY_ARN') }),
      new ListGroupsForUserCommand({ UserName: IAM_USER_NAME }),
      new RemoveUserFromGroupCommand({ GroupName: v('GROUP_NAME'), UserName: IAM_USER_NAME }),
      new DeleteGroupCommand({ GroupName: v('CREATED_GROUP') }),
      new DeleteUserCommand({ UserName: IAM_USER_NAME }),
      new ListAttachedRolePoliciesCommand({ RoleName: IAM_ROLE_NAME }),
      new DetachRolePolicyCommand({ RoleName: IAM_ROLE_NAME, PolicyArn: IAM_ROLE_POLICY_ARN }),
      new DeleteRoleCommand({ RoleName: IAM_ROLE_NAME }),
      new ListUserTagsCommand({ UserName: IAM_ROLE_ASSUMER }),
      new ListAccessKeysCommand({ UserName: IAM_ROLE_ASSUMER }),
      new DeleteAccessKeyCommand({ UserName: IAM_ROLE_ASSUMER, AccessKeyId: v('ACCESS_KEY_ID') }),
      // @handson/aws's removeResource('iam:user'): everything IAM requires gone before the user, there or not.
      new DeleteLoginProfileCommand({ UserName: IAM_ROLE_ASSUMER }),
      new ListAttachedUserPoliciesCommand({ UserName: IAM_ROLE_ASSUMER }),
      new ListUserPoliciesCommand({ UserName: IAM_ROLE_ASSUMER }),
      new DeleteUserPolicyCommand({ UserName: IAM_ROLE_ASSUMER, PolicyName: ASSUMER_POLICY_NAME }),
      new ListGroupsForUserCommand({ UserName: IAM_ROLE_ASSUMER }),
      new DeleteUserCommand({ UserName: IAM_ROLE_ASSUMER }),
      // removeResource('s3:bucket'): S3 deletes only an empty bucket.
      new ListObjectsV2Command({ Bucket: bucket(v) }),
      new DeleteObjectsCommand({ Bucket: bucket(v), Delete: { Objects: [{ Key: v('KEY') }] } }),
      new DeleteBucketCommand({ Bucket: bucket(v) }),
      ...sweepCalls(v),
    ],
    removes: [
      `IAM user ${IAM_USER_NAME} with its access keys and login profile, and IAM role ${IAM_ROLE_NAME}, ` +
        `when they carry ${LAB_TAG_KEY}=${SLUG} (a user of yours stays)`,
      `IAM group ${IAM_GROUP_NAME} when the lab recorded making it`,
      `IAM user ${IAM_ROLE_ASSUMER} with its access key and inline policy, when it carries the lab's tag`,
      `S3 bucket handson-cli-novice-<account id>, with any objects in it, when the lab made it`,
      "the lab's files (keys, credentials file, the Cloud9 session) and variables",
    ],
  },
});
