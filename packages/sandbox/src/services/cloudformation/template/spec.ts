/**
 * The official CloudFormation resource specification (shipped by @aws-cdk/cfnspec), loaded on first use:
 * which resource types exist, their property names, which properties are required, which changes force a
 * replacement, and which attributes Fn::GetAtt may ask for.
 */
import { readFileSync } from 'node:fs';

export interface PropertySpec {
  Required?: boolean;
  UpdateType?: 'Mutable' | 'Immutable' | 'Conditional';
  PrimitiveType?: string;
  Type?: string;
  ItemType?: string;
  PrimitiveItemType?: string;
}

export interface ResourceTypeSpec {
  Properties?: Record<string, PropertySpec>;
  Attributes?: Record<string, unknown>;
}

interface Specification {
  ResourceSpecificationVersion: string;
  ResourceTypes: Record<string, ResourceTypeSpec>;
}

let cached: Specification | undefined;

function specification(): Specification {
  if (!cached) {
    const file = require.resolve('@aws-cdk/cfnspec/spec/specification.json');
    cached = JSON.parse(readFileSync(file, 'utf8')) as Specification;
  }
  return cached;
}

export function resourceTypeSpec(type: string): ResourceTypeSpec | undefined {
  return specification().ResourceTypes[type];
}

export function isKnownResourceType(type: string): boolean {
  return resourceTypeSpec(type) !== undefined;
}

/**
 * Attributes AWS added after this specification (version 117, early 2023) was published, for the types the
 * sandbox provisions; without them a valid `!GetAtt Subnet.CidrBlock` would be refused.
 */
const NEWER_ATTRIBUTES: Record<string, string[]> = {
  'AWS::EC2::Subnet': ['CidrBlock', 'AvailabilityZoneId'],
  'AWS::EC2::Instance': ['InstanceId', 'VpcId'],
  'AWS::IAM::ManagedPolicy': ['PolicyArn'],
};

/** Attribute names Fn::GetAtt accepts for a type (undefined when the type is unknown). */
export function attributeNames(type: string): string[] | undefined {
  const spec = resourceTypeSpec(type);
  return spec ? [...Object.keys(spec.Attributes ?? {}), ...(NEWER_ATTRIBUTES[type] ?? [])] : undefined;
}

/**
 * Property-name problems in the words CloudFormation uses ("#: extraneous key [X] is not permitted",
 * "#: required key [X] not found"), or an empty list.
 */
export function propertyProblems(type: string, properties: Record<string, unknown>): string[] {
  const spec = resourceTypeSpec(type);
  if (!spec) return [];
  const allowed = spec.Properties ?? {};
  const problems: string[] = [];
  for (const key of Object.keys(properties)) {
    if (!(key in allowed)) problems.push(`#: extraneous key [${key}] is not permitted`);
  }
  for (const [key, prop] of Object.entries(allowed)) {
    if (prop.Required && properties[key] === undefined) problems.push(`#: required key [${key}] not found`);
  }
  return problems;
}

/** Whether changing this property replaces the resource (Immutable) rather than updating it in place. */
export function requiresReplacement(type: string, property: string): boolean {
  const spec = resourceTypeSpec(type);
  // Types without a specification (Custom::) leave the decision to their provider.
  if (!spec) return false;
  return spec.Properties?.[property]?.UpdateType !== 'Mutable';
}
