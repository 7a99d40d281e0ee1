import { AwsError, type Handler } from '../../core/types';
import { invalidParameterValue, notFound, stringList } from './errors';
import { applyFilters, type Filter } from './filters';
import { paginate } from './pagination';
import type { Ec2State, TagRecord } from './state';

/** The resource type EC2 reports for an id, by its prefix. */
const TYPES: Record<string, string> = {
  vpc: 'vpc',
  subnet: 'subnet',
  igw: 'internet-gateway',
  rtb: 'route-table',
  pcx: 'vpc-peering-connection',
  sg: 'security-group',
  sgr: 'security-group-rule',
  key: 'key-pair',
  i: 'instance',
  eni: 'network-interface',
  vol: 'volume',
};

/** Code-point order, as EC2 sorts: `Name` before `env`. */
function ordinal(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function resourceTypeOf(id: string): string | undefined {
  return TYPES[id.slice(0, id.lastIndexOf('-'))];
}

function exists(state: Ec2State, id: string): boolean {
  const type = resourceTypeOf(id);
  if (type === 'key-pair') return Object.values(state.keyPairs).some((k) => k.KeyPairId === id);
  if (type === 'security-group-rule')
    return Object.values(state.securityGroups).some((g) => g.Rules.some((r) => r.SecurityGroupRuleId === id));
  const tables: Record<string, Record<string, unknown>> = {
    vpc: state.vpcs,
    subnet: state.subnets,
    'internet-gateway': state.internetGateways,
    'route-table': state.routeTables,
    'vpc-peering-connection': state.peerings,
    'security-group': state.securityGroups,
    instance: state.instances,
  };
  return type !== undefined && tables[type]?.[id] !== undefined;
}

function checkTag(tag: { Key?: unknown; Value?: unknown }, fromCloudFormation: boolean): TagRecord {
  const key = String(tag.Key ?? '');
  const value = tag.Value === undefined || tag.Value === null ? '' : String(tag.Value);
  if (key === '') throw invalidParameterValue('Tag key cannot be empty.');
  if (key.length > 128) throw invalidParameterValue(`Tag key exceeds the maximum length of 128 characters`);
  if (value.length > 256)
    throw invalidParameterValue(`Tag value exceeds the maximum length of 256 characters`);
  if (
    key.toLowerCase().startsWith('aws:') &&
    !(fromCloudFormation && key.startsWith('aws:cloudformation:'))
  ) {
    throw invalidParameterValue(`Tag keys starting with 'aws:' are reserved for internal use`);
  }
  return { Key: key, Value: value };
}

/** Sets tags on a resource, replacing values of existing keys, as CreateTags does. */
export function putTags(state: Ec2State, id: string, tags: TagRecord[]): void {
  const current = state.tags[id] ?? [];
  for (const tag of tags) {
    const existing = current.find((t) => t.Key === tag.Key);
    if (existing) existing.Value = tag.Value;
    else current.push({ ...tag });
  }
  if (current.length > 50)
    throw new AwsError('TagLimitExceeded', `The maximum number of tags per resource is 50`);
  state.tags[id] = current;
}

export function tagsOf(state: Ec2State, id: string): TagRecord[] {
  return (state.tags[id] ?? []).map((t) => ({ ...t }));
}

/** `Tags` for an output: present only when the resource has any, as EC2 prints it. */
export function tagsMember(state: Ec2State, id: string): { Tags?: TagRecord[] } {
  const tags = tagsOf(state, id);
  return tags.length > 0 ? { Tags: tags } : {};
}

/**
 * Tags from a create operation's TagSpecifications for the given resource types. CloudFormation passes its
 * aws:cloudformation:stack-name / logical-id / stack-id tags this way, so those `aws:` keys are accepted here
 * (and nowhere else).
 */
export function tagsFromSpecifications(specs: unknown, allowed: string[], resourceType: string): TagRecord[] {
  const list = (Array.isArray(specs) ? specs : []) as {
    ResourceType?: string;
    Tags?: { Key?: string; Value?: string }[];
  }[];
  const out: TagRecord[] = [];
  for (const spec of list) {
    const type = spec.ResourceType ?? '';
    if (!allowed.includes(type)) {
      throw invalidParameterValue(`'${type}' is not a valid taggable resource type for this operation.`);
    }
    if (type !== resourceType) continue;
    for (const tag of spec.Tags ?? []) out.push(checkTag(tag, true));
  }
  return out;
}

export function applyTagSpecifications(
  state: Ec2State,
  id: string,
  specs: unknown,
  resourceType: string,
  allowed: string[] = [resourceType],
): void {
  const tags = tagsFromSpecifications(specs, allowed, resourceType);
  if (tags.length > 0) putTags(state, id, tags);
}

export function tagOperations(state: (ctx: Parameters<Handler>[0]) => Ec2State): Record<string, Handler> {
  return {
    CreateTags(ctx, input) {
      const s = state(ctx);
      const ids = stringList(input.Resources);
      const tags = ((input.Tags ?? []) as { Key?: string; Value?: string }[]).map((t) => checkTag(t, false));
      for (const id of ids) {
        if (!exists(s, id)) {
          const kind = id.slice(0, id.lastIndexOf('-'));
          if (['vpc', 'subnet', 'igw', 'rtb', 'pcx', 'sg', 'i', 'key'].includes(kind))
            throw notFound(kind as 'vpc', id);
          throw new AwsError('InvalidID', `The ID '${id}' is not valid`);
        }
      }
      for (const id of ids) putTags(s, id, tags);
      return {};
    },
    DeleteTags(ctx, input) {
      const s = state(ctx);
      const ids = stringList(input.Resources);
      const tags = (input.Tags ?? []) as { Key?: string; Value?: string }[];
      for (const id of ids) {
        if (!exists(s, id)) throw new AwsError('InvalidID', `The ID '${id}' is not valid`);
        if (tags.length === 0) {
          delete s.tags[id];
          continue;
        }
        // A tag given with a value is removed only when the value matches; without one, whatever its value.
        s.tags[id] = (s.tags[id] ?? []).filter(
          (t) => !tags.some((d) => d.Key === t.Key && (d.Value === undefined || d.Value === t.Value)),
        );
      }
      return {};
    },
    DescribeTags(ctx, input) {
      const s = state(ctx);
      const rows = Object.entries(s.tags)
        .filter(([id]) => exists(s, id))
        .flatMap(([id, tags]) =>
          tags.map((t) => ({
            Key: t.Key,
            ResourceId: id,
            ResourceType: resourceTypeOf(id) ?? 'unknown',
            Value: t.Value,
          })),
        )
        .sort((a, b) => ordinal(a.ResourceId, b.ResourceId) || ordinal(a.Key, b.Key));
      const filtered = applyFilters(rows, input.Filters as Filter[] | undefined, {
        key: (r) => r.Key,
        value: (r) => r.Value,
        'resource-id': (r) => r.ResourceId,
        'resource-type': (r) => r.ResourceType,
      });
      const { page, NextToken } = paginate(filtered, input, { min: 5, max: 1000, cap: ctx.pageSize });
      return { Tags: page, ...(NextToken ? { NextToken } : {}) };
    },
  };
}
