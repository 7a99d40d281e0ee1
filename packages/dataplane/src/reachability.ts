import {
  findPeering,
  igwAttachedTo,
  longestPrefixMatch,
  otherSide,
  routeTableForSubnet,
  routeTarget,
  vpcContainsIp,
} from './routing';
import { type Flow, findAllowingRule, type Protocol } from './security-groups';
import {
  type InstanceLike,
  instancesOf,
  type NetworkSnapshot,
  nameTag,
  type SecurityGroupLike,
} from './snapshot';

export type Hop =
  | 'source'
  | 'destination'
  | 'egress'
  | 'route'
  | 'target'
  | 'ingress'
  | 'return-route'
  | 'host';

/** One hop of the walk, in English and Japanese. */
export interface Step {
  hop: Hop;
  /** The resource that decided it (sg-…, rtb-…, pcx-…, igw-…, i-…). */
  resource?: string;
  ok: boolean;
  en: string;
  ja: string;
}

export interface ReachabilityQuery {
  /** An instance (id, Name tag or private IP), or `{ ip }` for a client on the internet. */
  from: string | { ip: string };
  /** An instance by id, Name tag, private IP or public IP (the public IP takes the internet path). */
  to: string;
  protocol: Protocol;
  /** TCP/UDP port; ignored for ICMP (an echo request). */
  port?: number;
}

export interface EndpointInfo {
  label: string;
  ip: string;
  instanceId?: string;
  availabilityZone?: string;
}

export interface ReachabilityResult {
  reachable: boolean;
  protocol: Protocol;
  port?: number;
  from: EndpointInfo;
  to: EndpointInfo;
  steps: Step[];
  /** The first failing step, when not reachable. */
  blockedAt?: Step;
}

class Walk {
  readonly steps: Step[] = [];
  pass(hop: Hop, resource: string | undefined, en: string, ja: string): void {
    this.steps.push({ hop, ...(resource ? { resource } : {}), ok: true, en, ja });
  }
  fail(hop: Hop, resource: string | undefined, en: string, ja: string): false {
    this.steps.push({ hop, ...(resource ? { resource } : {}), ok: false, en, ja });
    return false;
  }
}

function findInstance(
  snapshot: NetworkSnapshot,
  key: string,
): { instance: InstanceLike; viaPublic: boolean } | undefined {
  const all = instancesOf(snapshot).filter((i) => i.State?.Name !== 'terminated');
  const byId = all.find((i) => i.InstanceId === key || i.PrivateIpAddress === key);
  if (byId) return { instance: byId, viaPublic: false };
  const byPublic = all.find((i) => i.PublicIpAddress === key);
  if (byPublic) return { instance: byPublic, viaPublic: true };
  const byName = all.find((i) => nameTag(i.Tags) === key);
  return byName ? { instance: byName, viaPublic: false } : undefined;
}

function label(instance: InstanceLike): string {
  const name = nameTag(instance.Tags);
  return name ? `${instance.InstanceId} (${name})` : (instance.InstanceId ?? '?');
}

function groupsOf(snapshot: NetworkSnapshot, instance: InstanceLike): SecurityGroupLike[] {
  const ids = (instance.SecurityGroups ?? []).map((g) => g.GroupId);
  return snapshot.SecurityGroups.filter((g) => ids.includes(g.GroupId));
}

function groupIds(instance: InstanceLike): string[] {
  return (instance.SecurityGroups ?? []).map((g) => g.GroupId ?? '').filter(Boolean);
}

function azOf(snapshot: NetworkSnapshot, instance: InstanceLike): string | undefined {
  return snapshot.Subnets.find((s) => s.SubnetId === instance.SubnetId)?.AvailabilityZone;
}

function flowOf(protocol: Protocol, port: number | undefined): Flow {
  if (protocol === 'icmp') return { protocol, port: 8, code: 0 };
  if (port === undefined) throw new Error(`A ${protocol} reachability check needs a port.`);
  return { protocol, port };
}

function flowText(flow: Flow): string {
  return flow.protocol === 'icmp' ? 'ICMP echo' : `${flow.protocol.toUpperCase()} ${flow.port}`;
}

