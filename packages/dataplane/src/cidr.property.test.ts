import { fuzz } from '@handson/test-support';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type Cidr,
  cidrContains,
  cidrSize,
  cidrsOverlap,
  cidrTextContains,
  cidrWithin,
  formatCidr,
  formatIp,
  parseCidr,
  parseIp,
} from './cidr';
import { longestPrefixMatch } from './routing';
import type { RouteLike } from './snapshot';

/** The suite's fixed seed (HANDSON_FUZZ_SEED overrides it, see @handson/test-support fuzz). */
const SEED = 20261205;

/** The reference: an address as its 32 bits, most significant first. */
const bits = (ip: number) => ip.toString(2).padStart(32, '0');
const prefixMatches = (cidr: Cidr, ip: number) =>
  bits(ip).slice(0, cidr.prefix) === bits(cidr.network).slice(0, cidr.prefix);

/** Every address of a block, one by one: only for the small blocks the brute-force checks use. */
function addresses(cidr: Cidr): number[] {
  return Array.from({ length: cidrSize(cidr) }, (_, i) => cidr.network + i);
}

const uint32 = fc.integer({ min: 0, max: 0xffffffff });
const anyCidr = fc
  .record({ ip: uint32, prefix: fc.integer({ min: 0, max: 32 }) })
  .map(({ ip, prefix }) => parseCidr(`${formatIp(ip)}/${prefix}`)!);
/** Blocks of /22 to /32 inside 10.0.0.0/22, so overlaps are common and each block has at most 1024 addresses. */
const BASE = parseIp('10.0.0.0')!;
const smallCidr = fc
  .record({ offset: fc.integer({ min: 0, max: 1023 }), prefix: fc.integer({ min: 22, max: 32 }) })
  .map(({ offset, prefix }) => parseCidr(`${formatIp(BASE + offset)}/${prefix}`)!);
const smallIp = fc.integer({ min: BASE - 4, max: BASE + 1027 });

describe('IPv4 addresses and CIDR blocks, against references', () => {
  it('formats and parses every address back to itself', () => {
    fc.assert(
      fc.property(uint32, (ip) => {
        expect(parseIp(formatIp(ip))).toBe(ip);
      }),
      { ...fuzz(500, SEED), examples: [[0], [0xffffffff], [0x7fffffff], [0x80000000]] },
    );
  });

  it('accepts only the canonical dotted quad: whatever parses formats back to the text it came from', () => {
    const text = fc
      .array(fc.constantFrom(...'0123456789.'.split(''), '00', '25', '255', '256', '999'), { maxLength: 16 })
      .map((parts) => parts.join(''));
    fc.assert(
      fc.property(text, (t) => {
        const ip = parseIp(t);
        if (ip !== undefined) expect(formatIp(ip)).toBe(t);
      }),
      {
        ...fuzz(2000, SEED),
        examples: [['1.2.3.4'], ['01.2.3.4'], ['256.0.0.0'], ['1.2.3'], ['1.2.3.4.5'], ['0.0.0.0']],
      },
    );
  });

  it('formats and parses every block back to itself, strictly; host bits are cleared only when not strict', () => {
    fc.assert(
      fc.property(anyCidr, uint32, (cidr, ip) => {
        expect(parseCidr(formatCidr(cidr), true)).toEqual(cidr);
        const loose = parseCidr(`${formatIp(ip)}/${cidr.prefix}`)!;
        expect(loose.prefix).toBe(cidr.prefix);
        expect(prefixMatches(loose, ip)).toBe(true);
        expect(bits(loose.network).slice(cidr.prefix)).toMatch(/^0*$/);
        expect(parseCidr(`${formatIp(ip)}/${cidr.prefix}`, true)).toEqual(
          loose.network === ip ? loose : undefined,
        );
      }),
      fuzz(500, SEED),
    );
  });

  it('refuses prefixes above 32 and malformed blocks', () => {
    const text = fc
      .array(fc.constantFrom(...'0123456789./'.split(''), '/33', '/32', '10.0.0.0'), { maxLength: 10 })
      .map((parts) => parts.join(''));
    fc.assert(
      fc.property(text, (t) => {
        const cidr = parseCidr(t);
        if (cidr === undefined) return;
        expect(cidr.prefix).toBeLessThanOrEqual(32);
        expect(t).toMatch(/^\d+\.\d+\.\d+\.\d+\/\d{1,2}$/);
        expect(parseCidr(formatCidr(cidr), true)).toEqual(cidr);
      }),
      {
        ...fuzz(2000, SEED),
        examples: [['10.0.0.0/33'], ['10.0.0.0/'], ['10.0.0.0/8/8'], ['/8'], ['10.0.0.0/100']],
      },
    );
  });

  it('contains exactly the addresses whose first prefix bits are the network’s', () => {
    fc.assert(
      fc.property(anyCidr, uint32, (cidr, ip) => {
        expect(cidrContains(cidr, ip)).toBe(prefixMatches(cidr, ip));
        expect(cidrContains(cidr, cidr.network)).toBe(true);
        expect(cidrContains(cidr, cidr.network + cidrSize(cidr) - 1)).toBe(true);
        expect(cidrTextContains(formatCidr(cidr), formatIp(ip))).toBe(prefixMatches(cidr, ip));
      }),
      fuzz(1000, SEED),
    );
  });

  it('agrees with enumeration on small blocks: size, containment, within and overlap', () => {
    fc.assert(
      fc.property(smallCidr, smallCidr, smallIp, (a, b, ip) => {
        const inA = new Set(addresses(a));
        const inB = addresses(b);
        expect(inA.size).toBe(cidrSize(a));
        expect(cidrContains(a, ip)).toBe(inA.has(ip));
        expect(cidrWithin(b, a)).toBe(inB.every((x) => inA.has(x)));
        expect(cidrsOverlap(a, b)).toBe(inB.some((x) => inA.has(x)));
        expect(cidrsOverlap(a, b)).toBe(cidrsOverlap(b, a));
      }),
      fuzz(400, SEED),
    );
  });

  it('picks the most specific route that holds the address, as a naive scan over all routes does', () => {
    // A route table holds one route per destination, so destinations are unique.
    const table = fc.uniqueArray(smallCidr, { minLength: 0, maxLength: 12, selector: formatCidr });
    fc.assert(
      fc.property(table, smallIp, (cidrs, ip) => {
        const routes: RouteLike[] = cidrs.map((c, i) => ({
          DestinationCidrBlock: formatCidr(c),
          GatewayId: `gw-${i}`,
        }));
        const naive = routes
          .map((route, i) => ({ route, cidr: cidrs[i]! }))
          .filter(({ cidr }) => prefixMatches(cidr, ip))
          .sort((x, y) => y.cidr.prefix - x.cidr.prefix)[0]?.route;
        expect(longestPrefixMatch({ Routes: routes }, formatIp(ip))).toBe(naive);
        // The order of the routes never matters.
        expect(longestPrefixMatch({ Routes: [...routes].reverse() }, formatIp(ip))).toBe(naive);
      }),
      fuzz(500, SEED),
    );
  });
});
