import { AwsError, type Handler, type RequestContext } from '../../core/types';
import { checkSameLaunch, launchDigest } from './client-token';
import { bool, type Input, invalidParameterValue, stringList } from './errors';
import { newId } from './ids';
import { findImage } from './images';
import { instancesAdded } from './instance-index';
import {
  allocatePrivateIp,
  allocatePublicIp,
  releasePublicIp,
  STATE_CODES,
  setState,
  settleInstances,
  subnetAddresses,
} from './instance-lifecycle';
import { launchProfile } from './instance-profile';
import { getInstance, instanceView } from './instance-views';
import { getGroup } from './security-groups';
import {
  type Ec2State,
  ec2State,
  type InstanceRecord,
  type InstanceStateName,
  type SubnetRecord,
} from './state';
import { applyTagSpecifications } from './tags';
import { ec2Now } from './time';
import { getSubnet } from './vpcs';

const INSTANCE_TYPE = /^[a-z][a-z0-9-]*\.(nano|micro|small|medium|large|metal(-\d+xl)?|\d*xlarge)$/;
/** Graviton families carry a `g` after the generation number (t4g, m7g, c6gn, …). */
const ARM_TYPE = /^[a-z]+\d+g[a-z]*\./;

function userDataOf(value: unknown): string | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  const text = String(value).replace(/\s+/g, '');
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(text) || text.length % 4 === 1) {
    throw invalidParameterValue('Invalid BASE64 encoding of user data.');
  }
  if (Buffer.from(text, 'base64').length > 16384)
    throw invalidParameterValue('User data is limited to 16384 bytes');
  return text;
}

function defaultSubnet(ctx: RequestContext, state: Ec2State, zone: string | undefined): SubnetRecord {
  if (!state.defaultVpcId) {
    throw new AwsError(
      'VPCIdNotSpecified',
      'No default VPC for this user. GroupName is only supported for EC2-Classic and default VPC.',
    );
  }
  const candidates = Object.values(state.subnets).filter(
    (s) => s.VpcId === state.defaultVpcId && s.DefaultForAz && (!zone || s.AvailabilityZone === zone),
  );
  if (candidates.length === 0) {
    throw new AwsError(
      'MissingInput',
      `No subnets found for the default VPC '${state.defaultVpcId}'. Please specify a subnet.`,
    );
  }
  return candidates[ctx.rng.int(0, candidates.length - 1)]!;
}

function securityGroupsFor(state: Ec2State, subnet: SubnetRecord, ids: string[], names: string[]): string[] {
  if (names.length > 0 && subnet.VpcId !== state.defaultVpcId) {
    throw new AwsError(
      'InvalidParameterCombination',
      'The parameter groupName cannot be used with the parameter subnet',
    );
  }
  const fromNames = names.map((name) => {
    const group = Object.values(state.securityGroups).find(
      (g) => g.VpcId === subnet.VpcId && g.GroupName === name,
    );
    if (!group)
      throw new AwsError(
        'InvalidGroup.NotFound',
        `The security group '${name}' does not exist in VPC '${subnet.VpcId}'`,
      );
    return group.GroupId;
  });
  const all = [...ids, ...fromNames];
  for (const id of ids) {
    const group = getGroup(state, id);
    if (group.VpcId !== subnet.VpcId) {
      throw new AwsError(
        'InvalidParameter',
        `Security group ${id} and subnet ${subnet.SubnetId} belong to different networks.`,
      );
    }
  }
  if (all.length > 0) return [...new Set(all)];
  return [
    Object.values(state.securityGroups).find((g) => g.VpcId === subnet.VpcId && g.GroupName === 'default')!
      .GroupId,
  ];
}

function mac(ctx: RequestContext): string {
  return `06:${Array.from({ length: 5 }, () => ctx.rng.chars(2, '0123456789abcdef')).join(':')}`;
}

function transitionReason(ctx: RequestContext): string {
  return `User initiated (${ctx
    .now()
    .toISOString()
    .replace('T', ' ')
    .replace(/\.\d{3}Z$/, ' GMT')})`;
}

