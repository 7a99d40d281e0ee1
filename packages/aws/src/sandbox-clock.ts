import { SANDBOX_ANSWER_MS } from './sandbox-process.js';
import { resolveTarget } from './target.js';

/**
 * The local sandbox's virtual clock, seen from a lab: a wait the blog spent watching the terminal (a
 * two-minute visibility timeout, an instance starting) costs nothing on the sandbox, whose SQS, EC2 and
 * CloudFormation follow this clock; the lab moves it on instead of sleeping. Real AWS and other endpoints
 * have no such clock: there the lab waits for real.
 */
export interface VirtualClock {
  /** Moves the sandbox's clock forward. */
  advance(ms: number): Promise<void>;
}

/**
 * The clock of the sandbox this process targets, or undefined on any other target, with HANDSON_REAL_WAITS=1,
 * or when the sandbox answering is too old to have one.
 */
export async function sandboxClock(env: NodeJS.ProcessEnv = process.env): Promise<VirtualClock | undefined> {
  if (env.HANDSON_REAL_WAITS === '1') return undefined;
  const target = resolveTarget(env);
  if (target.kind !== 'sandbox' || !target.endpoint) return undefined;
  const url = new URL('/_sandbox/clock', `${target.endpoint}/`);
  try {
    const probe = await fetch(url, { signal: AbortSignal.timeout(SANDBOX_ANSWER_MS) });
    await probe.arrayBuffer();
    if (!probe.ok) return undefined;
  } catch {
    return undefined;
  }
  return {
    async advance(ms) {
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ advanceMs: Math.max(0, Math.round(ms)) }),
        signal: AbortSignal.timeout(SANDBOX_ANSWER_MS),
      });
      const text = await response.text();
      if (!response.ok) throw new Error(`the sandbox did not move its clock: ${response.status} ${text}`);
    },
  };
}

/**
 * The time by the target's clock: on the local sandbox its virtual time (moved on by the waits so far), on
 * any other target, or with HANDSON_REAL_WAITS=1, this machine's. A lab that waits "two hours from when
 * coverage started" measures both ends with this.
 */
export async function targetNow(env: NodeJS.ProcessEnv = process.env): Promise<Date> {
  if (env.HANDSON_REAL_WAITS === '1') return new Date();
  const target = resolveTarget(env);
  if (target.kind !== 'sandbox' || !target.endpoint) return new Date();
  try {
    const response = await fetch(new URL('/_sandbox/clock', `${target.endpoint}/`), {
      signal: AbortSignal.timeout(SANDBOX_ANSWER_MS),
    });
    if (!response.ok) return new Date();
    const { now } = (await response.json()) as { now?: string };
    const date = new Date(now ?? '');
    return Number.isNaN(date.getTime()) ? new Date() : date;
  } catch {
    return new Date();
  }
}
