import type { ReachabilityResult } from './reachability';

export interface PingOptions {
  /** The address as typed (defaults to the destination address of the result). */
  to?: string;
  /** Who pings: only seeds the simulated round-trip times so a rendering is reproducible. */
  from?: string;
  /**
   * Packets sent (`ping -c N`, or how many went out before Ctrl-C); default 5. An integer from 1 (iputils'
   * ping.c parses -c with a floor of 1) to 10000 (a line per packet: a bound keeps a mistyped count from
   * filling memory).
   */
  count?: number;
  /** Render as the blog's transcripts do: stopped with Ctrl-C, so `^C` precedes the statistics. */
  interrupted?: boolean;
  /** Seed for the simulated times; default derived from from/to. */
  seed?: number;
}

const MAX_COUNT = 10_000;

/** A small deterministic generator (mulberry32), so the same pair always prints the same times. */
function generator(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function hash(text: string): number {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return h >>> 0;
}

/** iputils prints a round-trip time in microseconds with three significant digits, truncating. */
function formatRtt(usec: number): string {
  const ms = Math.floor(usec / 1000);
  const rest = usec % 1000;
  if (usec >= 100000) return `${ms}`;
  if (usec >= 10000) return `${ms}.${Math.floor(rest / 100)}`;
  if (usec >= 1000) return `${ms}.${String(Math.floor(rest / 10)).padStart(2, '0')}`;
  return `${ms}.${String(rest).padStart(3, '0')}`;
}

function formatStat(usec: number): string {
  return `${Math.floor(usec / 1000)}.${String(Math.floor(usec % 1000)).padStart(3, '0')}`;
}

/**
 * Linux iputils `ping` output for a reachability result: replies with times when ICMP gets through, 100%
 * packet loss when it does not (ping prints nothing per lost packet without -v). Times are simulated: about
 * 0.2 ms inside one Availability Zone and 1.6 ms across zones, as in the blog's transcripts; ttl=255 as there.
 */
export function renderPing(result: ReachabilityResult, options: PingOptions = {}): string {
  const to = options.to ?? result.to.ip;
  const count = options.count ?? 5;
  if (!Number.isInteger(count) || count < 1 || count > MAX_COUNT)
    throw new RangeError(`ping count must be an integer from 1 to ${MAX_COUNT}, not ${count}`);
  const interrupted = options.interrupted ?? false;
  const random = generator(options.seed ?? hash(`${options.from ?? result.from.ip}->${to}`));
  const lines = [`PING ${to} (${to}) 56(84) bytes of data.`];
  const sameAz =
    result.from.availabilityZone !== undefined && result.from.availabilityZone === result.to.availabilityZone;
  const base = sameAz ? 200 : 1600;
  const received = result.reachable && result.protocol === 'icmp' ? count : 0;
  const times: number[] = [];
  for (let seq = 1; seq <= received; seq++) {
    const usec = Math.max(
      50,
      Math.round(base * (0.85 + random() * 0.3) + (seq === 1 ? base * random() * 0.2 : 0)),
    );
    times.push(usec);
    lines.push(`64 bytes from ${to}: icmp_seq=${seq} ttl=255 time=${formatRtt(usec)} ms`);
  }
  lines.push(interrupted ? '^C' : '');
  lines.push(`--- ${to} ping statistics ---`);
  const elapsed =
    Math.max(0, (count - 1) * 1000) +
    (received > 0 ? 3 + Math.floor(random() * 90) : Math.floor(random() * 200));
  const loss = Math.round(((count - received) / count) * 100);
  lines.push(`${count} packets transmitted, ${received} received, ${loss}% packet loss, time ${elapsed}ms`);
  if (received > 0) {
    const min = Math.min(...times);
    const max = Math.max(...times);
    const avg = Math.floor(times.reduce((a, b) => a + b, 0) / received);
    const mean2 = times.reduce((a, b) => a + b * b, 0) / received;
    const mdev = Math.floor(
      Math.sqrt(Math.max(0, mean2 - (times.reduce((a, b) => a + b, 0) / received) ** 2)),
    );
    lines.push(
      `rtt min/avg/max/mdev = ${formatStat(min)}/${formatStat(avg)}/${formatStat(max)}/${formatStat(mdev)} ms`,
    );
  } else {
    lines.push('');
  }
  return `${lines.join('\n')}\n`;
}