function running(walk: Walk, hop: Hop, instance: InstanceLike): boolean {
  const state = instance.State?.Name ?? 'running';
  if (state === 'running') {
    walk.pass(
      hop,
      instance.InstanceId,
      `${label(instance)} is running`,
      `${label(instance)} は起動中 (running)`,
    );
    return true;
  }
  return walk.fail(
    hop,
    instance.InstanceId,
    `${label(instance)} is ${state}, not running`,
    `${label(instance)} は ${state} で、起動していない`,
  );
}

/** Forwarding from a subnet toward `ip` inside the AWS network (local or peering). */
function forwardPrivate(
  walk: Walk,
  snapshot: NetworkSnapshot,
  hop: 'route' | 'return-route',
  from: InstanceLike,
  ip: string,
  expectVpc: string | undefined,
): boolean {
  const vpcId = from.VpcId ?? '';
  const found = routeTableForSubnet(snapshot, from.SubnetId ?? '', vpcId);
  const back = hop === 'return-route' ? 'reply: ' : '';
  const backJa = hop === 'return-route' ? '戻り: ' : '';
  if (!found) {
    return walk.fail(
      hop,
      from.SubnetId,
      `${back}no route table for ${from.SubnetId}`,
      `${backJa}${from.SubnetId} にルートテーブルがない`,
    );
  }
  const rtb = found.table.RouteTableId;
  const route = longestPrefixMatch(found.table, ip);
  if (!route) {
    return walk.fail(
      hop,
      rtb,
      `${back}${rtb} has no route to ${ip}`,
      `${backJa}${rtb} に ${ip} へのルートがない`,
    );
  }
  const target = routeTarget(route);
  const via = `${back}${rtb} (${found.how}) routes ${ip} by ${route.DestinationCidrBlock} to ${target}`;
  const viaJa = `${backJa}${rtb} (${found.how === 'main' ? 'メイン' : '明示的な関連付け'}) は ${ip} を ${route.DestinationCidrBlock} で ${target} へ送る`;
  if (route.State === 'blackhole') {
    return walk.fail(hop, rtb, `${via}, but the route is a blackhole`, `${viaJa}が、ルートは blackhole`);
  }
  if (target === 'local') {
    if (expectVpc !== undefined && expectVpc !== vpcId) {
      return walk.fail(
        hop,
        rtb,
        `${via}: ${ip} is in this VPC's own range, not in ${expectVpc}`,
        `${viaJa}: ${ip} は自VPCの範囲で ${expectVpc} には届かない`,
      );
    }
    walk.pass(hop, rtb, `${via}: delivered inside ${vpcId}`, `${viaJa}: ${vpcId} 内で配送`);
    return true;
  }
  if (target.startsWith('pcx-'))
    return overPeering(walk, snapshot, hop, target, { vpcId, ip, expectVpc }, [via, viaJa]);
  if (target.startsWith('igw-')) {
    return walk.fail(
      hop,
      target,
      `${via}: a private address is not routed on the internet`,
      `${viaJa}: プライベートアドレスはインターネットを経由できない`,
    );
  }
  return walk.fail(
    hop,
    target,
    `${via}: this target type is not modelled`,
    `${viaJa}: このターゲット種別はモデル化されていない`,
  );
}

/** The hop over a peering connection: it must be active, join this VPC, and lead to the VPC holding `ip`. */
function overPeering(
  walk: Walk,
  snapshot: NetworkSnapshot,
  hop: 'route' | 'return-route',
  target: string,
  { vpcId, ip, expectVpc }: { vpcId: string; ip: string; expectVpc: string | undefined },
  [via, viaJa]: [string, string],
): boolean {
  const pcx = findPeering(snapshot, target);
  const status = pcx?.Status?.Code ?? 'unknown';
  if (!pcx || status !== 'active') {
    return walk.fail(
      hop,
      target,
      `${via}, but ${target} is ${pcx ? status : 'unknown'}, not active`,
      `${viaJa}が、${target} は ${pcx ? status : '不明'} で active ではない`,
    );
  }
  const peer = otherSide(pcx, vpcId);
  if (!peer) {
    return walk.fail(
      hop,
      target,
      `${via}, but ${target} does not connect ${vpcId}`,
      `${viaJa}が、${target} は ${vpcId} につながっていない`,
    );
  }
  if (!vpcContainsIp(snapshot, peer, ip) || (expectVpc !== undefined && expectVpc !== peer)) {
    return walk.fail(
      hop,
      target,
      `${via}, which connects ${vpcId} and ${peer} only; ${ip} is not in ${peer}, and peering is not transitive`,
      `${viaJa}が、${target} は ${vpcId} と ${peer} だけをつなぐ。${ip} は ${peer} にはなく、VPCピアリングは推移的でない`,
    );
  }
  walk.pass(hop, target, `${via}: active peering into ${peer}`, `${viaJa}: active なピアリングで ${peer} へ`);
  return true;
}

