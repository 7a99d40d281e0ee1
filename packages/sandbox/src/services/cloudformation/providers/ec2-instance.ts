/** EC2 instances and key pairs. */
import { bool, call, compact, num, tagSpecifications } from './common';
import { tagOnlyUpdate } from './ec2-network';
import type { Props, ProviderRegistry, ProvisionContext, ResourceProvider } from './types';

const ec2 = (p: ProvisionContext, op: string, input: Record<string, unknown>) => call(p, 'ec2', op, input);

function networkInterfaces(list: Props[] | undefined) {
  return list?.map((ni) =>
    compact({
      AssociatePublicIpAddress: bool(ni.AssociatePublicIpAddress),
      DeleteOnTermination: bool(ni.DeleteOnTermination),
      Description: ni.Description,
      DeviceIndex: num(ni.DeviceIndex),
      Groups: ni.GroupSet,
      NetworkInterfaceId: ni.NetworkInterfaceId,
      PrivateIpAddress: ni.PrivateIpAddress,
      SecondaryPrivateIpAddressCount: num(ni.SecondaryPrivateIpAddressCount),
      SubnetId: ni.SubnetId,
      Ipv6AddressCount: num(ni.Ipv6AddressCount),
    }),
  );
}

interface InstanceShape {
  InstanceId: string;
  State?: { Name?: string };
  Placement?: { AvailabilityZone?: string };
  PrivateDnsName?: string;
  PrivateIpAddress?: string;
  PublicDnsName?: string;
  PublicIpAddress?: string;
  VpcId?: string;
}

async function describeInstance(p: ProvisionContext, id: string): Promise<InstanceShape | undefined> {
  const out = await ec2(p, 'DescribeInstances', { InstanceIds: [id] });
  const reservations = (out.Reservations as { Instances?: InstanceShape[] }[] | undefined) ?? [];
  return reservations.flatMap((r) => r.Instances ?? [])[0];
}

function instanceAttributes(i: InstanceShape) {
  return compact({
    InstanceId: i.InstanceId,
    AvailabilityZone: i.Placement?.AvailabilityZone,
    PrivateDnsName: i.PrivateDnsName,
    PrivateIp: i.PrivateIpAddress,
    PublicDnsName: i.PublicDnsName ?? '',
    PublicIp: i.PublicIpAddress ?? '',
    VpcId: i.VpcId,
  });
}

const instance: ResourceProvider = {
  async create(p, props) {
    const profile = props.IamInstanceProfile as string | undefined;
    const out = await ec2(p, 'RunInstances', {
      ImageId: props.ImageId,
      InstanceType: props.InstanceType ?? 'm1.small',
      MinCount: 1,
      MaxCount: 1,
      KeyName: props.KeyName,
      UserData: props.UserData,
      SubnetId: props.SubnetId,
      SecurityGroupIds: props.SecurityGroupIds,
      SecurityGroups: props.SecurityGroups,
      PrivateIpAddress: props.PrivateIpAddress,
      NetworkInterfaces: networkInterfaces(props.NetworkInterfaces),
      IamInstanceProfile:
        profile === undefined ? undefined : profile.startsWith('arn:') ? { Arn: profile } : { Name: profile },
      Placement:
        props.AvailabilityZone !== undefined || props.Tenancy !== undefined
          ? compact({ AvailabilityZone: props.AvailabilityZone, Tenancy: props.Tenancy })
          : undefined,
      Monitoring: props.Monitoring !== undefined ? { Enabled: bool(props.Monitoring) } : undefined,
      EbsOptimized: bool(props.EbsOptimized),
      DisableApiTermination: bool(props.DisableApiTermination),
      BlockDeviceMappings: props.BlockDeviceMappings,
      TagSpecifications: tagSpecifications(p, 'instance', props.Tags),
    });
    const first = (out.Instances as InstanceShape[] | undefined)?.[0];
    if (!first) throw new Error('RunInstances returned no instance');
    // CloudFormation reports an instance complete once it is running; EC2 moves it on with later requests.
    let described = (await describeInstance(p, first.InstanceId)) ?? first;
    for (let attempt = 0; attempt < 5 && described.State?.Name === 'pending'; attempt++) {
      described = (await describeInstance(p, first.InstanceId)) ?? described;
    }
    return { physicalId: first.InstanceId, attributes: instanceAttributes(described) };
  },
  update: tagOnlyUpdate(),
  async delete(p, id) {
    await ec2(p, 'TerminateInstances', { InstanceIds: [id] });
    // Like CloudFormation, wait until the instance is terminated: until then its subnet and security
    // groups are still in use. Each call is a new request, which lets EC2 move the instance on.
    for (let attempt = 0; attempt < 5; attempt++) {
      const state = (await describeInstance(p, id))?.State?.Name;
      if (state === undefined || state === 'terminated') return;
    }
    throw new Error(`Instance ${id} did not reach the terminated state`);
  },
};

const keyPair: ResourceProvider = {
  async create(p, props) {
    const tags = tagSpecifications(p, 'key-pair', props.Tags);
    const out =
      props.PublicKeyMaterial !== undefined
        ? await ec2(p, 'ImportKeyPair', {
            KeyName: props.KeyName,
            PublicKeyMaterial: Buffer.from(String(props.PublicKeyMaterial)).toString('base64'),
            TagSpecifications: tags,
          })
        : await ec2(p, 'CreateKeyPair', {
            KeyName: props.KeyName,
            KeyType: props.KeyType,
            KeyFormat: props.KeyFormat,
            TagSpecifications: tags,
          });
    return {
      physicalId: String(out.KeyName ?? props.KeyName),
      attributes: compact({ KeyPairId: out.KeyPairId, KeyFingerprint: out.KeyFingerprint }),
    };
  },
  async delete(p, id) {
    await ec2(p, 'DeleteKeyPair', { KeyName: id });
  },
};

export const ec2InstanceProviders: ProviderRegistry = {
  'AWS::EC2::Instance': instance,
  'AWS::EC2::KeyPair': keyPair,
};
