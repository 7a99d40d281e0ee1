// What every script of this lab shares: its slug, the blog's names, and where its files go.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { labVars, workDir } from '@handson/labkit';
import { labVarNeeded } from '../_lib/lab-vars.mts';

export const SLUG = '02-iam-credentials-file';
/** The blog's previous post, whose user this lab gives a key: a user that lab made is used as it is. */
export const PREVIOUS_LAB = '01-iam-users-groups';
export const vars = labVars(SLUG);

/** IAM_USER_NAME: the blog's user (HANDSON_IAM_USER_NAME changes it). */
export const IAM_USER_NAME = process.env.HANDSON_IAM_USER_NAME ?? 'handson-cli-novice-user';

/** DIR_ACCESS_KEY: the blog's `${HOME}/environment/conf-handson-cli-iam` (made when missing). */
export const dirAccessKey = () => workDir(SLUG, 'conf-handson-cli-iam');
/** DIR_ACCESS_KEY's path without making it, for the blog's `ls -d` before `mkdir -p`. */
export const dirAccessKeyPath = () => join(workDir(SLUG), 'conf-handson-cli-iam');

/** Where 00-aws-configure keeps its sample credentials and config files (never ~/.aws). */
export const dirConfigureSample = () => workDir(SLUG, 'aws-configure-sample');

/** The blog's two `aws configure` profiles, with the example keys from AWS's documentation, as it used. */
export const SAMPLE_PROFILES = {
  'sample-user1': {
    aws_access_key_id: 'AKIAIOSFODNN7EXAMPLE',
    aws_secret_access_key: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
  },
  'sample-user2': {
    aws_access_key_id: 'AKIAI44QH8DHBEXAMPLE',
    aws_secret_access_key: 'je7MtGbClwBF/2Zp9Utk/h3yCo8nvbEXAMPLEKEY',
  },
} as const;

/** A lab variable an earlier step sets; without it, one line naming the step to run first. */
export const need = labVarNeeded(SLUG, vars);

/** The access key id an access-key file (create-access-key's output) holds; undefined when none or no file. */
export function keyIdIn(file: string): string | undefined {
  if (!existsSync(file)) return undefined;
  try {
    const id = JSON.parse(readFileSync(file, 'utf8'))?.AccessKey?.AccessKeyId;
    return typeof id === 'string' ? id : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The key an earlier run of 03-create-access-key made, when it still exists and its file still holds it: a
 * re-run keeps that key and its file name instead of counting the keys again.
 */
export function earlierKey(live: ReadonlySet<string>): { id: string; file: string } | undefined {
  const id = vars.get('ACCESS_KEY_ID');
  const file = vars.get('FILE_ACCESS_KEY');
  if (!id || !file || !live.has(id) || keyIdIn(file) !== id) return undefined;
  return { id, file };
}
