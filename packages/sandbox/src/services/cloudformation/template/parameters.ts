/**
 * Parameter values: defaults, the constraints a template declares (AllowedValues, AllowedPattern, lengths,
 * numbers), lists, and the AWS-specific types checked against the account (key pairs, images, VPCs...) through
 * the EC2 service. `AWS::SSM::Parameter::Value<…>` resolves the public Amazon Linux parameter names against
 * EC2's image catalogue (the newest image whose name matches), since the sandbox has no Parameter Store.
 */
import { AwsError, type RequestContext } from '../../../core/types';
import { validationError } from './errors';
import type { ParameterDecl, ParsedTemplate } from './parse';

export interface GivenParameter {
  ParameterKey?: string;
  ParameterValue?: string;
  UsePreviousValue?: boolean;
}

export interface StackParameter {
  ParameterKey: string;
  ParameterValue: string;
  ResolvedValue?: string;
}

export interface ResolvedParameters {
  /** What Ref gives for each parameter. */
  values: Record<string, string | string[]>;
  /** As DescribeStacks shows them (NoEcho values masked later). */
  stackParameters: StackParameter[];
}

/** Public SSM parameter names for Amazon Linux AMIs → the image-name pattern that parameter tracks. */
export const PUBLIC_AMI_PARAMETERS: Record<string, string> = {
  '/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64':
    'al2023-ami-2023.*-kernel-6.*-x86_64',
  '/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-6.1-x86_64': 'al2023-ami-2023.*-kernel-6.1-x86_64',
  '/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-arm64':
    'al2023-ami-2023.*-kernel-6.*-arm64',
  '/aws/service/ami-amazon-linux-latest/al2023-ami-minimal-kernel-default-x86_64':
    'al2023-ami-minimal-2023.*-kernel-6.*-x86_64',
  '/aws/service/ami-amazon-linux-latest/amzn2-ami-hvm-x86_64-gp2': 'amzn2-ami-hvm-2.0.*-x86_64-gp2',
  '/aws/service/ami-amazon-linux-latest/amzn2-ami-kernel-5.10-hvm-x86_64-gp2':
    'amzn2-ami-kernel-5.10-hvm-2.0.*-x86_64-gp2',
};

/** How to check that a value of an AWS-specific parameter type exists: EC2 operation and its id list member. */
const EXISTENCE_CHECKS: Record<string, [operation: string, member: string]> = {
  'AWS::EC2::KeyPair::KeyName': ['DescribeKeyPairs', 'KeyNames'],
  'AWS::EC2::Image::Id': ['DescribeImages', 'ImageIds'],
  'AWS::EC2::VPC::Id': ['DescribeVpcs', 'VpcIds'],
  'AWS::EC2::Subnet::Id': ['DescribeSubnets', 'SubnetIds'],
  'AWS::EC2::SecurityGroup::Id': ['DescribeSecurityGroups', 'GroupIds'],
  'AWS::EC2::SecurityGroup::GroupName': ['DescribeSecurityGroups', 'GroupNames'],
  'AWS::EC2::Instance::Id': ['DescribeInstances', 'InstanceIds'],
  'AWS::EC2::Volume::Id': ['DescribeVolumes', 'VolumeIds'],
};

function isList(type: string): boolean {
  return type === 'CommaDelimitedList' || type.startsWith('List<');
}

function elementType(type: string): string {
  const m = /^List<(.+)>$/.exec(type);
  return m ? m[1]! : 'String';
}

function check(name: string, value: string, decl: ParameterDecl, type: string): void {
  const constraint = (fallback: string) =>
    validationError(
      decl.ConstraintDescription
        ? `Parameter '${name}' failed to satisfy constraint: ${decl.ConstraintDescription}`
        : fallback,
    );
  if (type === 'Number') {
    if (value.trim() === '' || Number.isNaN(Number(value)))
      throw validationError(`Parameter '${name}' must be a number.`);
    const n = Number(value);
    if (decl.MinValue !== undefined && n < Number(decl.MinValue)) {
      throw constraint(`Parameter '${name}' must be a number not less than ${decl.MinValue}`);
    }
    if (decl.MaxValue !== undefined && n > Number(decl.MaxValue)) {
      throw constraint(`Parameter '${name}' must be a number not greater than ${decl.MaxValue}`);
    }
  }
  if (decl.AllowedValues && !decl.AllowedValues.map(String).includes(value)) {
    throw constraint(`Parameter '${name}' must be one of AllowedValues`);
  }
  if (decl.AllowedPattern !== undefined) {
    let re: RegExp;
    try {
      re = new RegExp(`^(?:${decl.AllowedPattern})$`);
    } catch {
      throw validationError(
        `Template error: AllowedPattern of parameter ${name} is not a valid regular expression`,
      );
    }
    if (!re.test(value)) throw constraint(`Parameter '${name}' must match pattern ${decl.AllowedPattern}`);
  }
  if (decl.MinLength !== undefined && value.length < Number(decl.MinLength)) {
    throw constraint(`Parameter '${name}' must contain at least ${decl.MinLength} characters`);
  }
  if (decl.MaxLength !== undefined && value.length > Number(decl.MaxLength)) {
    throw constraint(`Parameter '${name}' must contain at most ${decl.MaxLength} characters`);
  }
}

