import { fuzz } from '@handson/test-support';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildNetwork, vpcPlans } from './__fixtures__/networks';
import { cidrTextContains, formatIp, parseCidr } from './cidr';
import { reachability } from './reachability';
import { type Flow, type Protocol, permissionMatchesFlow } from './security-groups';
import type { IpPermissionLike, NetworkSnapshot, SecurityGroupLike } from './snapshot';

/** The suite's fixed seed (HANDSON_FUZZ_SEED overrides it, see @handson/test-support fuzz). */
const SEED = 20261205;

/**
 * Security groups as AWS documents them (Amazon VPC User Guide, "Control traffic to your AWS resources using
 * security groups", https://docs.aws.amazon.com/vpc/latest/userguide/vpc-security-groups.html): rules only
 * allow ("you can specify allow rules, but not deny rules"), groups are stateful ("if you send a request from
 * an instance, the response traffic for that request is allowed to reach the instance regardless of the
 * inbound security group rules"), an instance's groups add up, and a rule may name another group instead of
 * a range, matching the members of that group whatever their addresses. A port range includes both ends.
 */

const GROUPS = ['sg-a', 'sg-b', 'sg-c'];
const PORTS = [22, 80, 443, 51512];

const portRange = fc.oneof(
  fc.constant([-1, -1] as const),
  fc
    .tuple(fc.constantFrom(0, 20, 22, 23, 80, 443, 1024, 51512), fc.constantFrom(0, 1, 58, 421, 65535))
    .map(([from, width]) => [from, Math.min(65535, from + width)] as const),
);
const icmpTypeCode = fc.tuple(fc.constantFrom(-1, 0, 3, 8), fc.constantFrom(-1, 0, 4));

/** A rule over the given candidate ranges: some protocol, ports, and ranges and/or groups it names. */
function permission(ranges: string[]): fc.Arbitrary<IpPermissionLike> {
  return fc
    .record({
      protocol: fc.constantFrom('tcp', 'udp', 'icmp', '-1', '6', '17', '1', '58'),
      ports: portRange,
      icmp: icmpTypeCode,
      ranges: fc.subarray(ranges, { maxLength: 2 }),
      groups: fc.subarray(GROUPS, { maxLength: 2 }),
    })
    .map(({ protocol, ports, icmp, ranges: r, groups }) => {
      const [from, to] = protocol === 'icmp' || protocol === '1' ? icmp : ports;
      return {
        IpProtocol: protocol,
        ...(protocol === '-1' ? {} : { FromPort: from, ToPort: to }),
        ...(r.length ? { IpRanges: r.map((CidrIp) => ({ CidrIp })) } : {}),
        ...(groups.length ? { UserIdGroupPairs: groups.map((GroupId) => ({ GroupId })) } : {}),
      };
    });
}

interface Scene {
  snapshot: NetworkSnapshot;
  flow: Flow;
  query: { from: string; to: string; protocol: Protocol; port?: number };
}

/** Two instances of one VPC, each in a random set of three groups with random rules. */
const scene = vpcPlans(1).chain(([plan]) => {
  const vpc = parseCidr(plan!.cidr)!;
  const ipA = plan!.ip;
  const ipB = formatIp(vpc.network + (((parseCidr(`${ipA}/32`)!.network - vpc.network + 7) % 200) + 4));
  // Ranges that hold A, B, both or neither, including a range written with host bits (10.x.y.z/30).
  const ranges = [`${ipA}/32`, `${ipB}/32`, plan!.cidr, '0.0.0.0/0', '192.0.2.0/24', `${ipB}/30`];
  const rules = fc.array(permission(ranges), { maxLength: 3 });
  return fc
    .record({
      groups: fc.tuple(
        ...GROUPS.map((GroupId) =>
          fc.record({ GroupId: fc.constant(GroupId), IpPermissions: rules, IpPermissionsEgress: rules }),
        ),
      ),
      memberOf: fc.tuple(fc.subarray(GROUPS, { minLength: 1 }), fc.subarray(GROUPS, { minLength: 1 })),
      protocol: fc.constantFrom<Protocol>('tcp', 'udp', 'icmp'),
      port: fc.constantFrom(...PORTS),
    })
    .map(({ groups, memberOf, protocol, port }): Scene => {
      const snapshot = buildNetwork([plan!]);
      const base = snapshot.Instances![0]!;
      snapshot.Instances = [
        {
          ...base,
          InstanceId: 'i-a',
          PrivateIpAddress: ipA,
          SecurityGroups: memberOf[0].map((GroupId) => ({ GroupId })),
        },
        {
          ...base,
          InstanceId: 'i-b',
          PrivateIpAddress: ipB,
          SecurityGroups: memberOf[1].map((GroupId) => ({ GroupId })),
        },
      ];
      snapshot.SecurityGroups = groups.map((g) => ({ ...g, VpcId: 'vpc-0' }));
      const flow: Flow = protocol === 'icmp' ? { protocol, port: 8, code: 0 } : { protocol, port };
      return {
        snapshot,
        flow,
        query: { from: 'i-a', to: 'i-b', protocol, ...(protocol === 'icmp' ? {} : { port }) },
      };
    });
});

