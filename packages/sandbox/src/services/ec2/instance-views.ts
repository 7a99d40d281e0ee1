import { AwsError, type Handler, type RequestContext } from '../../core/types';
import type { Input } from './errors';
import { checkIdFormat, notFound, stringList } from './errors';
import { applyFilters, type Filter, type FilterResolvers } from './filters';
import { instanceIndex, listedInstances, stillListed } from './instance-index';
import { decodeUserData, listeningPorts, STATE_CODES, settleInstances } from './instance-lifecycle';
import { pageWindow, paginate } from './pagination';
import { type Ec2State, ec2State, type InstanceRecord } from './state';
import { tagsMember } from './tags';
import { ec2Now } from './time';

function dnsSuffix(region: string, kind: 'internal' | 'public'): string {
  if (kind === 'internal') return region === 'us-east-1' ? 'ec2.internal' : `${region}.compute.internal`;
  return region === 'us-east-1' ? 'compute-1.amazonaws.com' : `${region}.compute.amazonaws.com`;
}

export function privateDnsName(region: string, ip: string): string {
  return `ip-${ip.replace(/\./g, '-')}.${dnsSuffix(region, 'internal')}`;
}

function publicDnsName(ctx: RequestContext, state: Ec2State, instance: InstanceRecord): string {
  const vpc = state.vpcs[instance.VpcId];
  if (!instance.PublicIpAddress || !vpc?.EnableDnsHostnames) return '';
  return `ec2-${instance.PublicIpAddress.replace(/\./g, '-')}.${dnsSuffix(ctx.region, 'public')}`;
}

function groupsOf(state: Ec2State, instance: InstanceRecord) {
  return instance.GroupIds.map((id) => ({
    GroupName: state.securityGroups[id]?.GroupName ?? '',
    GroupId: id,
  }));
}

/** An instance as DescribeInstances and RunInstances show it. Terminated ones have lost their network. */
/**
 * What an instance gets from its image when the launch does not say: an AMI marked `ImdsSupport: v2.0`
 * (Amazon Linux 2023) makes IMDSv2 required with a hop limit of 2, others (Amazon Linux 2) leave tokens
 * optional with a hop limit of 1 (EC2 user guide, "Configure the instance metadata options for new
 * instances"); the boot mode is the AMI's, else legacy BIOS on x86_64 and UEFI on arm64.
 */
function launchDefaults(instance: InstanceRecord) {
  // Instances saved before these were recorded launched with Amazon Linux 2023's.
  const v2 = instance.ImdsV2Required ?? true;
  return {
    MetadataOptions: {
      State: 'applied',
      HttpTokens: v2 ? 'required' : 'optional',
      HttpPutResponseHopLimit: v2 ? 2 : 1,
      HttpEndpoint: 'enabled',
      HttpProtocolIpv6: 'disabled',
      InstanceMetadataTags: 'disabled',
    },
    BootMode: instance.BootMode ?? 'uefi-preferred',
  };
}

/** An instance's one network interface, as DescribeInstances shows it. */
function networkInterfaceView(
  ctx: RequestContext,
  state: Ec2State,
  instance: InstanceRecord,
  privateDns: string,
  association: { Association?: Record<string, string> },
) {
  return {
    ...association,
    Attachment: {
      AttachTime: instance.LaunchTime,
      AttachmentId: instance.AttachmentId,
      DeleteOnTermination: true,
      DeviceIndex: 0,
      Status: 'attached',
      NetworkCardIndex: 0,
    },
    Description: '',
    Groups: groupsOf(state, instance),
    Ipv6Addresses: [],
    MacAddress: instance.MacAddress,
    NetworkInterfaceId: instance.NetworkInterfaceId,
    OwnerId: ctx.accountId,
    PrivateDnsName: privateDns,
    PrivateIpAddress: instance.PrivateIpAddress,
    PrivateIpAddresses: [
      {
        ...association,
        Primary: true,
        PrivateDnsName: privateDns,
        PrivateIpAddress: instance.PrivateIpAddress,
      },
    ],
    SourceDestCheck: true,
    Status: 'in-use',
    SubnetId: instance.SubnetId,
    VpcId: instance.VpcId,
    InterfaceType: 'interface',
  };
}

