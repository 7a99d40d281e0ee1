/**
 * Evaluates intrinsic functions, pseudo parameters and conditions over a template value, once the parameters
 * are resolved and the referenced resources exist. `AWS::NoValue` removes the property or list item it sits in.
 */
import { AwsError } from '../../../core/types';
import type { ParsedTemplate } from './parse';
import { formatPath, type PathPart } from './paths';

export interface ResourceValues {
  physicalId: string;
  attributes: Record<string, unknown>;
}

export interface EvalEnv {
  template: ParsedTemplate;
  /** What `Ref` of each parameter gives: a string, or a list for List<…>/CommaDelimitedList. */
  parameters: Record<string, string | string[]>;
  accountId: string;
  region: string;
  stackName: string;
  stackId: string;
  /** Resources created so far. */
  resources: Record<string, ResourceValues | undefined>;
  /** Availability zones for Fn::GetAZs. */
  azs: string[];
  /** Value of an export of this account and region (Fn::ImportValue). */
  importValue(name: string): string | undefined;
  /** Filled in by evaluateConditions. */
  conditions?: Record<string, boolean>;
}

const NO_VALUE: unique symbol = Symbol('AWS::NoValue');

export class IntrinsicError extends AwsError {
  constructor(message: string, path: readonly PathPart[]) {
    super('ValidationError', message, path.length ? { hint: `at ${formatPath(path)}` } : {});
  }
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function pseudo(env: EvalEnv, name: string): unknown {
  switch (name) {
    case 'AWS::AccountId':
      return env.accountId;
    case 'AWS::Region':
      return env.region;
    case 'AWS::StackName':
      return env.stackName;
    case 'AWS::StackId':
      return env.stackId;
    case 'AWS::Partition':
      return env.region.startsWith('cn-') ? 'aws-cn' : 'aws';
    case 'AWS::URLSuffix':
      return env.region.startsWith('cn-') ? 'amazonaws.com.cn' : 'amazonaws.com';
    case 'AWS::NotificationARNs':
      return [];
    case 'AWS::NoValue':
      return NO_VALUE;
    default:
      return undefined;
  }
}

function scalarString(v: unknown, what: string, path: readonly PathPart[]): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  throw new IntrinsicError(`Template error: ${what} must resolve to a string`, path);
}

function list(v: unknown, what: string, path: readonly PathPart[]): unknown[] {
  if (!Array.isArray(v)) throw new IntrinsicError(`Template error: ${what} must resolve to a list`, path);
  return v;
}

/** Evaluates every condition of the template (they may refer to each other). */
export function evaluateConditions(env: EvalEnv): Record<string, boolean> {
  const results: Record<string, boolean> = {};
  const active = new Set<string>();
  const conditions = env.template.conditions;
  const get = (name: string, path: readonly PathPart[]): boolean => {
    if (name in results) return results[name]!;
    if (!(name in conditions))
      throw new IntrinsicError(`Template format error: Unresolved condition dependency ${name}`, path);
    if (active.has(name))
      throw new IntrinsicError(`Template error: circular condition dependency involving ${name}`, path);
    active.add(name);
    const value = evaluate(conditions[name], { ...env, conditions: lazy }, ['Conditions', name]);
    active.delete(name);
    if (typeof value !== 'boolean') {
      throw new IntrinsicError(
        `Template error: condition ${name} must be built from Fn::Equals, Fn::And, Fn::Or, Fn::Not or Condition`,
        ['Conditions', name],
      );
    }
    results[name] = value;
    return value;
  };
  const lazy = new Proxy({} as Record<string, boolean>, {
    get: (_t, name) => (typeof name === 'string' ? get(name, ['Conditions']) : undefined),
    has: (_t, name) => typeof name === 'string' && name in conditions,
  });
  for (const name of Object.keys(conditions)) get(name, ['Conditions', name]);
  return results;
}

/** Evaluates a template value; the result has no intrinsic functions left and no AWS::NoValue. */
export function evaluate(value: unknown, env: EvalEnv, path: PathPart[]): unknown {
  const out = evalAny(value, env, path);
  return out === NO_VALUE ? undefined : out;
}

