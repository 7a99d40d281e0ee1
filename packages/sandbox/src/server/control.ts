import type { IncomingMessage } from 'node:http';
import type { SandboxClock } from '../core/clock.js';

/**
 * The sandbox's own endpoints under /_sandbox/: health (who answered) and the virtual clock (labs skip a
 * two-minute visibility timeout by moving the clock instead of sleeping). No web page may use them: a
 * request that carries an Origin (every cross-site fetch does) is refused, and a change needs the JSON
 * content type, which a browser cannot send across sites without a CORS preflight the sandbox never grants.
 */
export interface ControlAnswer {
  status: number;
  body: Record<string, unknown>;
}

export interface ControlContext {
  clock: SandboxClock;
  health: () => Record<string, unknown>;
}

const LONGEST_ADVANCE_MS = 366 * 24 * 3_600_000;

function refused(message: string, status = 403): ControlAnswer {
  return { status, body: { error: message } };
}

function clockAnswer(clock: SandboxClock): ControlAnswer {
  return { status: 200, body: { now: clock.now().toISOString() } };
}

function advance(req: IncomingMessage, body: Buffer, clock: SandboxClock): ControlAnswer {
  const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  if (type !== 'application/json')
    return refused('POST /_sandbox/clock takes Content-Type: application/json', 415);
  let advanceMs: unknown;
  try {
    advanceMs = (JSON.parse(body.toString('utf8')) as { advanceMs?: unknown }).advanceMs;
  } catch {
    return refused('the body is not JSON: send {"advanceMs": 120000}', 400);
  }
  if (
    typeof advanceMs !== 'number' ||
    !Number.isInteger(advanceMs) ||
    advanceMs < 0 ||
    advanceMs > LONGEST_ADVANCE_MS
  ) {
    return refused(`advanceMs must be a whole number of milliseconds from 0 to ${LONGEST_ADVANCE_MS}`, 400);
  }
  clock.advance(advanceMs);
  return clockAnswer(clock);
}

/** The answer for a /_sandbox/ path, or undefined when the path is not one (an AWS request). */
export function control(
  req: IncomingMessage,
  path: string,
  body: Buffer,
  ctx: ControlContext,
): ControlAnswer | undefined {
  if (!path.startsWith('/_sandbox/')) return undefined;
  if (req.headers.origin !== undefined) return refused('the sandbox answers local tools, not web pages');
  if (req.method === 'GET' && path === '/_sandbox/health') return { status: 200, body: ctx.health() };
  if (path === '/_sandbox/clock') {
    if (req.method === 'GET') return clockAnswer(ctx.clock);
    if (req.method === 'POST') return advance(req, body, ctx.clock);
  }
  return refused(`no such sandbox endpoint: ${req.method} ${path}`, 404);
}
