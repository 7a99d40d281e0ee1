/**
 * Structural validation of a loaded template: the sections, each resource's shape and type, parameters and
 * outputs, and every reference (Ref, Fn::GetAtt, Fn::Sub variables, DependsOn, conditions) pointing at
 * something that exists. Errors are CloudFormation's ValidationError messages plus where the problem is.
 */
import { at, TemplateError } from './errors';
import { type LoadedTemplate, loadTemplateBody } from './load';
import type { PathPart } from './paths';
import { attributeNames, isKnownResourceType } from './spec';

export interface ParameterDecl {
  Type: string;
  Default?: unknown;
  AllowedValues?: unknown[];
  AllowedPattern?: string;
  MinLength?: number;
  MaxLength?: number;
  MinValue?: number;
  MaxValue?: number;
  NoEcho?: boolean | string;
  Description?: string;
  ConstraintDescription?: string;
}

export interface ResourceDecl {
  Type: string;
  Properties: Record<string, unknown>;
  DependsOn: string[];
  Condition?: string;
  DeletionPolicy?: string;
  Metadata?: unknown;
}

export interface OutputDecl {
  Value: unknown;
  Description?: string;
  Condition?: string;
  Export?: { Name: unknown };
}

export interface ParsedTemplate {
  source: LoadedTemplate;
  description?: string;
  parameters: Record<string, ParameterDecl>;
  mappings: Record<string, Record<string, Record<string, unknown>>>;
  conditions: Record<string, unknown>;
  resources: Record<string, ResourceDecl>;
  outputs: Record<string, OutputDecl>;
}

export const PSEUDO_PARAMETERS = [
  'AWS::AccountId',
  'AWS::NotificationARNs',
  'AWS::NoValue',
  'AWS::Partition',
  'AWS::Region',
  'AWS::StackId',
  'AWS::StackName',
  'AWS::URLSuffix',
];

const TOP_LEVEL = [
  'AWSTemplateFormatVersion',
  'Description',
  'Metadata',
  'Parameters',
  'Rules',
  'Mappings',
  'Conditions',
  'Transform',
  'Resources',
  'Outputs',
];
const RESOURCE_KEYS = [
  'Type',
  'Properties',
  'DependsOn',
  'Condition',
  'DeletionPolicy',
  'UpdateReplacePolicy',
  'Metadata',
  'CreationPolicy',
  'UpdatePolicy',
];
const PARAMETER_KEYS = [
  'Type',
  'Default',
  'AllowedValues',
  'AllowedPattern',
  'MinLength',
  'MaxLength',
  'MinValue',
  'MaxValue',
  'NoEcho',
  'Description',
  'ConstraintDescription',
];
const OUTPUT_KEYS = ['Value', 'Description', 'Condition', 'Export'];

const EC2_PARAMETER_TYPES = [
  'AWS::EC2::AvailabilityZone::Name',
  'AWS::EC2::Image::Id',
  'AWS::EC2::Instance::Id',
  'AWS::EC2::KeyPair::KeyName',
  'AWS::EC2::SecurityGroup::GroupName',
  'AWS::EC2::SecurityGroup::Id',
  'AWS::EC2::Subnet::Id',
  'AWS::EC2::Volume::Id',
  'AWS::EC2::VPC::Id',
  'AWS::Route53::HostedZone::Id',
];

export function isValidParameterType(type: string): boolean {
  if (['String', 'Number', 'List<Number>', 'CommaDelimitedList', 'AWS::SSM::Parameter::Name'].includes(type))
    return true;
  if (EC2_PARAMETER_TYPES.includes(type)) return true;
  const list = /^List<(.+)>$/.exec(type);
  if (list?.[1] && EC2_PARAMETER_TYPES.includes(list[1])) return true;
  const ssm = /^AWS::SSM::Parameter::Value<(.+)>$/.exec(type);
  if (ssm?.[1]) return isValidParameterType(ssm[1]) && !ssm[1].startsWith('AWS::SSM');
  return false;
}