export function instanceView(ctx: RequestContext, state: Ec2State, instance: InstanceRecord) {
  const live = instance.State !== 'terminated';
  const defaults = launchDefaults(instance);
  const privateDns = privateDnsName(ctx.region, instance.PrivateIpAddress);
  const publicDns = publicDnsName(ctx, state, instance);
  const association = instance.PublicIpAddress
    ? { Association: { IpOwnerId: 'amazon', PublicDnsName: publicDns, PublicIp: instance.PublicIpAddress } }
    : {};
  return {
    AmiLaunchIndex: instance.AmiLaunchIndex,
    ImageId: instance.ImageId,
    InstanceId: instance.InstanceId,
    InstanceType: instance.InstanceType,
    ...(instance.KeyName ? { KeyName: instance.KeyName } : {}),
    LaunchTime: instance.LaunchTime,
    Monitoring: { State: 'disabled' },
    Placement: { AvailabilityZone: instance.AvailabilityZone, GroupName: '', Tenancy: 'default' },
    PrivateDnsName: live ? privateDns : '',
    ...(live ? { PrivateIpAddress: instance.PrivateIpAddress } : {}),
    ProductCodes: [],
    PublicDnsName: publicDns,
    ...(instance.PublicIpAddress ? { PublicIpAddress: instance.PublicIpAddress } : {}),
    State: { Code: STATE_CODES[instance.State], Name: instance.State },
    StateTransitionReason: instance.StateTransitionReason,
    ...(live ? { SubnetId: instance.SubnetId, VpcId: instance.VpcId } : {}),
    Architecture: instance.Architecture,
    BlockDeviceMappings: live
      ? [
          {
            DeviceName: instance.RootDeviceName,
            Ebs: {
              AttachTime: instance.LaunchTime,
              DeleteOnTermination: true,
              Status: 'attached',
              VolumeId: instance.VolumeId,
            },
          },
        ]
      : [],
    ClientToken: instance.ClientToken,
    ...(instance.IamInstanceProfile && live
      ? { IamInstanceProfile: { ...instance.IamInstanceProfile } }
      : {}),
    EbsOptimized: false,
    EnaSupport: true,
    Hypervisor: 'xen',
    NetworkInterfaces: live ? [networkInterfaceView(ctx, state, instance, privateDns, association)] : [],
    RootDeviceName: instance.RootDeviceName,
    RootDeviceType: 'ebs',
    SecurityGroups: live ? groupsOf(state, instance) : [],
    SourceDestCheck: true,
    ...(instance.StateReason ? { StateReason: instance.StateReason } : {}),
    ...tagsMember(state, instance.InstanceId),
    VirtualizationType: 'hvm',
    CpuOptions: { CoreCount: 1, ThreadsPerCore: 1 },
    CapacityReservationSpecification: { CapacityReservationPreference: 'open' },
    HibernationOptions: { Configured: false },
    MetadataOptions: defaults.MetadataOptions,
    EnclaveOptions: { Enabled: false },
    BootMode: defaults.BootMode,
    PlatformDetails: 'Linux/UNIX',
    UsageOperation: 'RunInstances',
    UsageOperationUpdateTime: instance.LaunchTime,
    PrivateDnsNameOptions: {
      HostnameType: 'ip-name',
      EnableResourceNameDnsARecord: false,
      EnableResourceNameDnsAAAARecord: false,
    },
    MaintenanceOptions: { AutoRecovery: 'default' },
  };
}

/** Every listed instance (terminated ones for an hour), in order, after settling transitions. */
export function liveInstances(ctx: RequestContext, state: Ec2State): InstanceRecord[] {
  settleInstances(ctx, state);
  const listed = listedInstances(instanceIndex(state.instances), ctx.now().getTime());
  return listed.slice(0, listed.count).map((id) => state.instances[id] as InstanceRecord);
}

/**
 * The listed instances among `ids`, in the state's order, each once, after settling transitions; refuses a
 * malformed id, then ids that are not listed. Looks up each id rather than reading every instance.
 */
function requireInstances(ctx: RequestContext, state: Ec2State, ids: string[]): InstanceRecord[] {
  // A malformed id is its own error before any lookup (`i-zzz`: InvalidInstanceID.Malformed, not NotFound).
  for (const id of ids) checkIdFormat('i', id, 'InvalidInstanceID.Malformed');
  settleInstances(ctx, state);
  const index = instanceIndex(state.instances);
  const listed = (id: string) =>
    index.position.has(id) && stillListed(index.terminated.get(id), ctx.now().getTime());
  const missing = ids.filter((id) => !listed(id));
  if (missing.length > 0) throw notFound('i', missing);
  return [...new Set(ids)]
    .sort((a, b) => (index.position.get(a) as number) - (index.position.get(b) as number))
    .map((id) => state.instances[id] as InstanceRecord);
}

export function getInstance(ctx: RequestContext, state: Ec2State, id: unknown): InstanceRecord {
  return requireInstances(ctx, state, [String(id)])[0] as InstanceRecord;
}

