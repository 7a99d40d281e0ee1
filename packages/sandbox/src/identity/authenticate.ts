import { credentialResolvers } from '../core/registry.js';
import {
  DEFAULT_ACCOUNT_ID,
  type IssuedCredential,
  type Principal,
  type StateAccess,
} from '../core/types.js';
import { type IncomingForVerify, type SigV4Auth, verifySigV4 } from './sigv4.js';

export type AuthFailure = 'InvalidClientTokenId' | 'SignatureDoesNotMatch' | 'ExpiredToken';

/** The account's administrator: who any access key the sandbox did not issue (e.g. `test`) acts as. */
export function rootPrincipal(accessKeyId: string, accountId = DEFAULT_ACCOUNT_ID): Principal {
  return { type: 'root', accountId, arn: `arn:aws:iam::${accountId}:root`, userId: accountId, accessKeyId };
}

export function findIssuedCredential(state: StateAccess, accessKeyId: string): IssuedCredential | undefined {
  for (const resolve of credentialResolvers()) {
    const found = resolve(state, accessKeyId);
    if (found) return found;
  }
  return undefined;
}

/**
 * Who signed the request. Keys the sandbox issued must be active, carry their session token and be signed
 * with their secret; any other key is the account root and its signature is not checked (its secret is
 * unknown by design, so `test`/`test` works).
 */
export async function authenticate(
  state: StateAccess,
  auth: SigV4Auth,
  req: IncomingForVerify,
): Promise<Principal | AuthFailure> {
  const issued = findIssuedCredential(state, auth.accessKeyId);
  if (!issued) return rootPrincipal(auth.accessKeyId);
  if (issued.status === 'Inactive') return 'InvalidClientTokenId';
  if (issued.status === 'Expired') return 'ExpiredToken';
  if (issued.sessionToken !== undefined && auth.sessionToken !== issued.sessionToken)
    return 'InvalidClientTokenId';
  const ok = await verifySigV4(auth, req, issued.secretAccessKey);
  return ok ? issued.principal : 'SignatureDoesNotMatch';
}