export const INTRINSIC_FUNCTIONS = [
  'Ref',
  'Condition',
  'Fn::GetAtt',
  'Fn::Sub',
  'Fn::Join',
  'Fn::Select',
  'Fn::Split',
  'Fn::GetAZs',
  'Fn::FindInMap',
  'Fn::If',
  'Fn::Equals',
  'Fn::Not',
  'Fn::And',
  'Fn::Or',
  'Fn::Base64',
  'Fn::Cidr',
  'Fn::ImportValue',
];

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Parses and validates a template body. */
export function parseTemplate(body: string): ParsedTemplate {
  if (typeof body !== 'string' || body.trim() === '') {
    throw new TemplateError('Template format error: the template body is empty.');
  }
  const source = loadTemplateBody(body);
  const fail: Fail = (message, path) => {
    throw new TemplateError(message, at(source, path));
  };
  const root = source.value;
  if (!isObject(root)) {
    return fail(
      `Template format error: ${source.format} not well-formed. The template must be a mapping.`,
      [],
    );
  }
  checkTopLevel(root, fail);
  const sections = readSections(root, fail);
  const mappings = sections.Mappings as ParsedTemplate['mappings'];
  checkMappings(mappings, fail);
  const template: ParsedTemplate = {
    source,
    ...(typeof root.Description === 'string' ? { description: root.Description } : {}),
    parameters: parseParameters(sections.Parameters!, fail),
    mappings,
    conditions: sections.Conditions!,
    resources: parseResources(sections.Resources!, fail),
    outputs: parseOutputs(sections.Outputs!, fail),
  };
  checkReferences(template, fail);
  return template;
}

function checkTopLevel(root: Record<string, unknown>, fail: Fail): void {
  const unknown = Object.keys(root).filter((k) => !TOP_LEVEL.includes(k));
  if (unknown.length > 0) {
    fail(`Template format error: Invalid template property or properties [${unknown.join(', ')}]`, [
      unknown[0]!,
    ]);
  }
  const version = root.AWSTemplateFormatVersion;
  if (version !== undefined && String(version) !== '2010-09-09') {
    fail(
      `Template format error: '${String(version)}' is not a valid AWSTemplateFormatVersion; use 2010-09-09`,
      ['AWSTemplateFormatVersion'],
    );
  }
  if (root.Transform !== undefined) {
    fail(
      'Template format error: Transform (macros such as AWS::Serverless) is not supported by this sandbox',
      ['Transform'],
    );
  }
  if (root.Description !== undefined && typeof root.Description !== 'string') {
    fail('Template format error: Every Description member must be a string.', ['Description']);
  }
}

/** The five mapping sections, absent ones as empty mappings; at least one resource. */
function readSections(root: Record<string, unknown>, fail: Fail): Record<string, Record<string, unknown>> {
  const sections: Record<string, Record<string, unknown>> = {};
  for (const name of ['Parameters', 'Mappings', 'Conditions', 'Resources', 'Outputs']) {
    const section = root[name];
    if (section === undefined || section === null) {
      sections[name] = {};
    } else if (!isObject(section)) {
      fail(`Template format error: ${name} must be a mapping of names to declarations.`, [name]);
    } else {
      sections[name] = section;
    }
  }
  if (Object.keys(sections.Resources!).length === 0) {
    fail('Template format error: At least one Resources member must be defined.', ['Resources']);
  }
  return sections;
}

