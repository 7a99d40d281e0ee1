import { fuzz } from '@handson/test-support';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatIp } from './cidr';
import { renderPing } from './ping';
import type { ReachabilityResult } from './reachability';

/** The suite's fixed seed (HANDSON_FUZZ_SEED overrides it, see @handson/test-support fuzz). */
const SEED = 20261205;

/** What renderPing reads of a result: the verdict, the protocol, the addresses and Availability Zones. */
const result = fc
  .record({
    reachable: fc.boolean(),
    protocol: fc.constantFrom('icmp', 'icmp', 'icmp', 'tcp') as fc.Arbitrary<'icmp' | 'tcp'>,
    from: fc.integer({ min: 0, max: 0xffffffff }),
    to: fc.integer({ min: 0, max: 0xffffffff }),
    fromAz: fc.constantFrom('ap-northeast-1a', 'ap-northeast-1c', undefined),
    toAz: fc.constantFrom('ap-northeast-1a', 'ap-northeast-1c', undefined),
  })
  .map(
    ({ reachable, protocol, from, to, fromAz, toAz }): ReachabilityResult => ({
      reachable,
      protocol,
      from: { label: 'a', ip: formatIp(from), ...(fromAz ? { availabilityZone: fromAz } : {}) },
      to: { label: 'b', ip: formatIp(to), ...(toAz ? { availabilityZone: toAz } : {}) },
      steps: [],
    }),
  );
const options = fc.record(
  {
    count: fc.integer({ min: 1, max: 40 }),
    interrupted: fc.boolean(),
    seed: fc.integer({ min: 0, max: 0xffffffff }),
    from: fc.constantFrom('10.0.0.1', '10.0.0.2'),
  },
  { requiredKeys: ['count'] },
);

/** iputils prints a round-trip time with three significant digits: 0.xxx, x.xx, xx.x or xxx ms. */
const RTT = /^(0\.\d{3}|[1-9]\.\d{2}|[1-9]\d\.\d|[1-9]\d{2,})$/;
/** The resolution of a printed time, in microseconds. */
const unit = (text: string) => 10 ** (3 - (text.split('.')[1]?.length ?? 0));
const usec = (text: string) => Math.round(Number(text) * 1000);

describe('renderPing over random results and options', () => {
  it('prints a transcript iputils would: header, one numbered reply per packet, statistics that add up', () => {
    fc.assert(
      fc.property(result, options, (r, o) => {
        const text = renderPing(r, o);
        expect(renderPing(r, o)).toBe(text);
        expect(text.endsWith('\n')).toBe(true);
        const lines = text.slice(0, -1).split('\n');
        const to = r.to.ip;
        const received = r.reachable && r.protocol === 'icmp' ? o.count : 0;
        expect(lines[0]).toBe(`PING ${to} (${to}) 56(84) bytes of data.`);
        const replies = lines.slice(1, 1 + received);
        const times = replies.map((line, k) => {
          const m = new RegExp(
            `^64 bytes from ${to.replace(/\./g, '\\.')}: icmp_seq=${k + 1} ttl=255 time=(\\S+) ms$`,
          ).exec(line);
          expect(m, line).not.toBeNull();
          expect(m![1]).toMatch(RTT);
          return m![1]!;
        });
        const rest = lines.slice(1 + received);
        expect(rest[0]).toBe(o.interrupted ? '^C' : '');
        expect(rest[1]).toBe(`--- ${to} ping statistics ---`);
        const stats = /^(\d+) packets transmitted, (\d+) received, (\d+)% packet loss, time (\d+)ms$/.exec(
          rest[2]!,
        );
        expect(stats, rest[2]).not.toBeNull();
        expect(Number(stats![1])).toBe(o.count);
        expect(Number(stats![2])).toBe(received);
        expect(Number(stats![3])).toBe(received === o.count ? 0 : 100);
        // One packet a second: the last one leaves count-1 seconds after the first.
        expect(Number(stats![4])).toBeGreaterThanOrEqual((o.count - 1) * 1000);
        expect(Number(stats![4])).toBeLessThan(o.count * 1000);
        if (received === 0) {
          expect(rest.slice(3)).toEqual(['']);
          return;
        }
        expect(rest).toHaveLength(4);
        const rtt =
          /^rtt min\/avg\/max\/mdev = (\d+\.\d{3})\/(\d+\.\d{3})\/(\d+\.\d{3})\/(\d+\.\d{3}) ms$/.exec(
            rest[3]!,
          );
        expect(rtt, rest[3]).not.toBeNull();
        const [min, avg, max, mdev] = rtt!.slice(1).map(usec) as [number, number, number, number];
        expect(min).toBeLessThanOrEqual(avg);
        expect(avg).toBeLessThanOrEqual(max);
        // A standard deviation is at most half the range.
        expect(mdev).toBeLessThanOrEqual((max - min) / 2 + 1);
        // Each printed time is the exact one truncated to its resolution.
        const low = Math.min(...times.map(usec));
        const high = Math.max(...times.map(usec));
        expect(min - low).toBeGreaterThanOrEqual(0);
        expect(min - low).toBeLessThan(unit(times[times.map(usec).indexOf(low)]!));
        expect(max - high).toBeGreaterThanOrEqual(0);
        expect(max - high).toBeLessThan(unit(times[times.map(usec).indexOf(high)]!));
      }),
      fuzz(400, SEED),
    );
  });

  it('takes about 0.2 ms inside one Availability Zone and about 1.6 ms across zones', () => {
    fc.assert(
      fc.property(result, options, (r, o) => {
        fc.pre(r.reachable && r.protocol === 'icmp');
        const sameAz =
          r.from.availabilityZone !== undefined && r.from.availabilityZone === r.to.availabilityZone;
        const times = [...renderPing(r, o).matchAll(/time=(\S+) ms/g)].map((m) => usec(m[1]!));
        // Within 15% of the base time; the first reply may take up to 20% more (the ARP lookup on a real host).
        const base = sameAz ? 200 : 1600;
        times.forEach((t, k) => {
          expect(t, `${t} µs`).toBeGreaterThanOrEqual(Math.floor(base * 0.85) - 1);
          expect(t, `${t} µs`).toBeLessThanOrEqual(Math.ceil(base * (k === 0 ? 1.35 : 1.15)));
        });
      }),
      fuzz(200, SEED),
    );
  });

  it('refuses a count ping refuses, or one too large to print', () => {
    fc.assert(
      fc.property(
        result,
        fc.oneof(
          fc.integer({ max: 0 }),
          fc.integer({ min: 10_001 }),
          fc.double({ noInteger: true }),
          fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY, 1e12),
        ),
        (r, count) => {
          expect(() => renderPing(r, { count })).toThrow(RangeError);
        },
      ),
      fuzz(200, SEED),
    );
  });
});