/** The instances DescribeInstances and DescribeInstanceStatus start from: those asked for, else all listed. */
function describedInstances(ctx: RequestContext, state: Ec2State, ids: string[]): InstanceRecord[] {
  return ids.length > 0 ? requireInstances(ctx, state, ids) : liveInstances(ctx, state);
}

const INSTANCE_PAGES = { min: 5, max: 1000 };

/** DescribeInstances' filters, by name. */
function instanceFilters(ctx: RequestContext, state: Ec2State): FilterResolvers<InstanceRecord> {
  return {
    'instance-id': (i) => i.InstanceId,
    'instance-state-name': (i) => i.State,
    'instance-state-code': (i) => STATE_CODES[i.State],
    'instance-type': (i) => i.InstanceType,
    'image-id': (i) => i.ImageId,
    'key-name': (i) => i.KeyName,
    'vpc-id': (i) => (i.State === 'terminated' ? undefined : i.VpcId),
    'subnet-id': (i) => (i.State === 'terminated' ? undefined : i.SubnetId),
    'private-ip-address': (i) => (i.State === 'terminated' ? undefined : i.PrivateIpAddress),
    'ip-address': (i) => i.PublicIpAddress,
    'availability-zone': (i) => i.AvailabilityZone,
    'reservation-id': (i) => i.ReservationId,
    'instance.group-id': (i) => i.GroupIds,
    'instance.group-name': (i) => i.GroupIds.map((id) => state.securityGroups[id]?.GroupName),
    'private-dns-name': (i) => privateDnsName(ctx.region, i.PrivateIpAddress),
    architecture: (i) => i.Architecture,
    'launch-index': (i) => i.AmiLaunchIndex,
    'owner-id': () => ctx.accountId,
    'network-interface.network-interface-id': (i) => i.NetworkInterfaceId,
  };
}

/**
 * The page of instances DescribeInstances answers. Without ids or filters (a plain listing, however many
 * instances there are) the page is fetched from the index by position; otherwise every candidate is filtered,
 * then paged, as before. Both page the same listing with the same tokens.
 */
function describeInstancesPage(ctx: RequestContext, state: Ec2State, input: Input, ids: string[]) {
  const filters = input.Filters as Filter[] | undefined;
  const limits = { ...INSTANCE_PAGES, cap: ctx.pageSize };
  if (ids.length > 0 || (filters && filters.length > 0)) {
    const candidates = describedInstances(ctx, state, ids);
    const filtered = applyFilters(
      candidates,
      filters,
      instanceFilters(ctx, state),
      (i) => state.tags[i.InstanceId],
    );
    return paginate(filtered, input, limits);
  }
  settleInstances(ctx, state);
  const listed = listedInstances(instanceIndex(state.instances), ctx.now().getTime());
  const { start, end, NextToken } = pageWindow(listed.count, input, limits);
  const page = listed.slice(start, end).map((id) => state.instances[id] as InstanceRecord);
  return NextToken ? { page, NextToken } : { page };
}