function parseParameters(section: Record<string, unknown>, fail: Fail): Record<string, ParameterDecl> {
  const parameters: Record<string, ParameterDecl> = {};
  for (const [name, decl] of Object.entries(section)) {
    const path = ['Parameters', name];
    if (!/^[A-Za-z0-9]+$/.test(name))
      fail(`Template format error: Parameter name ${name} is non alphanumeric.`, path);
    if (!isObject(decl)) return fail(`Template format error: Parameter ${name} must be a mapping.`, path);
    const bad = Object.keys(decl).filter((k) => !PARAMETER_KEYS.includes(k));
    if (bad.length > 0) fail(`Invalid template parameter property '${bad[0]}'`, [...path, bad[0]!]);
    if (typeof decl.Type !== 'string')
      fail(`Template format error: Every Parameters object must contain a Type member.`, path);
    if (!isValidParameterType(decl.Type as string)) {
      fail(`Template format error: Unrecognized parameter type: ${String(decl.Type)}`, [...path, 'Type']);
    }
    if (decl.AllowedValues !== undefined && !Array.isArray(decl.AllowedValues)) {
      fail(`Template format error: AllowedValues of parameter ${name} must be a list.`, [
        ...path,
        'AllowedValues',
      ]);
    }
    parameters[name] = decl as unknown as ParameterDecl;
  }
  return parameters;
}

function checkMappings(mappings: ParsedTemplate['mappings'], fail: Fail): void {
  for (const [name, map] of Object.entries(mappings)) {
    if (!isObject(map) || !Object.values(map).every(isObject)) {
      fail(`Template format error: Mapping ${name} must be a two-level mapping of keys to values.`, [
        'Mappings',
        name,
      ]);
    }
  }
}

/** Every resource declaration checked; unknown types are reported together, after the other checks. */
function parseResources(section: Record<string, unknown>, fail: Fail): Record<string, ResourceDecl> {
  const resources: Record<string, ResourceDecl> = {};
  const unknownTypes: { type: string; path: PathPart[] }[] = [];
  for (const [id, decl] of Object.entries(section)) {
    resources[id] = parseResource(id, decl, fail);
    const type = resources[id]!.Type;
    if (!type.startsWith('Custom::') && !isKnownResourceType(type))
      unknownTypes.push({ type, path: ['Resources', id, 'Type'] });
  }
  if (unknownTypes.length > 0) {
    fail(
      `Template format error: Unrecognized resource types: [${unknownTypes.map((u) => u.type).join(', ')}]`,
      unknownTypes[0]!.path,
    );
  }
  return resources;
}

function parseResource(id: string, decl: unknown, fail: Fail): ResourceDecl {
  const path = ['Resources', id];
  if (!/^[A-Za-z0-9]+$/.test(id))
    fail(`Template format error: Resource name ${id} is non alphanumeric.`, path);
  if (!isObject(decl) || typeof decl.Type !== 'string') {
    return fail(
      `Template format error: [/Resources/${id}] Every Resources object must contain a Type member.`,
      path,
    );
  }
  const bad = Object.keys(decl).filter((k) => !RESOURCE_KEYS.includes(k));
  if (bad.length > 0)
    fail(`Template format error: Invalid template resource property '${bad[0]}'`, [...path, bad[0]!]);
  if (decl.Properties !== undefined && decl.Properties !== null && !isObject(decl.Properties)) {
    fail(`Template format error: [/Resources/${id}/Properties] Properties must be a mapping.`, [
      ...path,
      'Properties',
    ]);
  }
  const dependsOn =
    decl.DependsOn === undefined ? [] : Array.isArray(decl.DependsOn) ? decl.DependsOn : [decl.DependsOn];
  if (!dependsOn.every((d) => typeof d === 'string')) {
    fail('Template format error: DependsOn must be a resource name or a list of them.', [
      ...path,
      'DependsOn',
    ]);
  }
  return {
    Type: decl.Type,
    Properties: (decl.Properties as Record<string, unknown> | undefined) ?? {},
    DependsOn: dependsOn as string[],
    ...(typeof decl.Condition === 'string' ? { Condition: decl.Condition } : {}),
    ...(typeof decl.DeletionPolicy === 'string' ? { DeletionPolicy: decl.DeletionPolicy } : {}),
    ...(decl.Metadata !== undefined ? { Metadata: decl.Metadata } : {}),
  };
}

