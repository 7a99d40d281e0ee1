import { AwsError, type Handler, type RequestContext } from '../../core/types';
import { parsePolicyDocument } from '../../policy/parse';
import { evaluateTrust, type TrustCaller } from '../../policy/trust';
import type { PolicyDocument } from '../../policy/types';
import { newId, newSecret } from '../iam/ids';
import { type RoleRecord, roleNamed } from '../iam/lookups';
import { checkLength, requireString, toInteger, validationError } from '../iam/validate';
import { type SessionRecord, stsState } from './state';

/** STS AssumeRole and GetSessionToken: issue ASIA… credentials with a session token and an expiry. */

const TOKEN_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

function sessionToken(ctx: RequestContext): string {
  // Real tokens are long opaque base64 strings; this prefix is what current ones begin with.
  return `IQoJb3JpZ2luX2Vj${ctx.rng.chars(340, TOKEN_ALPHABET)}`;
}

function expiration(ctx: RequestContext, seconds: number): Date {
  const t = ctx.now().getTime() + seconds * 1000;
  return new Date(Math.floor(t / 1000) * 1000);
}

function accessDenied(ctx: RequestContext, roleArn: string): AwsError {
  return new AwsError(
    'AccessDenied',
    `User: ${ctx.principal.arn} is not authorized to perform: sts:AssumeRole on resource: ${roleArn}`,
    { status: 403 },
  );
}

/** The role an ARN names in this account, or undefined (AWS then answers AccessDenied, not NoSuchEntity). */
function roleFromArn(ctx: RequestContext, arn: string): RoleRecord | undefined {
  const m = /^arn:aws:iam::(\d{12}):role\/(?:.*\/)?([\w+=,.@-]+)$/.exec(arn);
  if (!m || m[1] !== ctx.accountId) return undefined;
  const role = roleNamed(ctx, m[2]!);
  return role && role.Arn === arn ? role : undefined;
}

function trustCaller(ctx: RequestContext): TrustCaller {
  const p = ctx.principal;
  const arns = [p.arn];
  if (p.type === 'assumed-role' && p.roleName) {
    const role = roleNamed(ctx, p.roleName);
    if (role) arns.push(role.Arn);
  }
  return { accountId: p.accountId, arns };
}

function requireSessionName(input: Record<string, unknown>): string {
  const name = requireString(input, 'RoleSessionName');
  checkLength('RoleSessionName', name, 2, 64);
  if (!/^[\w+=,.@-]*$/.test(name)) {
    throw validationError(
      'RoleSessionName',
      name,
      'Member must satisfy regular expression pattern: [\\w+=,.@-]*',
    );
  }
  return name;
}

const AssumeRole: Handler = (ctx, input) => {
  const RoleArn = requireString(input, 'RoleArn');
  checkLength('RoleArn', RoleArn, 20, 2048);
  const RoleSessionName = requireSessionName(input);
  const duration = toInteger('DurationSeconds', input.DurationSeconds, 900, 43200) ?? 3600;
  let sessionPolicy: string | undefined;
  if (input.Policy !== undefined && input.Policy !== null) {
    sessionPolicy = String(input.Policy);
    parsePolicyDocument(sessionPolicy, 'identity');
  }

  // AWS refuses root before it looks at the role, whatever the trust policy says.
  if (ctx.principal.type === 'root') {
    throw new AwsError('AccessDenied', 'Roles may not be assumed by root accounts.', { status: 403 });
  }
  const role = roleFromArn(ctx, RoleArn);
  if (!role) throw accessDenied(ctx, RoleArn);
  if (ctx.principal.type === 'assumed-role' && duration > 3600) {
    throw new AwsError(
      'ValidationError',
      'The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.',
    );
  }
  if (duration > role.MaxSessionDuration) {
    throw new AwsError(
      'ValidationError',
      'The requested DurationSeconds exceeds the MaxSessionDuration set for this role.',
    );
  }
  const trust = JSON.parse(role.AssumeRolePolicyDocument) as PolicyDocument;
  const context: Record<string, string> = {
    'aws:PrincipalArn': ctx.principal.arn,
    'aws:PrincipalAccount': ctx.accountId,
  };
  if (input.ExternalId !== undefined) context['sts:ExternalId'] = String(input.ExternalId);
  if (input.SourceIdentity !== undefined) context['sts:SourceIdentity'] = String(input.SourceIdentity);
  if (evaluateTrust(trust, trustCaller(ctx), 'sts:AssumeRole', context) !== 'allow')
    throw accessDenied(ctx, RoleArn);

  const expires = expiration(ctx, duration);
  const session: SessionRecord = {
    AccessKeyId: newId(ctx, 'ASIA'),
    SecretAccessKey: newSecret(ctx),
    SessionToken: sessionToken(ctx),
    Expiration: expires.toISOString(),
    kind: 'assumed-role',
    RoleName: role.RoleName,
    RoleArn: role.Arn,
    RoleId: role.RoleId,
    RoleSessionName,
    ...(sessionPolicy !== undefined ? { policy: sessionPolicy } : {}),
  };
  stsState(ctx).sessions[session.AccessKeyId] = session;
  const out: Record<string, unknown> = {
    Credentials: {
      AccessKeyId: session.AccessKeyId,
      SecretAccessKey: session.SecretAccessKey,
      SessionToken: session.SessionToken,
      Expiration: expires,
    },
    AssumedRoleUser: {
      AssumedRoleId: `${role.RoleId}:${RoleSessionName}`,
      Arn: `arn:aws:sts::${ctx.accountId}:assumed-role/${role.RoleName}/${RoleSessionName}`,
    },
  };
  if (sessionPolicy !== undefined) out.PackedPolicySize = Math.min(100, Math.ceil(sessionPolicy.length / 20));
  if (input.SourceIdentity !== undefined) out.SourceIdentity = String(input.SourceIdentity);
  return out;
};

const GetSessionToken: Handler = (ctx, input) => {
  const p = ctx.principal;
  if (p.type === 'assumed-role') {
    throw new AwsError('AccessDenied', 'Cannot call GetSessionToken with session credentials', {
      status: 403,
    });
  }
  const max = p.type === 'root' ? 3600 : 129600;
  const duration =
    toInteger('DurationSeconds', input.DurationSeconds, 900, 129600) ?? (p.type === 'root' ? 3600 : 43200);
  const expires = expiration(ctx, Math.min(duration, max));
  const session: SessionRecord = {
    AccessKeyId: newId(ctx, 'ASIA'),
    SecretAccessKey: newSecret(ctx),
    SessionToken: sessionToken(ctx),
    Expiration: expires.toISOString(),
    kind: 'session-token',
    ...(p.type === 'user' ? { userName: p.userName, userArn: p.arn, userId: p.userId } : {}),
  };
  stsState(ctx).sessions[session.AccessKeyId] = session;
  return {
    Credentials: {
      AccessKeyId: session.AccessKeyId,
      SecretAccessKey: session.SecretAccessKey,
      SessionToken: session.SessionToken,
      Expiration: expires,
    },
  };
};

const GetCallerIdentity: Handler = (ctx) => ({
  UserId: ctx.principal.userId,
  Account: ctx.accountId,
  Arn: ctx.principal.arn,
});

export const stsOperations = { AssumeRole, GetSessionToken, GetCallerIdentity };
