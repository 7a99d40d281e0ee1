/**
 * The network as the EC2 describe-* operations report it. Only the members the data plane reads are listed,
 * with the API model's names, so outputs of the SDK v3 client, of `aws ec2 describe-* --output json` or of the
 * sandbox can all be passed as they are.
 */

export interface Tag {
  Key?: string;
  Value?: string;
}

export interface InstanceLike {
  InstanceId?: string;
  PrivateIpAddress?: string;
  PublicIpAddress?: string;
  SubnetId?: string;
  VpcId?: string;
  State?: { Name?: string };
  SecurityGroups?: { GroupId?: string; GroupName?: string }[];
  Tags?: Tag[];
}

export interface SubnetLike {
  SubnetId?: string;
  VpcId?: string;
  CidrBlock?: string;
  AvailabilityZone?: string;
}

export interface RouteLike {
  DestinationCidrBlock?: string;
  GatewayId?: string;
  VpcPeeringConnectionId?: string;
  NatGatewayId?: string;
  TransitGatewayId?: string;
  NetworkInterfaceId?: string;
  InstanceId?: string;
  State?: string;
}

export interface RouteTableLike {
  RouteTableId?: string;
  VpcId?: string;
  Routes?: RouteLike[];
  Associations?: { Main?: boolean; SubnetId?: string; AssociationState?: { State?: string } }[];
}

export interface IpPermissionLike {
  IpProtocol?: string;
  FromPort?: number;
  ToPort?: number;
  IpRanges?: { CidrIp?: string; Description?: string }[];
  UserIdGroupPairs?: { GroupId?: string; UserId?: string; VpcPeeringConnectionId?: string }[];
}

export interface SecurityGroupLike {
  GroupId?: string;
  GroupName?: string;
  VpcId?: string;
  IpPermissions?: IpPermissionLike[];
  IpPermissionsEgress?: IpPermissionLike[];
}

export interface PeeringVpcInfoLike {
  VpcId?: string;
  CidrBlock?: string;
  CidrBlockSet?: { CidrBlock?: string }[];
  OwnerId?: string;
  Region?: string;
}

export interface VpcPeeringConnectionLike {
  VpcPeeringConnectionId?: string;
  Status?: { Code?: string; Message?: string };
  RequesterVpcInfo?: PeeringVpcInfoLike;
  AccepterVpcInfo?: PeeringVpcInfoLike;
}

export interface VpcLike {
  VpcId?: string;
  CidrBlock?: string;
  CidrBlockAssociationSet?: { CidrBlock?: string; CidrBlockState?: { State?: string } }[];
}

export interface InternetGatewayLike {
  InternetGatewayId?: string;
  Attachments?: { VpcId?: string; State?: string }[];
}

/** What a host listens on, when known (from the user-data model); absent means "not modelled". */
export interface HostServices {
  tcp: number[];
  udp?: number[];
}

/**
 * The inputs: pass the describe outputs as they come (`Reservations` or a flat `Instances` list). Vpcs and
 * InternetGateways are optional: without them VPC ranges come from the peering infos and subnets, and an
 * `igw-` route target is taken as attached.
 */
export interface NetworkSnapshot {
  Reservations?: { Instances?: InstanceLike[] }[];
  Instances?: InstanceLike[];
  Subnets: SubnetLike[];
  RouteTables: RouteTableLike[];
  SecurityGroups: SecurityGroupLike[];
  VpcPeeringConnections?: VpcPeeringConnectionLike[];
  Vpcs?: VpcLike[];
  InternetGateways?: InternetGatewayLike[];
  /** Per instance id: which ports its processes listen on. */
  Services?: Record<string, HostServices>;
}

export function instancesOf(snapshot: NetworkSnapshot): InstanceLike[] {
  const fromReservations = (snapshot.Reservations ?? []).flatMap((r) => r.Instances ?? []);
  return [...fromReservations, ...(snapshot.Instances ?? [])];
}

export function nameTag(tags: Tag[] | undefined): string | undefined {
  return tags?.find((t) => t.Key === 'Name')?.Value;
}