function evalAny(value: unknown, env: EvalEnv, path: PathPart[]): unknown {
  if (Array.isArray(value)) {
    return value.map((v, i) => evalAny(v, env, [...path, i])).filter((v) => v !== NO_VALUE);
  }
  if (!isObject(value)) return value;
  const keys = Object.keys(value);
  if (keys.length === 1 && (keys[0] === 'Ref' || keys[0] === 'Condition' || keys[0]!.startsWith('Fn::'))) {
    return evalFunction(keys[0]!, value[keys[0]!], env, [...path, keys[0]!]);
  }
  const out: Record<string, unknown> = {};
  for (const k of keys) {
    const v = evalAny(value[k], env, [...path, k]);
    if (v !== NO_VALUE) out[k] = v;
  }
  return out;
}

function ref(name: string, env: EvalEnv, path: PathPart[]): unknown {
  const p = pseudo(env, name);
  if (p !== undefined) return p;
  if (name in env.parameters) return env.parameters[name];
  if (name in env.template.resources) {
    const r = env.resources[name];
    if (!r)
      throw new IntrinsicError(
        `Template error: resource ${name} has not been created (it may be excluded by its Condition)`,
        path,
      );
    return r.physicalId;
  }
  throw new IntrinsicError(
    `Template format error: Unresolved resource dependencies [${name}] in the Resources block of the template`,
    path,
  );
}

function getAtt(target: string, attr: string, env: EvalEnv, path: PathPart[]): unknown {
  const r = env.resources[target];
  if (!r)
    throw new IntrinsicError(
      `Template error: instance of Fn::GetAtt references undefined resource ${target}`,
      path,
    );
  const v = r.attributes[attr];
  if (v === undefined) {
    throw new IntrinsicError(
      `Template error: attribute ${attr} of resource ${target} is not available in this sandbox`,
      path,
    );
  }
  return v;
}

function ipv4ToInt(ip: string): number | undefined {
  const parts = ip.split('.').map(Number);
  if (parts.length !== 4 || parts.some((p) => !Number.isInteger(p) || p < 0 || p > 255)) return undefined;
  return ((parts[0]! << 24) >>> 0) + (parts[1]! << 16) + (parts[2]! << 8) + parts[3]!;
}

