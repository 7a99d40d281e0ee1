import type { RequestContext } from '../../core/types';

/**
 * Now as EC2 answers times: whole seconds (`2024-05-01T09:30:12.000Z`; the CLI prints
 * `2024-05-01T09:30:12+00:00`). The sandbox clock has milliseconds, which EC2's times never carry.
 */
export function ec2Now(ctx: RequestContext): string {
  return new Date(Math.floor(ctx.now().getTime() / 1000) * 1000).toISOString();
}
