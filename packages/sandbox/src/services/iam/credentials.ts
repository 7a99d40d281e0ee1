import type { CredentialResolver, IssuedCredential } from '../../core/types';
import { iamStateOf } from './state';

/**
 * Finds the IAM user behind an access key the sandbox issued. A deleted key still resolves, as Inactive, so
 * that using it is refused (InvalidClientTokenId) instead of being treated as an unknown administrator key.
 */
export const resolveIamUserKey: CredentialResolver = (state, accessKeyId) => {
  if (!accessKeyId.startsWith('AKIA')) return undefined;
  for (const accountId of state.accounts()) {
    const iam = iamStateOf(state, accountId);
    const key = iam.accessKeys[accessKeyId];
    if (key) {
      const user = iam.users[key.user];
      if (!user) continue;
      const credential: IssuedCredential = {
        principal: {
          type: 'user',
          accountId,
          arn: user.Arn,
          userId: user.UserId,
          accessKeyId,
          userName: user.UserName,
        },
        secretAccessKey: key.SecretAccessKey,
        status: key.Status,
      };
      return credential;
    }
    const deleted = iam.deletedAccessKeys[accessKeyId];
    if (deleted) {
      return {
        principal: {
          type: 'user',
          accountId,
          arn: deleted.userArn,
          userId: deleted.userId,
          accessKeyId,
          userName: deleted.userName,
        },
        secretAccessKey: deleted.SecretAccessKey,
        status: 'Inactive',
      };
    }
  }
  return undefined;
};