function parseOutputs(section: Record<string, unknown>, fail: Fail): Record<string, OutputDecl> {
  const outputs: Record<string, OutputDecl> = {};
  for (const [name, decl] of Object.entries(section)) {
    const path = ['Outputs', name];
    if (!/^[A-Za-z0-9]+$/.test(name))
      fail(`Template format error: Output name ${name} is non alphanumeric.`, path);
    if (!isObject(decl) || decl.Value === undefined) {
      return fail('Template format error: Every Outputs member must contain a Value object', path);
    }
    const bad = Object.keys(decl).filter((k) => !OUTPUT_KEYS.includes(k));
    if (bad.length > 0)
      fail(`Template format error: Invalid template output property '${bad[0]}'`, [...path, bad[0]!]);
    if (decl.Export !== undefined && (!isObject(decl.Export) || decl.Export.Name === undefined)) {
      fail('Template format error: Output Export must contain a Name', [...path, 'Export']);
    }
    outputs[name] = decl as unknown as OutputDecl;
  }
  return outputs;
}

type Fail = (message: string, path: PathPart[]) => never;

/** Calls `visit` for every intrinsic function object inside `value`, with its path. */
export function visitIntrinsics(
  value: unknown,
  path: PathPart[],
  visit: (fn: string, arg: unknown, path: PathPart[]) => void,
): void {
  if (Array.isArray(value)) {
    for (const [i, v] of value.entries()) visitIntrinsics(v, [...path, i], visit);
    return;
  }
  if (!isObject(value)) return;
  const keys = Object.keys(value);
  if (keys.length === 1 && (keys[0] === 'Ref' || keys[0] === 'Condition' || keys[0]!.startsWith('Fn::'))) {
    const fn = keys[0]!;
    visit(fn, value[fn], [...path, fn]);
    visitIntrinsics(value[fn], [...path, fn], visit);
    return;
  }
  for (const k of keys) visitIntrinsics(value[k], [...path, k], visit);
}

/** The `${Name}` / `${Name.Attr}` variables of a Fn::Sub string, without `${!literal}` escapes. */
export function subVariables(text: string): string[] {
  const names: string[] = [];
  for (const m of text.matchAll(/\$\{([^}]*)\}/g)) {
    const name = (m[1] ?? '').trim();
    if (!name.startsWith('!')) names.push(name);
  }
  return names;
}

