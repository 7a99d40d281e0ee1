/**
 * The few places where the AWS CLI's arguments differ from the model's members (awscli/customizations), for
 * the operations the labs use. Each takes the model input and returns the argument groups it replaces.
 */
export interface Customization {
  /** Members the customization consumes. */
  members: string[];
  /** The argument groups, or undefined when the input has a shape the customization does not cover. */
  render(input: Record<string, unknown>): string[][] | undefined;
}

const simpleRule: Customization = {
  members: ['IpPermissions'],
  render(input) {
    const permissions = input.IpPermissions;
    if (!Array.isArray(permissions) || permissions.length !== 1) return undefined;
    const { IpProtocol, FromPort, ToPort, IpRanges, ...rest } = permissions[0] as Record<string, unknown>;
    if (IpProtocol !== 'tcp' && IpProtocol !== 'udp') return undefined;
    if (typeof FromPort !== 'number' || typeof ToPort !== 'number') return undefined;
    if (Object.values(rest).some((v) => v !== undefined && !(Array.isArray(v) && v.length === 0)))
      return undefined;
    if (!Array.isArray(IpRanges) || IpRanges.length !== 1) return undefined;
    const { CidrIp, ...other } = IpRanges[0] as Record<string, unknown>;
    if (typeof CidrIp !== 'string' || Object.values(other).some((v) => v !== undefined)) return undefined;
    const port = FromPort === ToPort ? String(FromPort) : `${FromPort}-${ToPort}`;
    return [
      ['--protocol', IpProtocol],
      ['--port', port],
      ['--cidr', CidrIp],
    ];
  },
};

const customizations: Record<string, Customization[]> = {
  'ec2.RunInstances': [
    // ec2/addcount.py: --min-count/--max-count become one --count MIN[:MAX], defaulting to 1.
    {
      members: ['MinCount', 'MaxCount'],
      render(input) {
        const min = Number(input.MinCount ?? 1);
        const max = Number(input.MaxCount ?? min);
        if (min === 1 && max === 1) return [];
        return [['--count', min === max ? String(min) : `${min}:${max}`]];
      },
    },
    // ec2/runinstances.py: --associate-public-ip-address becomes NetworkInterfaces=[{DeviceIndex: 0,
    // AssociatePublicIpAddress}]; only that exact shape prints back as the flag.
    {
      members: ['NetworkInterfaces'],
      render(input) {
        const nics = input.NetworkInterfaces;
        if (!Array.isArray(nics) || nics.length !== 1) return undefined;
        const { DeviceIndex, AssociatePublicIpAddress, ...rest } = nics[0] as Record<string, unknown>;
        if (DeviceIndex !== 0 || typeof AssociatePublicIpAddress !== 'boolean') return undefined;
        if (Object.values(rest).some((v) => v !== undefined)) return undefined;
        return [
          [AssociatePublicIpAddress ? '--associate-public-ip-address' : '--no-associate-public-ip-address'],
        ];
      },
    },
  ],
  // ec2/secgroupsimplify.py: --protocol/--port/--cidr build a single IpPermissions entry; that exact shape (one
  // tcp/udp permission, one CIDR, nothing else) prints back as those three arguments.
  'ec2.AuthorizeSecurityGroupIngress': [simpleRule],
  'ec2.RevokeSecurityGroupIngress': [simpleRule],
};

/** argrename.py: boolean flags whose CLI names differ from the model's. */
const BOOLEAN_RENAMES: Record<string, { true?: string; false?: string }> = {
  'ec2.CreateImage.NoReboot': { false: '--reboot' },
  'ec2.*.Egress': { false: '--ingress' },
  'ec2.*.DisableApiTermination': { false: '--enable-api-termination' },
};

export function customizationsFor(service: string, operation: string): Customization[] {
  return customizations[`${service}.${operation}`] ?? [];
}

export function renamedBoolean(
  service: string,
  operation: string,
  member: string,
  value: boolean,
): string | undefined {
  const rename =
    BOOLEAN_RENAMES[`${service}.${operation}.${member}`] ?? BOOLEAN_RENAMES[`${service}.*.${member}`];
  return rename?.[value ? 'true' : 'false'];
}
