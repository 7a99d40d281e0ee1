import {
  applyUserData,
  cidrContains,
  exec,
  formatIp,
  listeningTcpPorts,
  parseCidr,
  parseIp,
  stockInstanceModel,
} from '@handson/dataplane';
import { AwsError, type RequestContext } from '../../core/types';
import { instanceChanged, instanceIndex } from './instance-index';
import type { Ec2State, InstanceRecord, InstanceStateName, SubnetRecord } from './state';
import { usedAddresses } from './vpcs';

export const STATE_CODES: Record<InstanceStateName, number> = {
  pending: 0,
  running: 16,
  'shutting-down': 32,
  terminated: 48,
  stopping: 64,
  stopped: 80,
};

/**
 * Public addresses come from the documentation ranges of RFC 5737 (203.0.113.0/24, then 198.51.100.0/24):
 * they look like the public IPs the labs print, are never routed on the internet, so nothing a lab prints
 * points at someone's real host, and a blog export can show them without leaking anything.
 */
const PUBLIC_POOLS = ['203.0.113.0/24', '198.51.100.0/24'];

export function allocatePublicIp(ctx: RequestContext, state: Ec2State): string {
  const free: string[] = [];
  for (const pool of PUBLIC_POOLS) {
    const cidr = parseCidr(pool)!;
    for (let host = 1; host <= 254; host++) {
      const ip = formatIp(cidr.network + host);
      if (!state.publicIps.includes(ip)) free.push(ip);
    }
  }
  if (free.length === 0) {
    throw new AwsError(
      'AddressLimitExceeded',
      'The sandbox has no public IPv4 addresses left; terminate instances to free some.',
    );
  }
  const ip = free[ctx.rng.int(0, free.length - 1)]!;
  state.publicIps.push(ip);
  return ip;
}

export function releasePublicIp(state: Ec2State, instance: InstanceRecord): void {
  if (instance.PublicIpAddress)
    state.publicIps = state.publicIps.filter((ip) => ip !== instance.PublicIpAddress);
  delete instance.PublicIpAddress;
}

/**
 * The addresses in use in a subnet. A launch of many instances reads it once and adds each address it
 * allocates, rather than scanning every instance again per address (which made a launch cost grow with
 * the instances already stored, times the instances launched).
 */
export function subnetAddresses(state: Ec2State, subnet: SubnetRecord): Set<string> {
  return new Set(usedAddresses(state, subnet.SubnetId));
}

/**
 * A free private address of the subnet (`wanted` if it is free), skipping the four AWS reserves at the start
 * and the last one; `used` is what subnetAddresses() gave plus what the caller has allocated since.
 */
export function allocatePrivateIp(
  ctx: RequestContext,
  state: Ec2State,
  subnet: SubnetRecord,
  used: ReadonlySet<string> = subnetAddresses(state, subnet),
  wanted?: string,
): string {
  const cidr = parseCidr(subnet.CidrBlock)!;
  const first = cidr.network + 4;
  const last = cidr.network + 2 ** (32 - cidr.prefix) - 2;
  if (wanted !== undefined) {
    const ip = parseIp(wanted);
    if (ip === undefined || !cidrContains(cidr, ip)) {
      throw new AwsError(
        'InvalidParameterValue',
        `Address ${wanted} does not fall within the subnet's address range`,
      );
    }
    if (ip < first || ip > last)
      throw new AwsError('InvalidParameterValue', `Address ${wanted} is reserved by AWS`);
    if (used.has(wanted)) throw new AwsError('InvalidIPAddress.InUse', `Address ${wanted} is in use.`);
    return wanted;
  }
  for (let attempt = 0; attempt < 64; attempt++) {
    const ip = formatIp(ctx.rng.int(first, last));
    if (!used.has(ip)) return ip;
  }
  for (let ip = first; ip <= last; ip++) if (!used.has(formatIp(ip))) return formatIp(ip);
  throw new AwsError(
    'InsufficientFreeAddressesInSubnet',
    `The specified subnet ${subnet.SubnetId} does not have enough free addresses to satisfy the request.`,
  );
}

export function setState(
  ctx: RequestContext,
  state: Ec2State,
  instance: InstanceRecord,
  name: InstanceStateName,
): void {
  instance.State = name;
  instance.StateRequestId = ctx.requestId;
  instanceChanged(state.instances, instance);
}

/** Decodes base64 user data; the instance sees the bytes the client sent. */
export function decodeUserData(value: string | undefined): string {
  return value ? Buffer.from(value, 'base64').toString('utf8') : '';
}

/** First boot: a stock Amazon Linux model, then cloud-init runs the user data once, as root. */
function boot(instance: InstanceRecord): void {
  if (!instance.Model) {
    const model = stockInstanceModel();
    applyUserData(model, decodeUserData(instance.UserData));
    instance.Model = model;
  } else {
    exec(instance.Model, 'systemctl start sshd');
  }
}

/**
 * Completes transitions begun by earlier requests: pending → running (booting the model), stopping → stopped,
 * shutting-down → terminated. "Later request" rather than wall time keeps runs reproducible and lets a
 * waiter's first poll see the final state.
 */
export function settleInstances(ctx: RequestContext, state: Ec2State): void {
  const index = instanceIndex(state.instances);
  if (index.transitional.size === 0) return;
  // Only those awaiting a transition, in the state's order, as the walk over every instance met them.
  const waiting = [...index.transitional].sort(
    (a, b) => (index.position.get(a) as number) - (index.position.get(b) as number),
  );
  for (const id of waiting) {
    const instance = state.instances[id] as InstanceRecord;
    if (instance.StateRequestId === ctx.requestId) continue;
    if (instance.State === 'pending') {
      boot(instance);
      instance.State = 'running';
    } else if (instance.State === 'stopping') {
      if (instance.Model) instance.Model.sshd = { active: false, ports: [] };
      instance.State = 'stopped';
    } else if (instance.State === 'shutting-down') {
      instance.State = 'terminated';
      instance.TerminatedAt = ctx.now().toISOString();
    }
    instanceChanged(state.instances, instance);
  }
}

export function listeningPorts(instance: InstanceRecord): number[] {
  return instance.Model && instance.State === 'running' ? listeningTcpPorts(instance.Model) : [];
}