/** Forwarding toward a public address: the route must lead to an internet gateway attached to the VPC. */
function forwardInternet(
  walk: Walk,
  snapshot: NetworkSnapshot,
  hop: 'route' | 'return-route',
  from: InstanceLike,
  ip: string,
): boolean {
  const vpcId = from.VpcId ?? '';
  const found = routeTableForSubnet(snapshot, from.SubnetId ?? '', vpcId);
  const back = hop === 'return-route' ? 'reply: ' : '';
  const backJa = hop === 'return-route' ? '戻り: ' : '';
  const route = found ? longestPrefixMatch(found.table, ip) : undefined;
  const rtb = found?.table.RouteTableId;
  if (!found || !route) {
    return walk.fail(
      hop,
      rtb ?? from.SubnetId,
      `${back}${rtb ?? from.SubnetId} has no route to ${ip}`,
      `${backJa}${rtb ?? from.SubnetId} に ${ip} へのルートがない`,
    );
  }
  const target = routeTarget(route);
  const via = `${back}${rtb} routes ${ip} by ${route.DestinationCidrBlock} to ${target}`;
  const viaJa = `${backJa}${rtb} は ${ip} を ${route.DestinationCidrBlock} で ${target} へ送る`;
  if (!target.startsWith('igw-') || route.State === 'blackhole' || !igwAttachedTo(snapshot, target, vpcId)) {
    return walk.fail(
      hop,
      target,
      `${via}: not an internet gateway attached to ${vpcId}`,
      `${viaJa}: ${vpcId} にアタッチされたインターネットゲートウェイではない`,
    );
  }
  walk.pass(
    hop,
    target,
    `${via}: out through the internet gateway`,
    `${viaJa}: インターネットゲートウェイ経由`,
  );
  return true;
}

function securityGroup(
  walk: Walk,
  snapshot: NetworkSnapshot,
  direction: 'ingress' | 'egress',
  instance: InstanceLike,
  flow: Flow,
  peer: { ip: string; groupIds: string[] },
): boolean {
  const groups = groupsOf(snapshot, instance);
  const ids = groups.map((g) => g.GroupId).join(', ') || '(none)';
  const match = findAllowingRule(groups, direction, flow, peer);
  const what = direction === 'ingress' ? 'inbound' : 'outbound';
  const whatJa = direction === 'ingress' ? 'インバウンド' : 'アウトバウンド';
  const toFrom = direction === 'ingress' ? 'from' : 'to';
  if (!match) {
    return walk.fail(
      direction,
      ids,
      `${label(instance)}: no ${what} rule in ${ids} allows ${flowText(flow)} ${toFrom} ${peer.ip}`,
      `${label(instance)}: ${ids} に ${peer.ip} との ${flowText(flow)} を許可する${whatJa}ルールがない`,
    );
  }
  walk.pass(
    direction,
    match.groupId,
    `${label(instance)}: ${match.groupId} allows ${match.rule} (${what}; replies pass, security groups are stateful)`,
    `${label(instance)}: ${match.groupId} が ${match.rule} を許可 (${whatJa}。SGはステートフルなので応答は通る)`,
  );
  return true;
}

