import type { InstanceModel } from '@handson/dataplane';

/** The shapes of one region's EC2 state (plain JSON); state.ts makes and finds it. */

export interface TagRecord {
  Key: string;
  Value: string;
}

export interface VpcRecord {
  VpcId: string;
  CidrBlock: string;
  CidrAssociationId: string;
  InstanceTenancy: string;
  IsDefault: boolean;
  DhcpOptionsId: string;
  EnableDnsHostnames: boolean;
  EnableDnsSupport: boolean;
}

export interface SubnetRecord {
  SubnetId: string;
  VpcId: string;
  CidrBlock: string;
  AvailabilityZone: string;
  AvailabilityZoneId: string;
  MapPublicIpOnLaunch: boolean;
  DefaultForAz: boolean;
}

export interface InternetGatewayRecord {
  InternetGatewayId: string;
  Attachments: { VpcId: string }[];
}

export interface RouteRecord {
  DestinationCidrBlock: string;
  GatewayId?: string;
  VpcPeeringConnectionId?: string;
  InstanceId?: string;
  NatGatewayId?: string;
  NetworkInterfaceId?: string;
  TransitGatewayId?: string;
  Origin: 'CreateRouteTable' | 'CreateRoute';
}

export interface AssociationRecord {
  RouteTableAssociationId: string;
  Main: boolean;
  SubnetId?: string;
  GatewayId?: string;
}

export interface RouteTableRecord {
  RouteTableId: string;
  VpcId: string;
  Routes: RouteRecord[];
  Associations: AssociationRecord[];
}

export interface PeeringRecord {
  VpcPeeringConnectionId: string;
  RequesterVpcId: string;
  RequesterCidr: string;
  AccepterVpcId: string;
  AccepterCidr: string;
  Status: { Code: string; Message: string };
  /** When the status last changed (ISO), to hide deleted/rejected/failed ones after a while, as AWS does. */
  StatusTime: string;
  ExpirationTime?: string;
}

export interface SecurityGroupRuleRecord {
  SecurityGroupRuleId: string;
  IsEgress: boolean;
  IpProtocol: string;
  FromPort?: number;
  ToPort?: number;
  CidrIpv4?: string;
  CidrIpv6?: string;
  ReferencedGroupId?: string;
  ReferencedUserId?: string;
  Description?: string;
}

export interface SecurityGroupRecord {
  GroupId: string;
  GroupName: string;
  Description: string;
  VpcId: string;
  Rules: SecurityGroupRuleRecord[];
}

export interface KeyPairRecord {
  KeyPairId: string;
  KeyName: string;
  KeyFingerprint: string;
  KeyType: string;
  PublicKey: string;
  CreateTime: string;
}

export type InstanceStateName =
  | 'pending'
  | 'running'
  | 'shutting-down'
  | 'terminated'
  | 'stopping'
  | 'stopped';

export interface InstanceRecord {
  InstanceId: string;
  ReservationId: string;
  AmiLaunchIndex: number;
  ImageId: string;
  InstanceType: string;
  KeyName?: string;
  LaunchTime: string;
  SubnetId: string;
  VpcId: string;
  AvailabilityZone: string;
  PrivateIpAddress: string;
  PublicIpAddress?: string;
  /** Whether a public address is assigned at each start (the launch's AssociatePublicIpAddress / subnet default). */
  AssociatePublicIp: boolean;
  GroupIds: string[];
  UserData?: string;
  ClientToken: string;
  /** With a client token: a digest of the launch's parameters, to tell a retry from a different launch. */
  LaunchDigest?: string;
  /** The instance profile it was launched with (RunInstances' IamInstanceProfile). */
  IamInstanceProfile?: { Arn: string; Id: string };
  NetworkInterfaceId: string;
  AttachmentId: string;
  MacAddress: string;
  Architecture: string;
  /** From the image at launch: IMDSv2 required (AMI ImdsSupport v2.0) and the boot mode. */
  ImdsV2Required?: boolean;
  BootMode?: string;
  RootDeviceName: string;
  VolumeId: string;
  State: InstanceStateName;
  /** The request that made the last state change: a later request completes a transition. */
  StateRequestId: string;
  StateTransitionReason: string;
  StateReason?: { Code: string; Message: string };
  /** When it reached terminated (ISO), to hide it an hour later as AWS does. */
  TerminatedAt?: string;
  /** The simulated operating system: files, sshd, what the user data did. Set once it first runs. */
  Model?: InstanceModel;
}

export interface Ec2State {
  version: 1;
  defaultVpcId?: string;
  vpcs: Record<string, VpcRecord>;
  subnets: Record<string, SubnetRecord>;
  internetGateways: Record<string, InternetGatewayRecord>;
  routeTables: Record<string, RouteTableRecord>;
  peerings: Record<string, PeeringRecord>;
  securityGroups: Record<string, SecurityGroupRecord>;
  /** By key name. */
  keyPairs: Record<string, KeyPairRecord>;
  instances: Record<string, InstanceRecord>;
  /** Tags of every resource, by resource id. */
  tags: Record<string, TagRecord[]>;
  /** Public IPv4 addresses handed out and not yet released. */
  publicIps: string[];
}
