import { join } from 'node:path';

/**
 * The blog names access-key files `<user>-token-<COUNT>.json`, where COUNT is the number of keys the user has
 * after this one (it counts from 1); the hands-on itself counted from 0 (the number of keys before this one).
 */
export type KeyCountBase = 0 | 1;

/** COUNT_IAM_ACCESS_KEYS from `length(AccessKeyMetadata[])` of `iam list-access-keys`. */
export function keyCount(existingKeys: number, base: KeyCountBase = 1): number {
  if (!Number.isInteger(existingKeys) || existingKeys < 0) {
    throw new RangeError(`existingKeys must be a whole number of keys, got ${existingKeys}`);
  }
  return existingKeys + base;
}

/** FILE_ACCESS_KEY: `${DIR_ACCESS_KEY}/${IAM_USER_NAME}-token-${COUNT_IAM_ACCESS_KEYS}.json`. */
export function accessKeyFilePath(dir: string, userName: string, count: number): string {
  return join(dir, `${userName}-token-${count}.json`);
}

/** FILE_USER_CREDENTIAL: `${DIR_ACCESS_KEY}/${IAM_USER_NAME}.ini`. */
export function credentialsFilePath(dir: string, userName: string): string {
  return join(dir, `${userName}.ini`);
}