const PROTOCOL_NAMES: Record<string, string> = { '6': 'tcp', '17': 'udp', '1': 'icmp' };

/** The reference: does one rule let the flow to/from a peer with this address and these groups? */
function ruleAllows(rule: IpPermissionLike, flow: Flow, peerIp: string, peerGroups: string[]): boolean {
  const protocol = PROTOCOL_NAMES[rule.IpProtocol!] ?? rule.IpProtocol;
  if (protocol !== '-1' && protocol !== flow.protocol) return false;
  const from = rule.FromPort ?? -1;
  const to = rule.ToPort ?? -1;
  if (protocol === 'icmp') {
    if (from !== -1 && from !== 8) return false; // echo request is type 8
    if (to !== -1 && to !== 0) return false; // code 0
  } else if (protocol !== '-1' && from !== -1) {
    const covered = Array.from({ length: to - from + 1 }, (_, k) => from + k);
    if (!covered.includes(flow.port)) return false;
  }
  return (
    (rule.IpRanges ?? []).some((r) => cidrTextContains(r.CidrIp!, peerIp)) ||
    (rule.UserIdGroupPairs ?? []).some((p) => peerGroups.includes(p.GroupId!))
  );
}

function groupsAllow(scene: Scene, who: 'i-a' | 'i-b', direction: 'ingress' | 'egress'): boolean {
  const [self, peer] = who === 'i-a' ? scene.snapshot.Instances! : [...scene.snapshot.Instances!].reverse();
  const ids = self!.SecurityGroups!.map((g) => g.GroupId!);
  const peerGroups = peer!.SecurityGroups!.map((g) => g.GroupId!);
  return scene.snapshot.SecurityGroups.filter((g) => ids.includes(g.GroupId!)).some((g) =>
    ((direction === 'ingress' ? g.IpPermissions : g.IpPermissionsEgress) ?? []).some((rule) =>
      ruleAllows(rule, scene.flow, peer!.PrivateIpAddress!, peerGroups),
    ),
  );
}

const verdict = (s: Scene) => reachability(s.snapshot, s.query);

function withGroups(s: Scene, change: (g: SecurityGroupLike) => SecurityGroupLike): Scene {
  return { ...s, snapshot: { ...s.snapshot, SecurityGroups: s.snapshot.SecurityGroups.map(change) } };
}

