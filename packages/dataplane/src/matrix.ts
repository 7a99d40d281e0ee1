import { type ReachabilityResult, reachability } from './reachability';
import type { Protocol } from './security-groups';
import type { HostServices, NetworkSnapshot } from './snapshot';

export interface MatrixRow {
  from: string;
  to: string;
  reachable: boolean;
  /** Why not, in English and Japanese (the first failing hop). */
  reason?: { en: string; ja: string };
  result: ReachabilityResult;
}

/** Every ordered pair of the given instances (ids, Name tags or private IPs): the lab's ping matrix. */
export function reachabilityMatrix(
  snapshot: NetworkSnapshot,
  instances: string[],
  protocol: Protocol = 'icmp',
  port?: number,
): MatrixRow[] {
  const rows: MatrixRow[] = [];
  for (const from of instances) {
    for (const to of instances) {
      if (from === to) continue;
      const result = reachability(snapshot, { from, to, protocol, ...(port !== undefined ? { port } : {}) });
      rows.push({
        from,
        to,
        reachable: result.reachable,
        ...(result.blockedAt ? { reason: { en: result.blockedAt.en, ja: result.blockedAt.ja } } : {}),
        result,
      });
    }
  }
  return rows;
}

/**
 * What sshd listens on, read from an instance's console output (GetConsoleOutput, decoded): the sandbox's
 * instances log `Server listening on 0.0.0.0 port N.` there. Undefined when the log says nothing about it,
 * as a real instance's console usually does not.
 */
export function servicesFromConsoleOutput(text: string): HostServices | undefined {
  const ports = [...text.matchAll(/Server listening on \S+ port (\d+)\./g)].map((m) => Number(m[1]));
  return ports.length > 0 ? { tcp: [...new Set(ports)] } : undefined;
}