export const instanceViewOperations: Record<string, Handler> = {
  DescribeInstances(ctx, input) {
    const state = ec2State(ctx);
    const ids = stringList(input.InstanceIds);
    if (ids.length > 0 && input.MaxResults !== undefined) {
      throw new AwsError(
        'InvalidParameterCombination',
        'The parameter instancesSet cannot be used with the parameter maxResults',
      );
    }
    const { page, NextToken } = describeInstancesPage(ctx, state, input, ids);
    const reservations: { Groups: never[]; Instances: unknown[]; OwnerId: string; ReservationId: string }[] =
      [];
    for (const instance of page) {
      let reservation = reservations.find((r) => r.ReservationId === instance.ReservationId);
      if (!reservation) {
        reservation = {
          Groups: [],
          Instances: [],
          OwnerId: ctx.accountId,
          ReservationId: instance.ReservationId,
        };
        reservations.push(reservation);
      }
      reservation.Instances.push(instanceView(ctx, state, instance));
    }
    return { Reservations: reservations, ...(NextToken ? { NextToken } : {}) };
  },
  DescribeInstanceStatus(ctx, input) {
    const state = ec2State(ctx);
    const ids = stringList(input.InstanceIds);
    const all = describedInstances(ctx, state, ids).filter(
      (i) => input.IncludeAllInstances === true || i.State === 'running',
    );
    const statuses = all.map((i) => {
      const status = i.State === 'running' ? 'ok' : 'not-applicable';
      const details = i.State === 'running' ? [{ Name: 'reachability', Status: 'passed' }] : [];
      return {
        AvailabilityZone: i.AvailabilityZone,
        InstanceId: i.InstanceId,
        InstanceState: { Code: STATE_CODES[i.State], Name: i.State },
        InstanceStatus: { Details: details, Status: status },
        SystemStatus: { Details: details, Status: status },
      };
    });
    const filtered = applyFilters(statuses, input.Filters as Filter[] | undefined, {
      'availability-zone': (s) => s.AvailabilityZone,
      'instance-id': (s) => s.InstanceId,
      'instance-state-name': (s) => s.InstanceState.Name,
      'instance-state-code': (s) => s.InstanceState.Code,
      'instance-status.status': (s) => s.InstanceStatus.Status,
      'instance-status.reachability': (s) => s.InstanceStatus.Details.map((d) => d.Status),
      'system-status.status': (s) => s.SystemStatus.Status,
      'system-status.reachability': (s) => s.SystemStatus.Details.map((d) => d.Status),
    });
    const { page, NextToken } = paginate(filtered, input, { min: 5, max: 1000, cap: ctx.pageSize });
    return { InstanceStatuses: page, ...(NextToken ? { NextToken } : {}) };
  },
  DescribeInstanceAttribute(ctx, input) {
    const state = ec2State(ctx);
    const instance = getInstance(ctx, state, input.InstanceId);
    const attribute = String(input.Attribute);
    const id = { InstanceId: instance.InstanceId };
    switch (attribute) {
      case 'userData':
        return { ...id, UserData: instance.UserData ? { Value: instance.UserData } : {} };
      case 'instanceType':
        return { ...id, InstanceType: { Value: instance.InstanceType } };
      case 'groupSet':
        return { ...id, Groups: groupsOf(state, instance) };
      case 'disableApiTermination':
        return { ...id, DisableApiTermination: { Value: false } };
      case 'disableApiStop':
        return { ...id, DisableApiStop: { Value: false } };
      case 'instanceInitiatedShutdownBehavior':
        return { ...id, InstanceInitiatedShutdownBehavior: { Value: 'stop' } };
      case 'rootDeviceName':
        return { ...id, RootDeviceName: { Value: instance.RootDeviceName } };
      case 'sourceDestCheck':
        return { ...id, SourceDestCheck: { Value: true } };
      case 'ebsOptimized':
        return { ...id, EbsOptimized: { Value: false } };
      case 'enaSupport':
        return { ...id, EnaSupport: { Value: true } };
      case 'kernel':
        return { ...id, KernelId: {} };
      case 'ramdisk':
        return { ...id, RamdiskId: {} };
      case 'productCodes':
        return { ...id, ProductCodes: [] };
      case 'blockDeviceMapping':
        return {
          ...id,
          BlockDeviceMappings: [
            {
              DeviceName: instance.RootDeviceName,
              Ebs: {
                AttachTime: instance.LaunchTime,
                DeleteOnTermination: true,
                Status: 'attached',
                VolumeId: instance.VolumeId,
              },
            },
          ],
        };
      default:
        throw new AwsError(
          'InvalidParameterValue',
          `Value (${attribute}) for parameter attribute is invalid. Unknown attribute.`,
        );
    }
  },
  /**
   * The console log: what cloud-init wrote while running the user data, then sshd's listening lines. The
   * sandbox's instances have no kernel, so this is the part of a real console log the labs care about.
   */
  GetConsoleOutput(ctx, input) {
    const state = ec2State(ctx);
    const instance = getInstance(ctx, state, input.InstanceId);
    const model = instance.Model;
    if (!model) return { InstanceId: instance.InstanceId, Timestamp: new Date(ec2Now(ctx)) };
    const lines: string[] = [];
    const report = model.userData;
    if (report?.kind === 'script') {
      lines.push(`cloud-init: running user data script (${report.interpreter})`);
      for (const l of report.lines) {
        lines.push(
          `cloud-init: user data line ${l.line}: ${l.status}: ${l.text}${l.detail ? ` (${l.detail})` : ''}`,
        );
      }
    } else if (report && report.kind !== 'empty') {
      lines.push(`cloud-init: user data not run: ${report.unsupported[0]?.detail ?? report.kind}`);
    }
    const log = model.files['/var/log/cloud-init-output.log'];
    if (log) lines.push(...log.trimEnd().split('\n'));
    for (const port of listeningPorts(instance)) {
      lines.push(
        `sshd: Server listening on 0.0.0.0 port ${port}.`,
        `sshd: Server listening on :: port ${port}.`,
      );
    }
    return {
      InstanceId: instance.InstanceId,
      Output: Buffer.from(`${lines.join('\n')}\n`).toString('base64'),
      Timestamp: new Date(ec2Now(ctx)),
    };
  },
};

export { decodeUserData };