function changeState(
  ctx: RequestContext,
  ids: string[],
  change: (state: Ec2State, instance: InstanceRecord) => InstanceStateName,
) {
  const state = ec2State(ctx);
  settleInstances(ctx, state);
  const instances = ids.map((id) => getInstance(ctx, state, id));
  return instances.map((instance) => {
    const previous = instance.State;
    const next = change(state, instance);
    return {
      CurrentState: { Code: STATE_CODES[next], Name: next },
      InstanceId: instance.InstanceId,
      PreviousState: { Code: STATE_CODES[previous], Name: previous },
    };
  });
}

/**
 * RunInstances answers before the public address is mapped: like EC2, its response has no PublicIpAddress
 * (describe-instances shows it), and the state reason is `pending`.
 */
function launchView(ctx: RequestContext, state: Ec2State, instance: InstanceRecord) {
  const { PublicIpAddress: _ip, ...view } = instanceView(ctx, state, instance);
  return {
    ...view,
    PublicDnsName: '',
    NetworkInterfaces: view.NetworkInterfaces.map(({ Association: _a, PrivateIpAddresses, ...ni }) => ({
      ...ni,
      PrivateIpAddresses: PrivateIpAddresses.map(({ Association: _b, ...p }) => p),
    })),
    StateReason: { Code: 'pending', Message: 'pending' },
  };
}

/** The image and instance type a launch asks for, checked as EC2 checks them. */
function launchImage(ctx: RequestContext, input: Input) {
  const imageId = String(input.ImageId);
  if (!/^ami-[0-9a-f]{8,17}$/.test(imageId))
    throw new AwsError('InvalidAMIID.Malformed', `Invalid id: "${imageId}" (expecting "ami-...")`);
  const image = findImage(ctx.region, imageId, ctx.now());
  if (!image) throw new AwsError('InvalidAMIID.NotFound', `The image id '[${imageId}]' does not exist`);
  const instanceType = String(input.InstanceType ?? 'm1.small');
  if (!INSTANCE_TYPE.test(instanceType))
    throw invalidParameterValue(`Invalid value '${instanceType}' for InstanceType.`);
  const typeArch = ARM_TYPE.test(instanceType) ? 'arm64' : 'x86_64';
  if (typeArch !== image.Architecture) {
    throw invalidParameterValue(
      `The architecture '${typeArch}' of the specified instance type does not match the architecture '${image.Architecture}' of the specified AMI. Specify an instance type and an AMI that have matching architectures, and try again. You can use 'describe-instance-types' or 'describe-images' to discover the architecture of the instance type or AMI.`,
    );
  }
  return { imageId, image, instanceType };
}

/** How many instances: MaxCount when MinCount ≤ MaxCount (the sandbox has room for all of them). */
function launchCount(input: Input): number {
  const min = Number(input.MinCount ?? 1);
  const max = Number(input.MaxCount ?? 1);
  if (!Number.isInteger(min) || min < 1)
    throw invalidParameterValue(
      `Value (${String(input.MinCount)}) for parameter minCount is invalid. Expected a positive integer.`,
    );
  if (!Number.isInteger(max) || max < min)
    throw invalidParameterValue(
      `Value (${String(input.MaxCount)}) for parameter maxCount is invalid. Expected a value greater than or equal to minCount.`,
    );
  return max;
}