/** A visitor of intrinsic functions that fails on a reference to anything the template does not have. */
function referenceVisitor(
  t: ParsedTemplate,
  fail: Fail,
): (section: string, inConditions: boolean) => (fn: string, arg: unknown, path: PathPart[]) => void {
  const known = (name: string) =>
    name in t.parameters || name in t.resources || PSEUDO_PARAMETERS.includes(name);
  const checkGetAtt = (target: string, attr: string, path: PathPart[]) => {
    const resource = t.resources[target];
    if (!resource)
      fail(`Template error: instance of Fn::GetAtt references undefined resource ${target}`, path);
    const attrs = attributeNames(resource!.Type);
    if (attrs && attrs.length > 0 && !attrs.includes(attr) && !resource!.Type.startsWith('Custom::')) {
      fail(`Template error: resource ${target} does not support attribute type ${attr} in Fn::GetAtt`, path);
    }
  };
  const checkSub = (arg: unknown, path: PathPart[], section: string) => {
    const text = typeof arg === 'string' ? arg : Array.isArray(arg) ? arg[0] : undefined;
    const vars = Array.isArray(arg) && isObject(arg[1]) ? arg[1] : {};
    if (typeof text !== 'string')
      fail('Template error: Fn::Sub needs a string or a [string, {variables}] list', path);
    for (const name of subVariables(text as string)) {
      if (name in vars) continue;
      const dot = name.indexOf('.');
      if (dot > 0 && !PSEUDO_PARAMETERS.includes(name))
        checkGetAtt(name.slice(0, dot), name.slice(dot + 1), path);
      else if (!known(name))
        fail(
          `Template format error: Unresolved resource dependencies [${name}] in the ${section} block of the template`,
          path,
        );
    }
  };
  return (section: string, inConditions: boolean) =>
    (fn: string, arg: unknown, path: PathPart[]): void => {
      if (!INTRINSIC_FUNCTIONS.includes(fn))
        fail(`Template format error: Encountered unsupported function: ${fn}`, path);
      if (fn === 'Ref') {
        if (typeof arg !== 'string')
          fail('Template format error: Every Ref object must have a single String value.', path);
        const name = arg as string;
        if (inConditions && name in t.resources) {
          fail(
            `Template format error: Unresolved dependencies [${name}]. Cannot reference resources in the Conditions block of the template`,
            path,
          );
        }
        if (!known(name))
          fail(
            `Template format error: Unresolved resource dependencies [${name}] in the ${section} block of the template`,
            path,
          );
      } else if (fn === 'Fn::GetAtt') {
        const parts = typeof arg === 'string' ? arg.split(/\.(.*)/s, 2) : arg;
        if (!Array.isArray(parts) || parts.length !== 2 || typeof parts[0] !== 'string') {
          fail(
            'Template error: every Fn::GetAtt object requires two non-empty parameters, the resource name and the resource attribute',
            path,
          );
        }
        const [target, attr] = parts as [string, unknown];
        if (typeof attr === 'string') checkGetAtt(target, attr, path);
        else if (!t.resources[target])
          fail(`Template error: instance of Fn::GetAtt references undefined resource ${target}`, path);
      } else if (fn === 'Fn::Sub') {
        checkSub(arg, path, section);
      } else if (fn === 'Fn::If' || fn === 'Condition') {
        const name = fn === 'Condition' ? arg : Array.isArray(arg) ? arg[0] : undefined;
        if (typeof name !== 'string' || !(name in t.conditions)) {
          fail(`Template format error: Unresolved condition dependency ${String(name)} in ${fn}`, path);
        }
      } else if (fn === 'Fn::FindInMap') {
        if (!Array.isArray(arg) || arg.length !== 3)
          fail('Template error: Fn::FindInMap needs [MapName, TopLevelKey, SecondLevelKey]', path);
        const map = (arg as unknown[])[0];
        if (typeof map === 'string' && !(map in t.mappings))
          fail(`Template error: Unable to get mapping for ${map}`, path);
      }
    };
}

function checkReferences(t: ParsedTemplate, fail: Fail): void {
  const visitor = referenceVisitor(t, fail);
  for (const [name, cond] of Object.entries(t.conditions))
    visitIntrinsics(cond, ['Conditions', name], visitor('Conditions', true));
  for (const [id, r] of Object.entries(t.resources)) {
    const path: PathPart[] = ['Resources', id];
    visitIntrinsics(r.Properties, [...path, 'Properties'], visitor('Resources', false));
    for (const [i, d] of r.DependsOn.entries()) {
      if (!(d in t.resources)) {
        fail(
          `Template format error: Unresolved resource dependencies [${d}] in the Resources block of the template`,
          [...path, 'DependsOn', ...(r.DependsOn.length > 1 ? [i] : [])],
        );
      }
    }
    if (r.Condition !== undefined && !(r.Condition in t.conditions)) {
      fail(
        `Template format error: Unresolved dependencies [${r.Condition}]. Cannot find condition in the Conditions block`,
        [...path, 'Condition'],
      );
    }
  }
  for (const [name, o] of Object.entries(t.outputs)) {
    visitIntrinsics(o, ['Outputs', name], visitor('Outputs', false));
    if (o.Condition !== undefined && !(o.Condition in t.conditions)) {
      fail(
        `Template format error: Unresolved dependencies [${o.Condition}]. Cannot find condition in the Conditions block`,
        ['Outputs', name, 'Condition'],
      );
    }
  }
}