function host(walk: Walk, snapshot: NetworkSnapshot, instance: InstanceLike, flow: Flow): boolean {
  if (flow.protocol === 'icmp') {
    walk.pass(
      'host',
      instance.InstanceId,
      `${label(instance)} answers the echo request`,
      `${label(instance)} がエコー要求に応答`,
    );
    return true;
  }
  const services = snapshot.Services?.[instance.InstanceId ?? ''];
  if (!services) {
    walk.pass(
      'host',
      instance.InstanceId,
      `what listens on ${label(instance)} is not modelled; the network allows it`,
      `${label(instance)} で何が待ち受けているかはモデル外 (ネットワーク上は許可)`,
    );
    return true;
  }
  const ports = (flow.protocol === 'tcp' ? services.tcp : services.udp) ?? [];
  if (!ports.includes(flow.port)) {
    return walk.fail(
      'host',
      instance.InstanceId,
      `nothing listens on ${flowText(flow)} on ${label(instance)} (listening: ${ports.join(', ') || 'none'}): connection refused`,
      `${label(instance)} は ${flowText(flow)} で待ち受けていない (待受: ${ports.join(', ') || 'なし'}): 接続拒否`,
    );
  }
  walk.pass(
    'host',
    instance.InstanceId,
    `${label(instance)} listens on ${flowText(flow)}`,
    `${label(instance)} は ${flowText(flow)} で待ち受けている`,
  );
  return true;
}

/** The two ends of a query as the result names them: label, address, instance id and zone when known. */
function endpoints(
  snapshot: NetworkSnapshot,
  query: ReachabilityQuery,
  source: ReturnType<typeof findInstance>,
  target: ReturnType<typeof findInstance>,
): { fromInfo: EndpointInfo; toInfo: EndpointInfo } {
  const fromInfo: EndpointInfo =
    typeof query.from === 'string'
      ? source
        ? {
            label: label(source.instance),
            ip: source.instance.PrivateIpAddress ?? '?',
            ...(source.instance.InstanceId ? { instanceId: source.instance.InstanceId } : {}),
            ...(azOf(snapshot, source.instance)
              ? { availabilityZone: azOf(snapshot, source.instance)! }
              : {}),
          }
        : { label: query.from, ip: query.from }
      : { label: `internet client ${query.from.ip}`, ip: query.from.ip };
  const toInfo: EndpointInfo = target
    ? {
        label: label(target.instance),
        ip: (target.viaPublic ? target.instance.PublicIpAddress : target.instance.PrivateIpAddress) ?? '?',
        ...(target.instance.InstanceId ? { instanceId: target.instance.InstanceId } : {}),
        ...(azOf(snapshot, target.instance) ? { availabilityZone: azOf(snapshot, target.instance)! } : {}),
      }
    : { label: query.to, ip: query.to };
  return { fromInfo, toInfo };
}

/**
 * Can a packet from `from` reach `to`, and can the reply come back? Walks the hops in the order a packet meets
 * them and stops at the first that drops it.
 */
export function reachability(snapshot: NetworkSnapshot, query: ReachabilityQuery): ReachabilityResult {
  const walk = new Walk();
  const flow = flowOf(query.protocol, query.port);
  const target = findInstance(snapshot, query.to);
  const source = typeof query.from === 'string' ? findInstance(snapshot, query.from) : undefined;
  const { fromInfo, toInfo } = endpoints(snapshot, query, source, target);
  const result = (): ReachabilityResult => {
    const blockedAt = walk.steps.find((s) => !s.ok);
    return {
      reachable: !blockedAt,
      protocol: query.protocol,
      ...(query.protocol === 'icmp' ? {} : { port: flow.port }),
      from: fromInfo,
      to: toInfo,
      steps: walk.steps,
      ...(blockedAt ? { blockedAt } : {}),
    };
  };

  if (typeof query.from === 'string' && !source) {
    walk.fail(
      'source',
      undefined,
      `no instance ${query.from} in the snapshot`,
      `スナップショットにインスタンス ${query.from} がない`,
    );
    return result();
  }
  if (!target) {
    walk.fail(
      'destination',
      undefined,
      `no instance has the address or id ${query.to}`,
      `${query.to} を持つインスタンスがない`,
    );
    return result();
  }
  const dst = target.instance;
  if (source && !running(walk, 'source', source.instance)) return result();
  if (!running(walk, 'destination', dst)) return result();

  if (!target.viaPublic) {
    if (!source) {
      walk.fail(
        'route',
        undefined,
        `${toInfo.ip} is a private address: not reachable from the internet`,
        `${toInfo.ip} はプライベートアドレスでインターネットからは届かない`,
      );
      return result();
    }
    walkPrivate(walk, snapshot, flow, source.instance, dst);
    return result();
  }
  // The internet path: to the destination's public address.
  const clientIp = source
    ? leaveThroughGateway(walk, snapshot, flow, source.instance, dst.PublicIpAddress ?? '')
    : (query.from as { ip: string }).ip;
  if (clientIp !== undefined) walkFromInternet(walk, snapshot, flow, dst, clientIp);
  return result();
}

