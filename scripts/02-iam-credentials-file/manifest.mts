// Lab 02 as a unit: the blog's steps, the calls each makes, and what the lab creates and removes.
import {
  CreateAccessKeyCommand,
  CreateUserCommand,
  DeleteAccessKeyCommand,
  DeleteLoginProfileCommand,
  DeleteUserCommand,
  DeleteUserPolicyCommand,
  DetachUserPolicyCommand,
  GetUserCommand,
  ListAccessKeysCommand,
  ListAttachedUserPoliciesCommand,
  ListGroupsForUserCommand,
  ListUserPoliciesCommand,
  RemoveUserFromGroupCommand,
} from '@aws-sdk/client-iam';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { iamTags, LAB_TAG_KEY } from '@handson/aws';
import { defineLab } from '../_lib/manifest.mts';
import { IAM_USER_NAME, PREVIOUS_LAB, SLUG } from './lab.mts';

const TAG = `tagged ${LAB_TAG_KEY}=${SLUG}`;
const KEY_FILE = `conf-handson-cli-iam/${IAM_USER_NAME}-token-<COUNT>.json`;

export const LAB = defineLab({
  slug: SLUG,
  title: 'A credentials file per user, built by a pipeline',
  blog: { post: 'JAWS-UG CLI #185R ②', lines: [288, 683], chars: 12878 },
  env: { HANDSON_IAM_USER_NAME: `the IAM user's name (default ${IAM_USER_NAME})` },
  lessons: {
    'file-signs-as-user': {
      expect:
        'the credentials file the pipeline wrote, chosen by two variables, makes the SDK sign as the new user',
      step: '05-use-credentials-file',
    },
  },
  steps: {
    '00-aws-configure': {
      does:
        'The blog\'s "usual way" first: `aws configure --profile sample-user1`, then `sample-user2`, with the ' +
        "example keys from AWS's documentation as the blog used, and `cat` of the one credentials file both " +
        "land in (the reason for a file per user). Written to sample files in the lab's work directory " +
        '(AWS_SHARED_CREDENTIALS_FILE and AWS_CONFIG_FILE point there), never ~/.aws. Local files only; run ' +
        'again, the samples are made anew.',
      calls: () => [],
      files: [
        "aws-configure-sample/credentials and aws-configure-sample/config (owner-only) in the lab's work directory",
      ],
    },
    '01-prepare-user': {
      does:
        `The blog's premise: IAM user ${IAM_USER_NAME} exists (the previous post, Lab 01, made it). When it ` +
        `is missing it is created (${TAG}). A user Lab 01 or an earlier run made is used as it is; a user of ` +
        "that name no lab made stops the step: the lab would add an access key to someone else's user.",
      calls: () => [
        new GetUserCommand({ UserName: IAM_USER_NAME }),
        new CreateUserCommand({ UserName: IAM_USER_NAME, Tags: iamTags(SLUG) }),
      ],
      creates: [`IAM user ${IAM_USER_NAME} (${TAG}), unless it exists (made by ${PREVIOUS_LAB} or this lab)`],
    },
    '02-access-key-file-name': {
      does:
        "The access-key file's name as the blog makes it: DIR_ACCESS_KEY (`ls -d` fails, `mkdir -p`, `ls -d` " +
        "finds it), COUNT_IAM_ACCESS_KEYS (the user's " +
        'keys counted with list-access-keys, + 1: the number of keys once the new one exists) and ' +
        `FILE_ACCESS_KEY=${KEY_FILE}. Run again while the key 03 made still exists, the count would include ` +
        "that key and name a second file (and 03 a second key): the first run's count and file are kept, " +
        'and the step says so.',
      needs: { IAM_USER_NAME: '01-prepare-user' },
      calls: () => [
        [new ListAccessKeysCommand({ UserName: IAM_USER_NAME }), { query: 'length(AccessKeyMetadata[])' }],
      ],
    },
    '03-create-access-key': {
      does:
        `Creates the access key as the blog does (aws iam create-access-key > \${FILE_ACCESS_KEY}) and saves ` +
        'what the CLI prints in that file, owner-only; the terminal shows the secret masked; then `ls -al` of ' +
        'the directory and, as the blog looked at what it counts, list-access-keys in full and with its ' +
        '--query. Run again, the ' +
        'key an earlier run saved is used while it exists ' +
        '(AWS shows a secret only once, and allows two keys per user); a file whose key is gone is replaced.',
      needs: { IAM_USER_NAME: '01-prepare-user', FILE_ACCESS_KEY: '02-access-key-file-name' },
      calls: () => [
        new ListAccessKeysCommand({ UserName: IAM_USER_NAME }),
        new CreateAccessKeyCommand({ UserName: IAM_USER_NAME }),
        [new ListAccessKeysCommand({ UserName: IAM_USER_NAME }), { query: 'length(AccessKeyMetadata[])' }],
      ],
      creates: [`an access key for ${IAM_USER_NAME}, unless the one an earlier run saved still exists`],
      files: [`${KEY_FILE} (owner-only) in the lab's work directory`],
    },
    '04-credentials-file': {
      does:
        "The blog's pipeline (jp.py | sed | ... | grep '^aws_'), one stage at a time with what each prints, " +
        `then the lines written as the [${IAM_USER_NAME}] profile of the user's credentials file, owner-only. ` +
        'Where jp.py and sed exist, the literal shell pipeline runs too and must print the same lines. Local ' +
        'files only. Run again, a profile that holds the same key is left as it is. Last, the picture of the ' +
        'stages with what each produced (credentials-pipeline.svg).',
      needs: { IAM_USER_NAME: '01-prepare-user', FILE_ACCESS_KEY: '02-access-key-file-name' },
      options: {
        reveal: { type: 'boolean', description: 'show the secret access key (masked otherwise)' },
        overwrite: {
          type: 'boolean',
          description: `replace a [${IAM_USER_NAME}] profile the file already has with another key`,
        },
      },
      calls: () => [],
      files: [
        `conf-handson-cli-iam/${IAM_USER_NAME}.ini (owner-only) in the lab's work directory`,
        "credentials-pipeline.svg (the picture) in the lab's work directory",
      ],
    },
    '05-use-credentials-file': {
      does:
        'With AWS_SHARED_CREDENTIALS_FILE and AWS_DEFAULT_PROFILE pointing at the credentials file, the ' +
        "SDK's own provider signs as the new user (sts get-caller-identity). On AWS a new key takes some " +
        'seconds to work: the step waits, with progress, until it does. Changes nothing.',
      needs: { IAM_USER_NAME: '01-prepare-user', FILE_USER_CREDENTIAL: '04-credentials-file' },
      calls: () => [new GetCallerIdentityCommand({})],
    },
  },
  teardown: {
    does:
      'Deletes the access key this lab made (every key of the user when the lab made the user), the user ' +
      "when this lab made it, and the lab's files. A user Lab 01 made keeps its other keys. Safe to run again.",
    calls: (v) => [
      new ListAccessKeysCommand({ UserName: IAM_USER_NAME }),
      new DeleteAccessKeyCommand({ UserName: IAM_USER_NAME, AccessKeyId: v('ACCESS_KEY_ID') }),
      // @handson/aws's removeResource('iam:user'): everything IAM requires gone before the user, there or not.
      new DeleteLoginProfileCommand({ UserName: v('CREATED_USER') }),
      new ListAttachedUserPoliciesCommand({ UserName: v('CREATED_USER') }),
      new DetachUserPolicyCommand({ UserName: v('CREATED_USER'), PolicyArn: v('POLICY_ARN') }),
      new ListUserPoliciesCommand({ UserName: v('CREATED_USER') }),
      new DeleteUserPolicyCommand({ UserName: v('CREATED_USER'), PolicyName: v('POLICY_NAME') }),
      new ListGroupsForUserCommand({ UserName: v('CREATED_USER') }),
      new RemoveUserFromGroupCommand({ UserName: v('CREATED_USER'), GroupName: v('GROUP_NAME') }),
      new DeleteUserCommand({ UserName: v('CREATED_USER') }),
    ],
    removes: [
      `the access key this lab made for ${IAM_USER_NAME} (all its keys when the lab made the user)`,
      `IAM user ${IAM_USER_NAME} when this lab made it (with its password, policies and group memberships)`,
      "the access-key file, the credentials file, the aws configure samples, the picture and the lab's variables",
    ],
  },
});
