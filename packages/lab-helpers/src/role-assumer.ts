import {
  CreateAccessKeyCommand,
  CreateUserCommand,
  DeleteAccessKeyCommand,
  GetUserCommand,
  ListAccessKeysCommand,
  type ListAccessKeysResponse,
  ListUserTagsCommand,
  PutUserPolicyCommand,
  type User,
} from '@aws-sdk/client-iam';
import {
  type AwsClients,
  clients,
  clientsFor,
  iamTags,
  labOf,
  notice,
  orMissing,
  removeResource,
} from '@handson/aws';
import { allPages } from '@handson/cli';
import { readCredentialsFile, writeCredentialsProfile } from '@handson/credentials';
import { aws, createOnce, type StepOptions } from '@handson/labkit';

/*
 * AWS refuses AssumeRole to an account's root user ("Roles may not be assumed by root accounts.", STS
 * AssumeRole API reference), whatever the role's trust policy says. A lab that plays the blog's Cloud9
 * terminal by assuming a role therefore needs an IAM identity first when the learner runs it as root (the
 * sandbox's default identity is root too): an IAM user of the lab's, allowed nothing but sts:AssumeRole on
 * that one role, as the blog's Cloud9 owner was an IAM user. Any other caller assumes the role itself.
 */

/** The inline policy that lets the user assume the role and do nothing else. */
export const ASSUMER_POLICY_NAME = 'assume-lab-role';

export interface RoleAssumerOptions {
  slug: string;
  /** The caller's ARN (GetCallerIdentity): root, `arn:aws:iam::<account>:root`, gets a user. */
  callerArn: string;
  /** The IAM user to make when the caller is root. */
  userName: string;
  roleArn: string;
  /** Where the user's access key is kept between runs (a credentials file, owner-only). */
  keyFile: string;
  /** How the calls are printed (the lab's transcript options). */
  step?: StepOptions;
}

export const isRootArn = (arn: string) => /^arn:aws[\w-]*:iam::\d{12}:root$/.test(arn);

async function ensureUser(o: RoleAssumerOptions): Promise<void> {
  const { iam } = clients();
  await createOnce<User>({
    slug: o.slug,
    what: `IAM user ${o.userName}`,
    find: async () => (await orMissing(iam.send(new GetUserCommand({ UserName: o.userName }))))?.User,
    create: async () =>
      (await aws(new CreateUserCommand({ UserName: o.userName, Tags: iamTags(o.slug) }), o.step)).output
        .User!,
    ours: async () =>
      labOf((await iam.send(new ListUserTagsCommand({ UserName: o.userName }))).Tags) === o.slug,
  });
  const policy = {
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: o.roleArn }],
  };
  // Put is idempotent: a rerun writes the same document again.
  await aws(
    new PutUserPolicyCommand({
      UserName: o.userName,
      PolicyName: ASSUMER_POLICY_NAME,
      PolicyDocument: JSON.stringify(policy),
    }),
    o.step,
  );
}

/**
 * The user's one access key: the one an earlier run kept while IAM still has it; otherwise the user's keys
 * (the lab's, as the user is) are replaced by a new one, kept owner-only in `keyFile`.
 */
async function ensureKey(o: RoleAssumerOptions): Promise<{ accessKeyId: string; secretAccessKey: string }> {
  const kept = readCredentialsFile(o.keyFile).default;
  const { AccessKeyMetadata = [] } = await allPages<ListAccessKeysResponse>(
    clients().iam,
    new ListAccessKeysCommand({ UserName: o.userName }),
  );
  if (kept?.aws_access_key_id && AccessKeyMetadata.some((k) => k.AccessKeyId === kept.aws_access_key_id)) {
    return { accessKeyId: kept.aws_access_key_id, secretAccessKey: kept.aws_secret_access_key ?? '' };
  }
  for (const { AccessKeyId } of AccessKeyMetadata) {
    await aws(new DeleteAccessKeyCommand({ UserName: o.userName, AccessKeyId }), o.step);
  }
  const { output } = await aws(new CreateAccessKeyCommand({ UserName: o.userName }), o.step);
  const key = output.AccessKey!;
  writeCredentialsProfile(
    o.keyFile,
    'default',
    { aws_access_key_id: key.AccessKeyId!, aws_secret_access_key: key.SecretAccessKey! },
    { overwrite: true },
  );
  return { accessKeyId: key.AccessKeyId!, secretAccessKey: key.SecretAccessKey! };
}

/**
 * The clients that assume the lab's role: the environment's own, or, when the caller is root, those of an
 * IAM user of the lab's made for it (once; a user of that name the lab did not make stops the step).
 */
export async function roleAssumer(o: RoleAssumerOptions): Promise<AwsClients> {
  if (!isRootArn(o.callerArn)) return clients();
  notice(
    'You are signed in as the root user, and AWS refuses AssumeRole to root ("Roles may not be assumed by ' +
      `root accounts."): the lab makes IAM user ${o.userName}, allowed only to assume ${o.roleArn}, and ` +
      'assumes the role as that user.',
  );
  await ensureUser(o);
  return clientsFor({ credentials: await ensureKey(o) });
}

/**
 * Removes the user `roleAssumer` made, when it carries the lab's tag, with what hangs off it (@handson/aws's
 * `removeResource`, as the sweep removes users). Returns whether there was one; a user that is not the lab's is
 * left alone.
 */
export async function removeRoleAssumer(slug: string, userName: string): Promise<boolean> {
  const { iam } = clients();
  const tags = await orMissing(iam.send(new ListUserTagsCommand({ UserName: userName })));
  if (!tags || labOf(tags.Tags) !== slug) return false;
  await removeResource('iam:user', userName);
  return true;
}
