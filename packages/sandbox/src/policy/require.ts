import { accessDenied } from '../core/refusals.js';
import type { RequestContext } from '../core/types.js';

/**
 * An action an operation needs besides its own, decided by the same authorizer the core asks first
 * (RunInstances with an instance profile also needs iam:PassRole on the profile's role, Service
 * Authorization Reference, "Actions defined by Amazon EC2", dependent actions). Root is never asked.
 * The denial is the calling service's (EC2: UnauthorizedOperation).
 */
export async function requireAlso(
  ctx: RequestContext,
  action: string,
  resources: string[],
  input: Record<string, unknown> = {},
): Promise<void> {
  if (ctx.principal.type === 'root') return;
  const decision = ctx.authorizer ? await ctx.authorizer(ctx, action, resources, input) : 'implicit-deny';
  if (decision !== 'allow') {
    throw accessDenied(ctx.service, ctx.principal, action, resources, decision === 'explicit-deny');
  }
}
