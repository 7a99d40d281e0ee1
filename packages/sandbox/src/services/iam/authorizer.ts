import { type AuthorizationDecision, AwsError, type RequestContext } from '../../core/types';
import { evaluateForResources } from '../../policy/evaluate';
import type { ConditionContext, PolicyDocument } from '../../policy/types';
import { isExpired, sessionFor } from '../sts/session-lookup';
import { type PrincipalPolicies, principalPolicies } from './principal-policies';
import { iamState } from './state';

/**
 * The sandbox's authorizer: decides every request from an IAM user's key or an STS session against the
 * principal's identity-based policies (see src/policy). The account root (any key the sandbox did not issue)
 * never gets here. Each use of a user's access key is recorded for GetAccessKeyLastUsed, and each use of a
 * role for RoleLastUsed.
 */

/** Loopback is the only place the sandbox listens, so that is where every request comes from. */
const DEFAULT_SOURCE_IP = '127.0.0.1';

/**
 * Actions AWS answers for any authenticated caller, whatever its policies say: GetCallerIdentity, and
 * GetSessionToken ("does not require any permissions", IAM user guide, "Permissions for
 * GetSessionToken"; its own restrictions are in its handler).
 */
const ALWAYS_ALLOWED = new Set(['sts:getcalleridentity', 'sts:getsessiontoken']);

export function conditionContext(
  ctx: RequestContext,
  found: PrincipalPolicies,
  input: Record<string, unknown>,
): ConditionContext {
  const now = ctx.now();
  const p = ctx.principal;
  const c: ConditionContext = {
    'aws:SourceIp': (ctx as { sourceIp?: string }).sourceIp ?? DEFAULT_SOURCE_IP,
    'aws:SecureTransport': ctx.endpoint.protocol === 'https:' ? 'true' : 'false',
    'aws:RequestedRegion': ctx.region,
    'aws:CurrentTime': now.toISOString(),
    'aws:EpochTime': String(Math.floor(now.getTime() / 1000)),
    'aws:PrincipalAccount': p.accountId,
    'aws:PrincipalArn': found.principalArn,
    'aws:PrincipalType': p.type === 'user' ? 'User' : 'AssumedRole',
    'aws:userid': p.userId,
  };
  if (p.type === 'user' && p.userName) c['aws:username'] = p.userName;
  for (const tag of found.tags) c[`aws:PrincipalTag/${tag.Key}`] = tag.Value;
  if (typeof input.PolicyArn === 'string') c['iam:PolicyARN'] = input.PolicyArn;
  if (typeof input.AWSServiceName === 'string') c['iam:AWSServiceName'] = input.AWSServiceName;
  if (Array.isArray(input.Tags)) {
    const keys: string[] = [];
    for (const t of input.Tags as Array<{ Key?: unknown; Value?: unknown }>) {
      if (typeof t?.Key !== 'string') continue;
      keys.push(t.Key);
      c[`aws:RequestTag/${t.Key}`] = String(t.Value ?? '');
    }
    c['aws:TagKeys'] = keys;
  }
  return c;
}

function recordUse(ctx: RequestContext, found: PrincipalPolicies): void {
  const when = ctx
    .now()
    .toISOString()
    .replace(/\.\d{3}Z$/, 'Z');
  const key = iamState(ctx).accessKeys[ctx.principal.accessKeyId];
  if (key) key.lastUsed = { LastUsedDate: when, ServiceName: ctx.service, Region: ctx.region };
  if (found.role) found.role.lastUsed = { LastUsedDate: when, Region: ctx.region };
}

export function authorize(
  ctx: RequestContext,
  action: string,
  resources: string[],
  input: Record<string, unknown> = {},
): AuthorizationDecision {
  const p = ctx.principal;
  if (p.type === 'root') return 'allow';

  // Session credentials are refused by the sandbox clock too (the key lookup only knows real time).
  const session = sessionFor(ctx, p.accessKeyId);
  if (session && isExpired(session, ctx.now())) {
    throw new AwsError('ExpiredToken', 'The security token included in the request is expired', {
      status: 403,
    });
  }

  const found = principalPolicies(iamState(ctx), p);
  if (!found) return 'implicit-deny';
  recordUse(ctx, found);
  if (ALWAYS_ALLOWED.has(action.toLowerCase())) return 'allow';

  // GetSessionToken credentials without MFA may not call IAM, nor STS beyond AssumeRole/GetCallerIdentity.
  if (session?.kind === 'session-token') {
    if (ctx.service === 'iam') return 'implicit-deny';
    if (ctx.service === 'sts' && action.toLowerCase() !== 'sts:assumerole') return 'implicit-deny';
  }

  const context = conditionContext(ctx, found, input);
  const decision = evaluateForResources(found.policies, action, resources, context);
  if (decision !== 'allow') return decision;
  if (found.boundary !== undefined) {
    // A permissions boundary caps what the identity policies allow (and its deny is a deny).
    if (found.boundary === null) return 'implicit-deny';
    const capped = evaluateForResources([found.boundary], action, resources, context);
    if (capped !== 'allow') return capped;
  }
  if (!session?.policy) return decision;
  // A session policy can only narrow what the role allows.
  let sessionPolicy: PolicyDocument;
  try {
    sessionPolicy = JSON.parse(session.policy) as PolicyDocument;
  } catch {
    return 'implicit-deny';
  }
  return evaluateForResources([sessionPolicy], action, resources, context);
}
