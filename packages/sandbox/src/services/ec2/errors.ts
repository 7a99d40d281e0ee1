import { AwsError, type Handler } from '../../core/types';

/** EC2's error codes and wording for the cases the handlers share. */

const NOUN: Record<string, [code: string, noun: string]> = {
  vpc: ['InvalidVpcID.NotFound', 'vpc ID'],
  subnet: ['InvalidSubnetID.NotFound', 'subnet ID'],
  igw: ['InvalidInternetGatewayID.NotFound', 'internetGateway ID'],
  rtb: ['InvalidRouteTableID.NotFound', 'routeTable ID'],
  rtbassoc: ['InvalidAssociationID.NotFound', 'association ID'],
  pcx: ['InvalidVpcPeeringConnectionID.NotFound', 'vpcPeeringConnection ID'],
  sg: ['InvalidGroup.NotFound', 'security group'],
  sgr: ['InvalidSecurityGroupRuleId.NotFound', 'security group rule ID'],
  i: ['InvalidInstanceID.NotFound', 'instance ID'],
  key: ['InvalidKeyPair.NotFound', 'key pair ID'],
};

/** `The vpc ID 'vpc-1' does not exist` / `The vpc IDs 'vpc-1, vpc-2' do not exist`. */
export function notFound(kind: keyof typeof NOUN, ids: string | string[]): AwsError {
  const [code, noun] = NOUN[kind]!;
  const list = Array.isArray(ids) ? ids : [ids];
  if (kind === 'sg') return new AwsError(code, `The security group '${list.join(', ')}' does not exist`);
  if (list.length > 1) return new AwsError(code, `The ${noun}s '${list.join(', ')}' do not exist`);
  return new AwsError(code, `The ${noun} '${list[0]}' does not exist`);
}

export function invalidParameterValue(message: string): AwsError {
  return new AwsError('InvalidParameterValue', message);
}

export function invalidParameter(message: string): AwsError {
  return new AwsError('InvalidParameter', message);
}

export function missingParameter(name: string): AwsError {
  return new AwsError('MissingParameter', `The request must contain the parameter ${name}`);
}

export function dependencyViolation(message: string): AwsError {
  return new AwsError('DependencyViolation', message);
}

/** EC2 ids are `prefix-` and 8 or 17 hex digits; anything else is malformed. */
export function checkIdFormat(kind: string, id: unknown, code: string): string {
  const text = String(id ?? '');
  if (!new RegExp(`^${kind}-([0-9a-f]{8}|[0-9a-f]{17})$`).test(text)) {
    throw new AwsError(code, `Invalid id: "${text}"`);
  }
  return text;
}

/** A list parameter as an array of strings (absent → empty). */
export function stringList(value: unknown): string[] {
  if (value === undefined || value === null) return [];
  return (Array.isArray(value) ? value : [value]).map(String);
}

export function bool(value: unknown): boolean | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'boolean') return value;
  if (typeof value === 'object' && 'Value' in (value as object))
    return bool((value as { Value: unknown }).Value);
  return String(value).toLowerCase() === 'true';
}

/** A handler's input, as the contract types it. */
export type Input = Parameters<Handler>[1];