/** Where the instances go: subnet, security groups, a public address or not, a fixed private address. */
function launchPlacement(ctx: RequestContext, state: Ec2State, input: Input, count: number) {
  const interfaces = (input.NetworkInterfaces ?? []) as Input[];
  const primary = interfaces.find((n) => Number(n.DeviceIndex ?? 0) === 0);
  if (interfaces.length > 1 || (interfaces.length === 1 && !primary)) {
    throw new AwsError(
      'UnsupportedOperation',
      'The sandbox models one network interface (device index 0) per instance.',
    );
  }
  if (primary && (input.SubnetId !== undefined || stringList(input.SecurityGroupIds).length > 0)) {
    throw new AwsError(
      'InvalidParameterCombination',
      'Network interfaces and an instance-level subnet ID or security groups may not be specified on the same request',
    );
  }
  const subnetId = primary?.SubnetId ?? input.SubnetId;
  const subnet =
    subnetId !== undefined
      ? getSubnet(state, subnetId)
      : defaultSubnet(ctx, state, input.Placement?.AvailabilityZone);
  const groupIds = securityGroupsFor(
    state,
    subnet,
    stringList(primary?.Groups ?? input.SecurityGroupIds),
    stringList(input.SecurityGroups),
  );
  const associate = bool(primary?.AssociatePublicIpAddress) ?? subnet.MapPublicIpOnLaunch;
  const wantedIp = primary?.PrivateIpAddress ?? input.PrivateIpAddress;
  if (wantedIp !== undefined && count > 1) {
    throw invalidParameterValue(
      'A private IP address can be specified only when launching a single instance.',
    );
  }
  return { subnet, groupIds, associate, wantedIp: wantedIp === undefined ? undefined : String(wantedIp) };
}

type LaunchImage = ReturnType<typeof launchImage>;
type LaunchPlacement = ReturnType<typeof launchPlacement>;

/** The record of one launched instance, pending, with its own interface, volume and addresses. */
/** What every instance of one launch shares, read from the request once. */
interface LaunchShared {
  reservationId: string;
  now: string;
  keyName: string | undefined;
  userData: string | undefined;
  token: string;
  digest: string | undefined;
}

function newInstance(
  ctx: RequestContext,
  launch: LaunchImage & LaunchPlacement & LaunchShared & { index: number; privateIp: string },
): InstanceRecord {
  const { image, subnet, keyName, userData, token } = launch;
  return {
    InstanceId: newId(ctx, 'i'),
    ReservationId: launch.reservationId,
    AmiLaunchIndex: launch.index,
    ImageId: launch.imageId,
    InstanceType: launch.instanceType,
    ...(keyName ? { KeyName: keyName } : {}),
    LaunchTime: launch.now,
    SubnetId: subnet.SubnetId,
    VpcId: subnet.VpcId,
    AvailabilityZone: subnet.AvailabilityZone,
    PrivateIpAddress: launch.privateIp,
    AssociatePublicIp: launch.associate,
    GroupIds: launch.groupIds,
    ...(userData ? { UserData: userData } : {}),
    ClientToken: token,
    ...(launch.digest ? { LaunchDigest: launch.digest } : {}),
    NetworkInterfaceId: newId(ctx, 'eni'),
    AttachmentId: newId(ctx, 'eni-attach'),
    MacAddress: mac(ctx),
    Architecture: image.Architecture,
    ImdsV2Required: image.ImdsSupport === 'v2.0',
    BootMode: image.BootMode ?? (image.Architecture === 'arm64' ? 'uefi' : 'legacy-bios'),
    RootDeviceName: image.RootDeviceName,
    VolumeId: newId(ctx, 'vol'),
    State: 'pending',
    StateRequestId: ctx.requestId,
    StateTransitionReason: '',
  };
}

