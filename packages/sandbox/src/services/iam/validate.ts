import { AwsError } from '../../core/types';
import type { Tag } from './state';

/**
 * Input checks with IAM's own ValidationError wording ("1 validation error detected: Value 'x' at 'userName'
 * failed to satisfy constraint: ..."). Patterns and lengths come from the IAM API model.
 */

export const NAME_PATTERN = '[\\w+=,.@-]+';
const NAME_RE = /^[\w+=,.@-]+$/;
const PATH_RE = /^(\/|\/[\u0021-\u007F]+\/)$/;
const PATH_PREFIX_RE = /^\/[\u0021-\u007F]*$/;
const POLICY_PATH_RE = /^((\/[A-Za-z0-9.,+@=_-]+)*)\/$/;
const DOCUMENT_RE = /^[\u0009\u000A\u000D\u0020-\u00FF]+$/;

/** `UserName` → `userName`: how IAM names members in validation messages. */
const memberLabel = (member: string) => member.charAt(0).toLowerCase() + member.slice(1);

export function validationError(member: string, value: unknown, constraint: string): AwsError {
  const shown = value === undefined || value === null ? 'null' : `'${String(value)}'`;
  return new AwsError(
    'ValidationError',
    `1 validation error detected: Value ${shown} at '${memberLabel(member)}' failed to satisfy constraint: ${constraint}`,
  );
}

export function requireString(input: Record<string, unknown>, member: string): string {
  const value = input[member];
  if (value === undefined || value === null || value === '') {
    throw validationError(member, undefined, 'Member must not be null');
  }
  return String(value);
}

export function checkLength(member: string, value: string, min: number, max: number): void {
  if (value.length < min) {
    throw validationError(member, value, `Member must have length greater than or equal to ${min}`);
  }
  if (value.length > max)
    throw validationError(member, value, `Member must have length less than or equal to ${max}`);
}

/** A required entity name (user, group, role, policy, instance profile). */
export function requireName(input: Record<string, unknown>, member: string, max: number): string {
  const value = requireString(input, member);
  checkLength(member, value, 1, max);
  if (!NAME_RE.test(value)) {
    throw validationError(member, value, `Member must satisfy regular expression pattern: ${NAME_PATTERN}`);
  }
  return value;
}

export function optionalPath(input: Record<string, unknown>, member = 'Path'): string {
  const value = input[member];
  if (value === undefined || value === null || value === '') return '/';
  const path = String(value);
  checkLength(member, path, 1, 512);
  if (!PATH_RE.test(path)) {
    throw validationError(
      member,
      path,
      'Member must satisfy regular expression pattern: (\\u002F)|(\\u002F[\\u0021-\\u007F]+\\u002F)',
    );
  }
  return path;
}

export function optionalPolicyPath(input: Record<string, unknown>): string {
  const value = input.Path;
  if (value === undefined || value === null || value === '') return '/';
  const path = String(value);
  checkLength('Path', path, 1, 512);
  if (!POLICY_PATH_RE.test(path)) {
    throw validationError(
      'Path',
      path,
      'Member must satisfy regular expression pattern: ((/[A-Za-z0-9\\.,\\+@=_-]+)*)/',
    );
  }
  return path;
}

export function optionalPathPrefix(input: Record<string, unknown>, member = 'PathPrefix'): string {
  const value = input[member];
  if (value === undefined || value === null || value === '') return '/';
  const prefix = String(value);
  checkLength(member, prefix, 1, 512);
  if (!PATH_PREFIX_RE.test(prefix)) {
    throw validationError(
      member,
      prefix,
      'Member must satisfy regular expression pattern: \\u002F[\\u0021-\\u007F]*',
    );
  }
  return prefix;
}

export function requireDocument(input: Record<string, unknown>, member: string): string {
  const value = requireString(input, member);
  checkLength(member, value, 1, 131072);
  if (!DOCUMENT_RE.test(value)) {
    throw validationError(
      member,
      value,
      'Member must satisfy regular expression pattern: [\\u0009\\u000A\\u000D\\u0020-\\u00FF]+',
    );
  }
  return value;
}

export function requireArn(input: Record<string, unknown>, member: string): string {
  const value = requireString(input, member);
  checkLength(member, value, 20, 2048);
  if (!/^arn:aws[a-z-]*:[a-z0-9-]+:[a-z0-9-]*:(\d{12}|aws)?:.+$/.test(value)) {
    throw new AwsError('InvalidInput', `ARN ${value} is not valid.`);
  }
  return value;
}

const TAG_KEY_RE = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]+$/u;
const TAG_VALUE_RE = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u;

export function parseTags(value: unknown, member = 'Tags'): Tag[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw validationError(member, value, 'Member must be a list');
  if (value.length > 50)
    throw validationError(member, '[...]', 'Member must have length less than or equal to 50');
  const seen = new Set<string>();
  return value.map((raw: Record<string, unknown>) => {
    const Key = String(raw?.Key ?? '');
    const Value = String(raw?.Value ?? '');
    if (!Key) throw validationError(`${member}.member.key`, undefined, 'Member must not be null');
    if (Key.length > 128 || !TAG_KEY_RE.test(Key)) {
      throw validationError(
        `${member}.member.key`,
        Key,
        'Member must satisfy regular expression pattern: [\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]+',
      );
    }
    if (Value.length > 256 || !TAG_VALUE_RE.test(Value)) {
      throw validationError(
        `${member}.member.value`,
        Value,
        'Member must satisfy regular expression pattern: [\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*',
      );
    }
    if (seen.has(Key.toLowerCase()))
      throw new AwsError(
        'InvalidInput',
        'Duplicate tag keys found. Please note that Tag keys are case insensitive.',
      );
    seen.add(Key.toLowerCase());
    return { Key, Value };
  });
}

/** Merges new tags into existing ones (keys compare case-insensitively); 50 at most, as AWS allows. */
export function mergeTags(existing: Tag[], added: Tag[]): Tag[] {
  const out = existing.map((t) => ({ ...t }));
  for (const tag of added) {
    const i = out.findIndex((t) => t.Key.toLowerCase() === tag.Key.toLowerCase());
    if (i >= 0) out[i] = tag;
    else out.push(tag);
  }
  if (out.length > 50)
    throw new AwsError('LimitExceeded', 'The number of tags has reached the maximum limit.');
  return out;
}

export function toBoolean(value: unknown): boolean | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value === 'boolean') return value;
  return String(value).toLowerCase() === 'true';
}

export function toInteger(member: string, value: unknown, min: number, max: number): number | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  const n = Number(value);
  if (!Number.isInteger(n)) throw validationError(member, value, 'Member must be an integer');
  if (n < min) throw validationError(member, n, `Member must have value greater than or equal to ${min}`);
  if (n > max) throw validationError(member, n, `Member must have value less than or equal to ${max}`);
  return n;
}

/** A policy's size as IAM's quotas count it: characters, white space not counted. */
export const policySize = (document: string) => document.replace(/\s/g, '').length;
