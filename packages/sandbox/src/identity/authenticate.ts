import { DEFAULT_ACCOUNT_ID, type IssuedCredential, type Principal } from '../core/types.js';
import { type IncomingForVerify, type SigV4Auth, verifySigV4 } from './sigv4.js';

export type AuthFailure = 'InvalidClientTokenId' | 'SignatureDoesNotMatch' | 'ExpiredToken' | 'UnsignedHost';

/** The account's administrator: who any access key the sandbox did not issue (e.g. `test`) acts as. */
export function rootPrincipal(accessKeyId: string, accountId = DEFAULT_ACCOUNT_ID): Principal {
  return { type: 'root', accountId, arn: `arn:aws:iam::${accountId}:root`, userId: accountId, accessKeyId };
}

/** The credential the sandbox issued for an access key (IAM, STS), or undefined: the services' resolvers. */
export type IssuedCredentialLookup = (accessKeyId: string) => IssuedCredential | undefined;

/**
 * Who signed the request. Keys the sandbox issued must be active, carry their session token (and no made-up
 * one on a long-term key), sign the host header and be signed with their secret. Any other key in an
 * Authorization header is the account root and its signature is not checked (its secret is unknown by
 * design, so `test`/`test` works): a web page cannot send that header across sites without a CORS preflight,
 * which the sandbox never grants. A query-string (presigned) request, which any page can make with an
 * `<img src>`, is served only for a key the sandbox issued and can verify.
 */
export async function authenticate(
  issuedCredential: IssuedCredentialLookup,
  auth: SigV4Auth,
  req: IncomingForVerify,
): Promise<Principal | AuthFailure> {
  const issued = issuedCredential(auth.accessKeyId);
  if (!issued) return auth.kind === 'query' ? 'InvalidClientTokenId' : rootPrincipal(auth.accessKeyId);
  if (issued.status === 'Inactive') return 'InvalidClientTokenId';
  if (issued.status === 'Expired') return 'ExpiredToken';
  // IAM user keys have no session token; STS's must present theirs (AWS: InvalidClientTokenId either way).
  if (auth.sessionToken !== issued.sessionToken) return 'InvalidClientTokenId';
  if (!auth.signedHeaders.includes('host')) return 'UnsignedHost';
  const ok = await verifySigV4(auth, req, issued.secretAccessKey);
  return ok ? issued.principal : 'SignatureDoesNotMatch';
}