function isNotFound(err: unknown): boolean {
  return err instanceof AwsError && /NotFound|Malformed|InvalidParameterValue|InvalidKeyPair/.test(err.code);
}

async function checkExists(ctx: RequestContext, name: string, type: string, values: string[], azs: string[]) {
  if (type === 'AWS::EC2::AvailabilityZone::Name') {
    for (const v of values) {
      if (!azs.includes(v)) {
        throw validationError(
          `Parameter validation failed: parameter value ${v} for parameter name ${name} does not exist. Rectify the input parameter and try again.`,
        );
      }
    }
    return;
  }
  const checkSpec = EXISTENCE_CHECKS[type];
  if (!checkSpec || values.length === 0) return;
  const [operation, member] = checkSpec;
  for (const v of values) {
    try {
      await ctx.call('ec2', operation, { [member]: [v] });
    } catch (err) {
      if (!isNotFound(err)) throw err;
      throw validationError(
        `Parameter validation failed: parameter value ${v} for parameter name ${name} does not exist. Rectify the input parameter and try again.`,
      );
    }
  }
}

/** The newest image in EC2's catalogue that a public Amazon Linux SSM parameter would point at. */
export async function resolvePublicAmiParameter(
  ctx: RequestContext,
  parameterName: string,
): Promise<string | undefined> {
  const pattern = PUBLIC_AMI_PARAMETERS[parameterName];
  if (!pattern) return undefined;
  const out = await ctx.call('ec2', 'DescribeImages', {
    Owners: ['amazon'],
    Filters: [{ Name: 'name', Values: [pattern] }],
  });
  const images = ((out.Images as { ImageId?: string; CreationDate?: string }[] | undefined) ?? []).slice();
  images.sort((a, b) => String(b.CreationDate ?? '').localeCompare(String(a.CreationDate ?? '')));
  return images[0]?.ImageId;
}

export async function resolveParameters(
  ctx: RequestContext,
  template: ParsedTemplate,
  given: GivenParameter[] | undefined,
  previous: StackParameter[] | undefined,
  azs: string[],
): Promise<ResolvedParameters> {
  const supplied = new Map<string, string>();
  for (const p of given ?? []) {
    if (!p.ParameterKey) throw validationError('Parameters: every parameter needs a ParameterKey');
    if (p.UsePreviousValue) {
      const prev = previous?.find((q) => q.ParameterKey === p.ParameterKey);
      if (!prev)
        throw validationError(
          `Invalid input for parameter key ${p.ParameterKey}. Cannot specify usePreviousValue as true for a parameter key not in the previous template`,
        );
      supplied.set(p.ParameterKey, prev.ParameterValue);
    } else {
      supplied.set(p.ParameterKey, p.ParameterValue ?? '');
    }
  }
  const unknown = [...supplied.keys()].filter((k) => !(k in template.parameters));
  if (unknown.length > 0)
    throw validationError(`Parameters: [${unknown.join(', ')}] do not exist in the template`);
  const missing = Object.entries(template.parameters)
    .filter(([k, d]) => !supplied.has(k) && d.Default === undefined)
    .map(([k]) => k);
  if (missing.length > 0) throw validationError(`Parameters: [${missing.join(', ')}] must have values`);

  const values: Record<string, string | string[]> = {};
  const stackParameters: StackParameter[] = [];
  for (const [name, decl] of Object.entries(template.parameters)) {
    const raw =
      supplied.get(name) ?? (Array.isArray(decl.Default) ? decl.Default.join(',') : String(decl.Default));
    const entry: StackParameter = { ParameterKey: name, ParameterValue: raw };
    let type = decl.Type;
    let effective = raw;
    const ssm = /^AWS::SSM::Parameter::Value<(.+)>$/.exec(type);
    if (ssm) {
      type = ssm[1]!;
      const resolved = await resolvePublicAmiParameter(ctx, raw);
      if (resolved === undefined) {
        throw validationError(
          `Unable to fetch parameters [${raw}] from parameter store for this account. (This sandbox knows these public parameters: ${Object.keys(PUBLIC_AMI_PARAMETERS).join(', ')})`,
        );
      }
      effective = resolved;
      entry.ResolvedValue = resolved;
    }
    if (isList(type)) {
      const items = effective === '' ? [] : effective.split(',').map((s) => s.trim());
      const itemType = type === 'CommaDelimitedList' ? 'String' : elementType(type);
      for (const item of items) check(name, item, decl, itemType === 'Number' ? 'Number' : 'String');
      await checkExists(ctx, name, itemType, items, azs);
      values[name] = items;
    } else {
      check(name, effective, decl, type === 'Number' ? 'Number' : 'String');
      await checkExists(ctx, name, type, [effective], azs);
      values[name] = effective;
    }
    stackParameters.push(entry);
  }
  return { values, stackParameters };
}
