import { AwsError } from '../../core/types';
import type { TagRecord } from './state';

/**
 * EC2's Filter.N.Name / Filter.N.Value.M semantics, for every Describe operation: values of one filter are
 * OR'ed, filters are AND'ed, `*` and `?` are wildcards (`\` escapes them), `tag:<key>`, `tag-key` and
 * `tag-value` work wherever the resource has tags. An unknown filter name is refused, as EC2 does.
 */

export interface Filter {
  Name?: string;
  Values?: string[];
}

type Scalar = string | number | boolean | undefined | null;
export type FilterResolvers<T> = Record<string, (item: T) => Scalar | Scalar[]>;

function wildcard(pattern: string): RegExp {
  let out = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === '\\' && i + 1 < pattern.length) out += pattern[++i]!.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    else if (c === '*') out += '.*';
    else if (c === '?') out += '.';
    else out += c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${out}$`, 's');
}

function matchesAny(actual: Scalar | Scalar[], patterns: RegExp[]): boolean {
  const values = (Array.isArray(actual) ? actual : [actual]).filter((v) => v !== undefined && v !== null);
  return values.some((v) => patterns.some((p) => p.test(String(v))));
}

export function applyFilters<T>(
  items: T[],
  filters: Filter[] | undefined,
  resolvers: FilterResolvers<T>,
  tagsOf?: (item: T) => TagRecord[] | undefined,
): T[] {
  if (!filters || filters.length === 0) return items;
  const tests = filters.map((filter) => {
    const name = filter.Name ?? '';
    const patterns = (filter.Values ?? []).map(wildcard);
    if (tagsOf && name.startsWith('tag:')) {
      const key = name.slice(4);
      return (item: T) =>
        (tagsOf(item) ?? []).some((t) => t.Key === key && patterns.some((p) => p.test(t.Value)));
    }
    if (tagsOf && name === 'tag-key')
      return (item: T) =>
        matchesAny(
          (tagsOf(item) ?? []).map((t) => t.Key),
          patterns,
        );
    if (tagsOf && name === 'tag-value')
      return (item: T) =>
        matchesAny(
          (tagsOf(item) ?? []).map((t) => t.Value),
          patterns,
        );
    const resolve = resolvers[name];
    if (!resolve) throw new AwsError('InvalidParameterValue', `The filter '${name}' is invalid`);
    return (item: T) => matchesAny(resolve(item), patterns);
  });
  return items.filter((item) => tests.every((test) => test(item)));
}