/** Between two instances by private address: egress, route, ingress, host, then the reply's route. */
function walkPrivate(
  walk: Walk,
  snapshot: NetworkSnapshot,
  flow: Flow,
  src: InstanceLike,
  dst: InstanceLike,
): void {
  const srcIp = src.PrivateIpAddress ?? '';
  const dstIp = dst.PrivateIpAddress ?? '';
  if (!securityGroup(walk, snapshot, 'egress', src, flow, { ip: dstIp, groupIds: groupIds(dst) })) return;
  if (!forwardPrivate(walk, snapshot, 'route', src, dstIp, dst.VpcId)) return;
  if (!securityGroup(walk, snapshot, 'ingress', dst, flow, { ip: srcIp, groupIds: groupIds(src) })) return;
  if (!host(walk, snapshot, dst, flow)) return;
  forwardPrivate(walk, snapshot, 'return-route', dst, srcIp, src.VpcId);
}

/**
 * An instance's way out to a public address: egress, a route to an attached internet gateway, and a public IP
 * for the gateway to translate to. That public IP is the client the destination sees; undefined when blocked.
 */
function leaveThroughGateway(
  walk: Walk,
  snapshot: NetworkSnapshot,
  flow: Flow,
  src: InstanceLike,
  dstPublic: string,
): string | undefined {
  if (!securityGroup(walk, snapshot, 'egress', src, flow, { ip: dstPublic, groupIds: [] })) return undefined;
  if (!forwardInternet(walk, snapshot, 'route', src, dstPublic)) return undefined;
  if (!src.PublicIpAddress) {
    walk.fail(
      'route',
      src.InstanceId,
      `${label(src)} has no public IPv4 address, so the internet gateway cannot translate its traffic`,
      `${label(src)} にパブリックIPがなく、インターネットゲートウェイを通れない`,
    );
    return undefined;
  }
  return src.PublicIpAddress;
}

/** From a client on the internet to the destination's public address: ingress, host, the reply's route. */
function walkFromInternet(
  walk: Walk,
  snapshot: NetworkSnapshot,
  flow: Flow,
  dst: InstanceLike,
  clientIp: string,
): void {
  if (!securityGroup(walk, snapshot, 'ingress', dst, flow, { ip: clientIp, groupIds: [] })) return;
  if (!host(walk, snapshot, dst, flow)) return;
  forwardInternet(walk, snapshot, 'return-route', dst, clientIp);
}

/** The hops as numbered lines, e.g. for a notebook cell. */
export function explain(result: ReachabilityResult, language: 'en' | 'ja' = 'en'): string {
  const head =
    language === 'en'
      ? `${result.from.label} -> ${result.to.label} ${result.protocol}${result.port ? ` ${result.port}` : ''}: ${result.reachable ? 'reachable' : 'NOT reachable'}`
      : `${result.from.label} -> ${result.to.label} ${result.protocol}${result.port ? ` ${result.port}` : ''}: ${result.reachable ? '到達可能' : '到達不可'}`;
  const lines = result.steps.map(
    (s, i) => `${i + 1}. [${s.ok ? 'ok' : 'NG'}] ${s.hop}: ${language === 'en' ? s.en : s.ja}`,
  );
  return [head, ...lines].join('\n');
}