function intToIpv4(n: number): string {
  return [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.');
}

/** Fn::Cidr: the first `count` subnets with `cidrBits` host bits carved out of `block`. */
export function cidrSubnets(block: string, count: number, cidrBits: number): string[] | undefined {
  const [ip, prefixText] = block.split('/');
  const base = ipv4ToInt(ip ?? '');
  const prefix = Number(prefixText);
  if (base === undefined || !Number.isInteger(prefix) || prefix < 0 || prefix > 32) return undefined;
  const newPrefix = 32 - cidrBits;
  if (cidrBits < 0 || newPrefix < prefix || count < 1 || count > 256) return undefined;
  if (count > 2 ** (newPrefix - prefix)) return undefined;
  const size = 2 ** cidrBits;
  const start = prefix === 0 ? 0 : (base & (0xffffffff << (32 - prefix))) >>> 0;
  return Array.from({ length: count }, (_, i) => `${intToIpv4(start + i * size)}/${newPrefix}`);
}

/** Fn::If and the condition functions, apart from the functions that compute values. */
const CONDITION_FUNCTIONS = new Set(['Fn::If', 'Fn::Equals', 'Fn::Not', 'Fn::And', 'Fn::Or']);

function evalFunction(fn: string, rawArg: unknown, env: EvalEnv, path: PathPart[]): unknown {
  return CONDITION_FUNCTIONS.has(fn)
    ? evalCondition(fn, rawArg, env, path)
    : evalValue(fn, rawArg, env, path);
}

function evalCondition(fn: string, rawArg: unknown, env: EvalEnv, path: PathPart[]): unknown {
  switch (fn) {
    case 'Fn::If': {
      const arr = list(rawArg, 'Fn::If', path);
      if (arr.length !== 3)
        throw new IntrinsicError(
          'Template error: Fn::If needs [condition, value if true, value if false]',
          path,
        );
      const name = scalarString(arr[0], 'Fn::If condition', path);
      const chosen = env.conditions?.[name];
      if (chosen === undefined)
        throw new IntrinsicError(
          `Template format error: Unresolved condition dependency ${name} in Fn::If`,
          path,
        );
      return chosen ? evalAny(arr[1], env, [...path, 1]) : evalAny(arr[2], env, [...path, 2]);
    }
    case 'Fn::Equals': {
      const arr = list(rawArg, 'Fn::Equals', path);
      if (arr.length !== 2)
        throw new IntrinsicError('Template error: Fn::Equals needs exactly two values', path);
      const [a, b] = arr.map((v, i) => evalAny(v, env, [...path, i]));
      return (
        JSON.stringify(typeof a === 'number' ? String(a) : a) ===
        JSON.stringify(typeof b === 'number' ? String(b) : b)
      );
    }
    case 'Fn::Not': {
      const arr = list(rawArg, 'Fn::Not', path);
      const v = evalAny(arr[0], env, [...path, 0]);
      if (arr.length !== 1 || typeof v !== 'boolean')
        throw new IntrinsicError('Template error: Fn::Not needs one condition', path);
      return !v;
    }
    case 'Fn::And':
    case 'Fn::Or': {
      const arr = list(rawArg, fn, path);
      if (arr.length < 2 || arr.length > 10)
        throw new IntrinsicError(`Template error: ${fn} needs between 2 and 10 conditions`, path);
      const values = arr.map((v, i) => evalAny(v, env, [...path, i]));
      if (!values.every((v) => typeof v === 'boolean'))
        throw new IntrinsicError(`Template error: ${fn} takes only conditions`, path);
      return fn === 'Fn::And' ? values.every(Boolean) : values.some(Boolean);
    }
    default:
      throw new IntrinsicError(`Template format error: Encountered unsupported function: ${fn}`, path);
  }
}

function evalValue(fn: string, rawArg: unknown, env: EvalEnv, path: PathPart[]): unknown {
  switch (fn) {
    case 'Ref':
      return ref(scalarString(rawArg, 'Ref', path), env, path);
    case 'Condition': {
      const name = scalarString(rawArg, 'Condition', path);
      const value = env.conditions?.[name];
      if (value === undefined)
        throw new IntrinsicError(`Template format error: Unresolved condition dependency ${name}`, path);
      return value;
    }
    case 'Fn::GetAtt': {
      const parts = typeof rawArg === 'string' ? rawArg.split(/\.(.*)/s, 2) : rawArg;
      const arr = list(parts, 'Fn::GetAtt', path);
      const attr = scalarString(evalAny(arr[1], env, [...path, 1]), 'Fn::GetAtt attribute', path);
      return getAtt(scalarString(arr[0], 'Fn::GetAtt resource', path), attr, env, path);
    }
    case 'Fn::Sub':
      return sub(rawArg, env, path);
    case 'Fn::Join':
      return join(rawArg, env, path);
    case 'Fn::Select':
      return select(rawArg, env, path);
    case 'Fn::Split': {
      const arr = list(rawArg, 'Fn::Split', path);
      const delimiter = scalarString(arr[0], 'Fn::Split delimiter', path);
      return scalarString(evalAny(arr[1], env, [...path, 1]), 'Fn::Split source', path).split(delimiter);
    }
    case 'Fn::GetAZs': {
      const region = scalarString(evalAny(rawArg ?? '', env, path), 'Fn::GetAZs region', path);
      if (region !== '' && region !== env.region) return [];
      return [...env.azs];
    }
    case 'Fn::FindInMap':
      return findInMap(rawArg, env, path);
    case 'Fn::Base64':
      return Buffer.from(scalarString(evalAny(rawArg, env, path), 'Fn::Base64', path), 'utf8').toString(
        'base64',
      );
    case 'Fn::Cidr':
      return cidr(rawArg, env, path);
    case 'Fn::ImportValue': {
      const name = scalarString(evalAny(rawArg, env, path), 'Fn::ImportValue', path);
      const value = env.importValue(name);
      if (value === undefined) throw new IntrinsicError(`No export named ${name} found.`, path);
      return value;
    }
    default:
      throw new IntrinsicError(`Template format error: Encountered unsupported function: ${fn}`, path);
  }
}

/** `Fn::Join`: [delimiter, [values]], every value a string. */
function join(rawArg: unknown, env: EvalEnv, path: PathPart[]): string {
  const arr = list(rawArg, 'Fn::Join', path);
  if (arr.length !== 2)
    throw new IntrinsicError('Template error: Fn::Join needs [delimiter, [values]]', path);
  const delimiter = scalarString(arr[0], 'Fn::Join delimiter', path);
  const items = list(evalAny(arr[1], env, [...path, 1]), 'Fn::Join values', path);
  return items.map((v, i) => scalarString(v, `Fn::Join value ${i}`, path)).join(delimiter);
}

/** `Fn::Select`: [index, list], failing as CloudFormation does on an index out of range. */
function select(rawArg: unknown, env: EvalEnv, path: PathPart[]): unknown {
  const arr = list(rawArg, 'Fn::Select', path);
  const index = Number(evalAny(arr[0], env, [...path, 0]));
  const items = list(evalAny(arr[1], env, [...path, 1]), 'Fn::Select list', path);
  if (!Number.isInteger(index) || index < 0 || index >= items.length) {
    throw new IntrinsicError(
      `Template error: Fn::Select cannot select nonexistent value at index ${String(arr[0])}`,
      path,
    );
  }
  return items[index];
}

/** `Fn::FindInMap`: [map, top-level key, second-level key]. */
function findInMap(rawArg: unknown, env: EvalEnv, path: PathPart[]): unknown {
  const arr = list(rawArg, 'Fn::FindInMap', path).map((v, i) => evalAny(v, env, [...path, i]));
  const [map, top, second] = arr.map((v) => scalarString(v, 'Fn::FindInMap key', path));
  const value = env.template.mappings[map!]?.[top!]?.[second!];
  if (value === undefined) {
    throw new IntrinsicError(`Template error: Unable to get mapping for ${map}::${top}::${second}`, path);
  }
  return value;
}

/** `Fn::Cidr`: [ipBlock, count, cidrBits], the subnets carved from the block. */
function cidr(rawArg: unknown, env: EvalEnv, path: PathPart[]): unknown {
  const arr = list(rawArg, 'Fn::Cidr', path).map((v, i) => evalAny(v, env, [...path, i]));
  const block = scalarString(arr[0], 'Fn::Cidr ipBlock', path);
  const result = cidrSubnets(block, Number(arr[1]), Number(arr[2]));
  if (!result)
    throw new IntrinsicError(
      `Template error: Fn::Cidr cannot carve ${String(arr[1])} subnets of ${String(arr[2])} bits from ${block}`,
      path,
    );
  return result;
}

function sub(rawArg: unknown, env: EvalEnv, path: PathPart[]): string {
  const text = typeof rawArg === 'string' ? rawArg : Array.isArray(rawArg) ? rawArg[0] : undefined;
  if (typeof text !== 'string')
    throw new IntrinsicError('Template error: Fn::Sub needs a string or a [string, {variables}] list', path);
  const localRaw = Array.isArray(rawArg) && isObject(rawArg[1]) ? rawArg[1] : {};
  const local: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(localRaw)) local[k] = evalAny(v, env, [...path, 1, k]);
  return text.replace(/\$\{([^}]*)\}/g, (_all, inner: string) => {
    const name = inner.trim();
    if (name.startsWith('!')) return `\${${name.slice(1)}}`;
    if (name in local) return scalarString(local[name], `Fn::Sub variable ${name}`, path);
    const dot = name.indexOf('.');
    if (dot > 0 && pseudo(env, name) === undefined) {
      return scalarString(getAtt(name.slice(0, dot), name.slice(dot + 1), env, path), `\${${name}}`, path);
    }
    return scalarString(ref(name, env, path), `\${${name}}`, path);
  });
}