export const instanceOperations: Record<string, Handler> = {
  async RunInstances(ctx, input) {
    const state = ec2State(ctx);
    settleInstances(ctx, state);
    if (input.LaunchTemplate !== undefined)
      throw new AwsError('UnsupportedOperation', 'Launch templates are not modelled by the sandbox.');
    const token = input.ClientToken === undefined ? undefined : String(input.ClientToken);
    const earlier = token ? Object.values(state.instances).filter((i) => i.ClientToken === token) : [];
    if (earlier.length > 0) {
      // Idempotency: the same client token returns the reservation it made, if asked for the same launch.
      checkSameLaunch(earlier[0]!.LaunchDigest, input);
      return {
        Groups: [],
        Instances: earlier.map((i) => instanceView(ctx, state, i)),
        OwnerId: ctx.accountId,
        ReservationId: earlier[0]!.ReservationId,
      };
    }
    if (input.ImageId === undefined)
      throw new AwsError('MissingParameter', 'The request must contain the parameter ImageId');
    const profile = await launchProfile(ctx, input.IamInstanceProfile);
    const image = launchImage(ctx, input);
    const count = launchCount(input);
    const keyName = input.KeyName === undefined ? undefined : String(input.KeyName);
    if (keyName !== undefined && !state.keyPairs[keyName]) {
      throw new AwsError('InvalidKeyPair.NotFound', `The key pair '${keyName}' does not exist`);
    }
    const placement = launchPlacement(ctx, state, input, count);
    // In the order the checks and ids always came: user data is checked before the reservation id is drawn.
    const shared: LaunchShared = {
      userData: userDataOf(input.UserData),
      reservationId: newId(ctx, 'r'),
      now: ec2Now(ctx),
      keyName,
      token: token ?? '',
      digest: token ? launchDigest(input) : undefined,
    };
    const used = subnetAddresses(state, placement.subnet);
    const created: InstanceRecord[] = [];
    for (let index = 0; index < count; index++) {
      const privateIp = allocatePrivateIp(ctx, state, placement.subnet, used, placement.wantedIp);
      used.add(privateIp);
      const instance = newInstance(ctx, { ...image, ...placement, ...shared, index, privateIp });
      if (profile) instance.IamInstanceProfile = profile;
      if (placement.associate) instance.PublicIpAddress = allocatePublicIp(ctx, state);
      applyTagSpecifications(state, instance.InstanceId, input.TagSpecifications, 'instance', [
        'instance',
        'volume',
        'network-interface',
        'spot-instances-request',
      ]);
      created.push(instance);
    }
    for (const instance of created) state.instances[instance.InstanceId] = instance;
    instancesAdded(state.instances, created);
    return {
      Groups: [],
      Instances: created.map((i) => launchView(ctx, state, i)),
      OwnerId: ctx.accountId,
      ReservationId: shared.reservationId,
    };
  },
  TerminateInstances(ctx, input) {
    const TerminatingInstances = changeState(ctx, stringList(input.InstanceIds), (state, instance) => {
      if (instance.State === 'terminated' || instance.State === 'shutting-down') return instance.State;
      releasePublicIp(state, instance);
      setState(ctx, state, instance, 'shutting-down');
      instance.StateTransitionReason = transitionReason(ctx);
      instance.StateReason = {
        Code: 'Client.UserInitiatedShutdown',
        Message: 'Client.UserInitiatedShutdown: User initiated shutdown',
      };
      return 'shutting-down';
    });
    return { TerminatingInstances };
  },
  StopInstances(ctx, input) {
    const StoppingInstances = changeState(ctx, stringList(input.InstanceIds), (state, instance) => {
      if (instance.State === 'stopped' || instance.State === 'stopping') return instance.State;
      if (instance.State !== 'running' && instance.State !== 'pending') {
        throw new AwsError(
          'IncorrectInstanceState',
          `This instance '${instance.InstanceId}' is not in a state from which it can be stopped.`,
        );
      }
      releasePublicIp(state, instance);
      setState(ctx, state, instance, 'stopping');
      instance.StateTransitionReason = transitionReason(ctx);
      instance.StateReason = {
        Code: 'Client.UserInitiatedShutdown',
        Message: 'Client.UserInitiatedShutdown: User initiated shutdown',
      };
      return 'stopping';
    });
    return { StoppingInstances };
  },
  StartInstances(ctx, input) {
    const StartingInstances = changeState(ctx, stringList(input.InstanceIds), (state, instance) => {
      if (instance.State === 'running' || instance.State === 'pending') return instance.State;
      if (instance.State !== 'stopped') {
        throw new AwsError(
          'IncorrectInstanceState',
          `The instance '${instance.InstanceId}' is not in a state from which it can be started.`,
        );
      }
      if (instance.AssociatePublicIp) instance.PublicIpAddress = allocatePublicIp(ctx, state);
      setState(ctx, state, instance, 'pending');
      instance.StateTransitionReason = '';
      delete instance.StateReason;
      return 'pending';
    });
    return { StartingInstances };
  },
};
