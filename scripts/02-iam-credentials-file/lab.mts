// What every script of this lab shares: its slug, the blog's names, and where its files go.
import { labVars, workDir } from '@handson/labkit';

export const SLUG = '02-iam-credentials-file';
export const vars = labVars(SLUG);

/** IAM_USER_NAME: the blog's user (HANDSON_IAM_USER_NAME changes it). */
export const IAM_USER_NAME = process.env.HANDSON_IAM_USER_NAME ?? 'handson-cli-novice-user';

/** DIR_ACCESS_KEY: the blog's `${HOME}/environment/conf-handson-cli-iam`. */
export const dirAccessKey = () => workDir(SLUG, 'conf-handson-cli-iam');
