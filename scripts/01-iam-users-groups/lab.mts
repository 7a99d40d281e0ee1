// What every script of Lab 01 shares: its slug, the blog's names, where its files go, and the two identities
// of the blog — the Cloud9 environment (a role with IAMFullAccess only) and the new IAM user's profile.
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { confirmChanges, type EnvOverrides } from '@handson/aws';
import { LabStepError, labVars, workDir } from '@handson/labkit';
import { invocation } from '../_lib/invocation.mts';
import { labVarNeeded } from '../_lib/lab-vars.mts';
import { labOwnership } from '../_lib/ownership.mts';

export const SLUG = '01-iam-users-groups';
export const vars = labVars(SLUG);

/** A lab variable an earlier step sets; without it, one line naming the step to run first. */
export const need = labVarNeeded(SLUG, vars);

/** Whether tags (either shape) say this lab made the resource. */
export const { isOurs } = labOwnership(SLUG);

/** The blog's names (HANDSON_IAM_USER_NAME / HANDSON_IAM_GROUP_NAME change them). */
export const IAM_USER_NAME = process.env.HANDSON_IAM_USER_NAME ?? 'handson-cli-novice-user';
export const IAM_GROUP_NAME = process.env.HANDSON_IAM_GROUP_NAME ?? 'handson-cli-novice-group';
export const IAM_POLICY_NAME = 'AmazonS3FullAccess';
/** The Cloud9 environment's role in the blog; the lab creates it and assumes it. */
export const IAM_ROLE_NAME = 'handson-cloud9-environment-role';
export const IAM_ROLE_POLICY_ARN = 'arn:aws:iam::aws:policy/IAMFullAccess';
/** Who assumes the role when the learner is root, whom AWS refuses: an IAM user allowed only that. */
export const IAM_ROLE_ASSUMER = 'handson-cloud9-owner';

/** The lab's own work directory (its files, the Cloud9 session, its variables). */
export const workDirOf = () => workDir(SLUG);
/** DIR_ACCESS_KEY: the blog's `${HOME}/environment/conf-handson-cli-iam`. */
export const dirAccessKey = () => workDir(SLUG, 'conf-handson-cli-iam');
/** Where the Cloud9 environment's identity (the assumed role's session) is kept, owner-only. */
export const dirCloud9 = () => workDir(SLUG, 'cloud9-environment');

/** A bucket for `aws s3 ls` to show (the blog's account already had one); S3 names are global. */
export const bucketName = (accountId: string) => `handson-cli-novice-${accountId}`;

/**
 * The environment of the blog's Cloud9 terminal. Cloud9 took its role credentials from instance metadata,
 * which both the CLI and the SDK consult *after* the shared credentials file; that is why exporting
 * AWS_SHARED_CREDENTIALS_FILE and AWS_DEFAULT_PROFILE switched the blog to the user's keys. The lab keeps the
 * role's session in a config file's [default] profile, which sits at the same place in both lookup orders
 * (environment keys would not: the CLI prefers them to any profile). AWS_DEFAULT_REGION is set as the blog
 * set it.
 */
export function cloud9Env(region: string): EnvOverrides {
  const dir = dirCloud9();
  const emptyCredentials = join(dir, 'credentials');
  // So ~/.aws/credentials (whatever the learner keeps there) does not take part.
  if (!existsSync(emptyCredentials)) writeFileSync(emptyCredentials, '', { mode: 0o600 });
  return {
    AWS_CONFIG_FILE: join(dir, 'config'),
    AWS_SHARED_CREDENTIALS_FILE: emptyCredentials,
    AWS_ACCESS_KEY_ID: undefined,
    AWS_SECRET_ACCESS_KEY: undefined,
    AWS_SESSION_TOKEN: undefined,
    AWS_PROFILE: undefined,
    AWS_DEFAULT_PROFILE: undefined,
    AWS_DEFAULT_REGION: region,
  };
}

/**
 * Enters the Cloud9 environment for the rest of this process, as a terminal there would be. Off the sandbox,
 * a step that changes the account has been confirmed for the learner's identity by then (the entry asks);
 * `confirmed` carries that answer over to the role acting for them, so the step does not ask twice.
 */
export function enterCloud9(options: { confirmed?: boolean } = {}): void {
  const region = need('AWS_DEFAULT_REGION', '01-cloud9-environment');
  const expiration = need('CLOUD9_SESSION_EXPIRATION', '01-cloud9-environment');
  if (Date.parse(expiration) < Date.now() + 60_000) {
    throw new LabStepError(
      `The Cloud9 role's session expired at ${expiration}: run ${invocation(SLUG, '01-cloud9-environment')} ` +
        'again to assume the role anew.',
    );
  }
  for (const [name, value] of Object.entries(cloud9Env(region))) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
  if (options.confirmed) process.env.HANDSON_YES = '1';
}

/**
 * Enters the Cloud9 environment for a step that changes the account: the answer given for your own identity
 * carries over to the role, and the confirmation's summary for the role (the identity that makes the
 * changes) is printed now, before the step's first command rather than between a command and its output.
 */
export async function enterCloud9ToChange(): Promise<void> {
  enterCloud9({ confirmed: true });
  await confirmChanges();
}
