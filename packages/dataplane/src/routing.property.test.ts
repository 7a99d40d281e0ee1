import { fuzz } from '@handson/test-support';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  buildNetwork,
  defaultRoute,
  pcxId,
  peeringRoute,
  type VpcPlan,
  vpcPlans,
} from './__fixtures__/networks';
import { cidrSize, formatIp, parseCidr } from './cidr';
import { reachability } from './reachability';
import type { NetworkSnapshot, RouteLike } from './snapshot';

/** The suite's fixed seed (HANDSON_FUZZ_SEED overrides it, see @handson/test-support fuzz). */
const SEED = 20261205;

const ping = (snapshot: NetworkSnapshot, from: number, to: number) =>
  reachability(snapshot, { from: `i-${from}`, to: `i-${to}`, protocol: 'icmp' });

/**
 * Peering is never transitive: A–B and B–C do not connect A and C, whatever the route tables say. Amazon VPC
 * Peering Guide, "Unsupported VPC peering configurations", Transitive peering:
 * https://docs.aws.amazon.com/vpc/latest/peering/invalid-peering-configurations.html
 */
describe('routing over random networks (security groups open, so only routes and peerings decide)', () => {
  it('always reaches another address of its own VPC through the local route, whatever else the table holds', () => {
    // Routes to other ranges with any target, a default route, explicit or main association. A route more
    // specific than the VPC's own range (allowed since 2021 for middlebox inspection) is left out: it would
    // rightly take traffic away from `local`.
    const arb = vpcPlans(4).chain((plans) =>
      fc.record({
        plans: fc.constant(plans),
        other: fc.nat(),
        targets: fc.array(fc.constantFrom('pcx-99', 'igw-0', 'blackhole', 'eni-1'), {
          minLength: 3,
          maxLength: 3,
        }),
        withDefault: fc.boolean(),
        main: fc.boolean(),
      }),
    );
    fc.assert(
      fc.property(arb, ({ plans, other, targets, withDefault, main }) => {
        const own = plans[0]!;
        const subnet = parseCidr(own.subnet)!;
        const reserved = [0, 1, 2, 3, cidrSize(subnet) - 1];
        let offset = 4 + (other % (cidrSize(subnet) - 5));
        if (formatIp(subnet.network + offset) === own.ip) offset = offset === 4 ? 5 : 4;
        expect(reserved).not.toContain(offset);
        const routes: RouteLike[] = targets.map((target, k) => ({
          DestinationCidrBlock: plans[k + 1]!.cidr,
          ...(target.startsWith('pcx-') ? { VpcPeeringConnectionId: target } : {}),
          ...(target.startsWith('igw-') || target === 'blackhole' ? { GatewayId: 'igw-0' } : {}),
          ...(target.startsWith('eni-') ? { NetworkInterfaceId: target } : {}),
          State: target === 'blackhole' ? 'blackhole' : 'active',
        }));
        if (withDefault) routes.push(defaultRoute(0));
        const snapshot = buildNetwork([own], { routes: [routes] });
        if (main) snapshot.RouteTables[0]!.Associations = [{ Main: true }];
        snapshot.Instances!.push({
          ...snapshot.Instances![0]!,
          InstanceId: 'i-0b',
          PrivateIpAddress: formatIp(subnet.network + offset),
        });
        for (const [from, to] of [
          ['i-0', 'i-0b'],
          ['i-0b', 'i-0'],
        ] as const) {
          const result = reachability(snapshot, { from, to, protocol: 'icmp' });
          expect(result.reachable, JSON.stringify(result.blockedAt)).toBe(true);
          const hops = result.steps.filter((s) => s.hop === 'route' || s.hop === 'return-route');
          expect(hops.map((s) => s.en)).toEqual([
            expect.stringMatching(/ to local: delivered inside vpc-0$/),
            expect.stringMatching(/ to local: delivered inside vpc-0$/),
          ]);
        }
      }),
      fuzz(150, SEED),
    );
  });

  it('breaks a working peering when either side loses its route to the other', () => {
    const arb = fc.record({
      plans: vpcPlans(2),
      withDefault: fc.boolean(),
      remove: fc.constantFrom(0, 1),
    });
    fc.assert(
      fc.property(arb, ({ plans, withDefault, remove }) => {
        const pcx = pcxId(0, 1);
        const routes = [[peeringRoute(plans, 1, pcx)], [peeringRoute(plans, 0, pcx)]];
        if (withDefault) for (const [i, r] of routes.entries()) r.push(defaultRoute(i));
        const peerings = [{ between: [0, 1] as [number, number] }];
        const before = buildNetwork(plans, { peerings, routes });
        expect(ping(before, 0, 1).reachable).toBe(true);
        expect(ping(before, 1, 0).reachable).toBe(true);
        routes[remove] = routes[remove]!.filter((r) => r.VpcPeeringConnectionId !== pcx);
        const after = buildNetwork(plans, { peerings, routes });
        for (const [from, to] of [
          [0, 1],
          [1, 0],
        ] as const) {
          const result = ping(after, from, to);
          expect(result.reachable).toBe(false);
          // The side without the route drops the request or the reply, whichever it has to send.
          expect(result.blockedAt!.hop).toBe(from === remove ? 'route' : 'return-route');
        }
      }),
      fuzz(150, SEED),
    );
  });

  it('never carries A to C over A–B and B–C, even when every table routes every range over a peering', () => {
    const arb = fc.record({
      plans: vpcPlans(3),
      // B's two peerings: which one each of its tables' routes names does not matter to A and C.
      defaults: fc.array(fc.constantFrom('none', 'igw', 'pcx'), { minLength: 3, maxLength: 3 }),
    });
    fc.assert(
      fc.property(arb, ({ plans, defaults }) => {
        const [A, B, C] = [0, 1, 2];
        const ab = pcxId(A, B);
        const bc = pcxId(B, C);
        const routes = [
          [peeringRoute(plans, B, ab), peeringRoute(plans, C, ab)],
          [peeringRoute(plans, A, ab), peeringRoute(plans, C, bc)],
          [peeringRoute(plans, A, bc), peeringRoute(plans, B, bc)],
        ];
        defaults.forEach((kind, i) => {
          if (kind === 'igw') routes[i]!.push(defaultRoute(i));
          if (kind === 'pcx')
            routes[i]!.push({ DestinationCidrBlock: '0.0.0.0/0', VpcPeeringConnectionId: i === C ? bc : ab });
        });
        const snapshot = buildNetwork(plans, {
          peerings: [{ between: [A, B] }, { between: [B, C] }],
          routes,
        });
        expect(ping(snapshot, A, B).reachable).toBe(true);
        expect(ping(snapshot, B, C).reachable).toBe(true);
        expect(ping(snapshot, C, B).reachable).toBe(true);
        const aToC = ping(snapshot, A, C);
        expect(aToC.reachable).toBe(false);
        expect(aToC.blockedAt).toMatchObject({ hop: 'route', resource: ab });
        expect(aToC.blockedAt!.en).toContain('peering is not transitive');
        expect(ping(snapshot, C, A).blockedAt).toMatchObject({ hop: 'route', resource: bc });
      }),
      fuzz(150, SEED),
    );
  });

  it('reaches another VPC exactly when both tables send the traffic over one active peering between the two', () => {
    const route = fc.oneof({ arbitrary: fc.constant(-1), weight: 3 }, { arbitrary: fc.nat(8), weight: 1 });
    const arb = fc
      .integer({ min: 3, max: 5 })
      .chain((n) =>
        fc.record({
          plans: vpcPlans(n),
          peerings: fc.uniqueArray(
            fc.record({
              between: fc
                .tuple(fc.nat(n - 1), fc.nat(n - 1))
                .filter(([a, b]) => a !== b)
                .map(([a, b]) => [Math.min(a, b), Math.max(a, b)] as [number, number]),
              status: fc.constantFrom('active', 'active', 'active', 'pending-acceptance', 'deleted'),
            }),
            { selector: (p) => p.between.join('-'), minLength: 1, maxLength: 8 },
          ),
          // Per VPC and per other VPC: no route, a route over the peering that joins the two (-1), or over the
          // k-th peering (any, even one not its own). Weighted so that about one pair in eight answers.
          choices: fc.array(fc.array(fc.option(route, { freq: 4 }), { minLength: n, maxLength: n }), {
            minLength: n,
            maxLength: n,
          }),
          defaults: fc.array(fc.option(fc.nat(8), { freq: 2 }), { minLength: n, maxLength: n }),
        }),
      )
      .map(({ plans, peerings, choices, defaults }) => {
        const ids = peerings.map((p) => pcxId(...p.between));
        const target = (k: number, i: number, j: number) =>
          k === -1
            ? peerings.find((p) => p.between.includes(i) && p.between.includes(j)) && pcxId(i, j)
            : (ids[k] ?? (k === 8 ? 'pcx-unknown' : undefined));
        const routes = plans.map((_, i) => {
          const own: RouteLike[] = [];
          plans.forEach((_, j) => {
            const k = choices[i]![j];
            const pcx = k === null || k === undefined || i === j ? undefined : target(k, i, j);
            if (pcx) own.push(peeringRoute(plans, j, pcx));
          });
          const d = defaults[i];
          if (d !== null && d !== undefined) {
            const pcx = target(d, i, i);
            own.push(
              pcx ? { DestinationCidrBlock: '0.0.0.0/0', VpcPeeringConnectionId: pcx } : defaultRoute(i),
            );
          }
          return own;
        });
        return { plans, peerings, routes };
      });
    fc.assert(
      fc.property(arb, ({ plans, peerings, routes }) => {
        const snapshot = buildNetwork(plans, { peerings, routes });
        for (let x = 0; x < plans.length; x++) {
          for (let y = 0; y < plans.length; y++) {
            if (x === y) continue;
            const expected = carries(plans, peerings, routes, x, y) && carries(plans, peerings, routes, y, x);
            const result = ping(snapshot, x, y);
            expect(result.reachable, `${x}->${y}: ${result.blockedAt?.en}`).toBe(expected);
          }
        }
      }),
      fuzz(150, SEED),
    );
  });
});

/**
 * The reference for one direction: the VPCs' ranges do not overlap, so the route that takes y's address is
 * the route to y's range if x's table has one, else its default route; it must name an active peering that
 * joins x and y.
 */
function carries(
  plans: VpcPlan[],
  peerings: { between: [number, number]; status?: string }[],
  routes: RouteLike[][],
  x: number,
  y: number,
): boolean {
  const route =
    routes[x]!.find((r) => r.DestinationCidrBlock === plans[y]!.cidr) ??
    routes[x]!.find((r) => r.DestinationCidrBlock === '0.0.0.0/0');
  const peering = peerings.find((p) => pcxId(...p.between) === route?.VpcPeeringConnectionId);
  if (peering?.status !== 'active') return false;
  const [a, b] = peering.between;
  return (a === x && b === y) || (a === y && b === x);
}