describe('security groups over random rules', () => {
  it('let a flow through exactly when a reference finds an egress rule of the source and an ingress rule of the destination', () => {
    fc.assert(
      fc.property(scene, (s) => {
        const egress = groupsAllow(s, 'i-a', 'egress');
        const ingress = groupsAllow(s, 'i-b', 'ingress');
        const result = verdict(s);
        expect(result.reachable).toBe(egress && ingress);
        if (!egress) expect(result.blockedAt!.hop).toBe('egress');
        else if (!ingress) expect(result.blockedAt!.hop).toBe('ingress');
      }),
      fuzz(600, SEED),
    );
  });

  it('are stateful: the reply needs neither an egress rule at the destination nor an ingress rule at the source', () => {
    fc.assert(
      fc.property(scene, fc.boolean(), (s, open) => {
        const bGroups = new Set(s.snapshot.Instances![1]!.SecurityGroups!.map((g) => g.GroupId));
        const aGroups = new Set(s.snapshot.Instances![0]!.SecurityGroups!.map((g) => g.GroupId));
        const rules = open ? [{ IpProtocol: '-1', IpRanges: [{ CidrIp: '0.0.0.0/0' }] }] : [];
        // Rewrite only what the reply would meet if groups were stateless; groups A and B share are left
        // alone, since their rules also decide the request.
        const changed = withGroups(s, (g) => ({
          ...g,
          ...(bGroups.has(g.GroupId) && !aGroups.has(g.GroupId) ? { IpPermissionsEgress: rules } : {}),
          ...(aGroups.has(g.GroupId) && !bGroups.has(g.GroupId) ? { IpPermissions: rules } : {}),
        }));
        expect(verdict(changed).reachable).toBe(verdict(s).reachable);
      }),
      fuzz(400, SEED),
    );
  });

  it('only allow: adding a rule anywhere never takes reachability away, and rule order never matters', () => {
    const vpcRanges = ['0.0.0.0/0', '10.0.0.0/8', '192.0.2.0/24'];
    fc.assert(
      fc.property(
        scene,
        permission(vpcRanges),
        fc.constantFrom(...GROUPS),
        fc.boolean(),
        (s, rule, group, ingress) => {
          const before = verdict(s).reachable;
          const key = ingress ? 'IpPermissions' : 'IpPermissionsEgress';
          const added = withGroups(s, (g) =>
            g.GroupId === group ? { ...g, [key]: [rule, ...(g[key] ?? [])] } : g,
          );
          if (before) expect(verdict(added).reachable).toBe(true);
          const reversed = withGroups(s, (g) => ({
            ...g,
            IpPermissions: [...(g.IpPermissions ?? [])].reverse(),
            IpPermissionsEgress: [...(g.IpPermissionsEgress ?? [])].reverse(),
          }));
          reversed.snapshot.SecurityGroups.reverse();
          expect(verdict(reversed).reachable).toBe(before);
        },
      ),
      fuzz(400, SEED),
    );
  });

  it('match a rule naming a group by membership, not by address', () => {
    fc.assert(
      fc.property(scene, fc.constantFrom(...GROUPS), fc.boolean(), (s, named, member) => {
        // B admits only members of `named`, on every protocol; A may send anything anywhere.
        const aGroups = member ? [named] : GROUPS.filter((g) => g !== named);
        const snapshot: NetworkSnapshot = {
          ...s.snapshot,
          Instances: [
            { ...s.snapshot.Instances![0]!, SecurityGroups: aGroups.map((GroupId) => ({ GroupId })) },
            { ...s.snapshot.Instances![1]!, SecurityGroups: [{ GroupId: 'sg-b-only' }] },
          ],
          SecurityGroups: [
            ...GROUPS.map((GroupId) => ({
              GroupId,
              IpPermissionsEgress: [{ IpProtocol: '-1', IpRanges: [{ CidrIp: '0.0.0.0/0' }] }],
            })),
            {
              GroupId: 'sg-b-only',
              IpPermissions: [{ IpProtocol: '-1', UserIdGroupPairs: [{ GroupId: named }] }],
            },
          ],
        };
        const result = reachability(snapshot, s.query);
        expect(result.reachable).toBe(member);
        if (member) expect(result.steps.find((x) => x.hop === 'ingress')!.en).toContain(`from ${named}`);
      }),
      fuzz(200, SEED),
    );
  });
});

describe('a rule’s port range', () => {
  it('includes both ends and nothing outside them, for TCP and UDP, by name or number', () => {
    const range = fc
      .tuple(fc.integer({ min: 0, max: 65535 }), fc.integer({ min: 0, max: 65535 }))
      .map(([a, b]) => [Math.min(a, b), Math.max(a, b)] as const);
    fc.assert(
      fc.property(
        range,
        fc.constantFrom('tcp', 'udp', '6', '17', 'TCP'),
        fc.integer({ min: 0, max: 65535 }),
        ([from, to], protocol, port) => {
          const rule = { IpProtocol: protocol, FromPort: from, ToPort: to };
          const flowProtocol = (PROTOCOL_NAMES[protocol] ?? protocol.toLowerCase()) as 'tcp' | 'udp';
          const other = flowProtocol === 'tcp' ? 'udp' : 'tcp';
          const matches = (p: number) => permissionMatchesFlow(rule, { protocol: flowProtocol, port: p });
          expect(matches(from)).toBe(true);
          expect(matches(to)).toBe(true);
          if (from > 0) expect(matches(from - 1)).toBe(false);
          if (to < 65535) expect(matches(to + 1)).toBe(false);
          expect(matches(port)).toBe(from <= port && port <= to);
          expect(permissionMatchesFlow(rule, { protocol: other, port })).toBe(false);
          expect(permissionMatchesFlow(rule, { protocol: 'icmp', port: 8, code: 0 })).toBe(false);
        },
      ),
      {
        ...fuzz(1000, SEED),
        examples: [
          [[22, 22], 'tcp', 22],
          [[0, 65535], 'udp', 65535],
          [[1024, 2048], '6', 1023],
        ],
      },
    );
  });
});
