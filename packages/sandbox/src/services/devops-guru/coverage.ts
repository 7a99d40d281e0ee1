import { AwsError, type Handler, type RequestContext } from '../../core/types';
import { type TableSummary, tableSummaries } from '../dynamodb/table-summaries';
import { type Coverage, closeAll, coverageIsOn, guruState, type TagBoundary } from './state';

/*
 * Resource coverage ("analysis coverage"): the whole account (CloudFormation StackNames ['*']), named
 * CloudFormation stacks, or tag boundaries (AppBoundaryKey starting with `devops-guru-`), in this region
 * only, as DevOps Guru offers. The sandbox analyses DynamoDB tables; a table belongs to a stack when it
 * carries the `aws:cloudformation:stack-name` tag that CloudFormation puts on what it creates.
 */

export interface CoveredTable {
  table: TableSummary;
  /** When the table became covered: the later of its creation and the coverage that includes it. */
  since: number;
  collection: { stacks?: string[]; tags?: TagBoundary[] };
}

function validation(message: string): AwsError {
  return new AwsError('ValidationException', message);
}

export function coveredTables(ctx: RequestContext): CoveredTable[] {
  const { coverage } = guruState(ctx);
  const out: CoveredTable[] = [];
  for (const table of tableSummaries(ctx)) {
    const covered = coverageOf(coverage, table);
    if (covered) out.push({ table, ...covered, since: Math.max(covered.since, table.createdAt) });
  }
  return out;
}

function coverageOf(c: Coverage, table: TableSummary): Omit<CoveredTable, 'table'> | undefined {
  const all = c.stacks['*'];
  if (all !== undefined) return { since: all, collection: { stacks: ['*'] } };
  const stack = table.tags['aws:cloudformation:stack-name'];
  const stackAdded = stack === undefined ? undefined : c.stacks[stack];
  if (stack !== undefined && stackAdded !== undefined)
    return { since: stackAdded, collection: { stacks: [stack] } };
  for (const t of c.tags) {
    const value = table.tags[t.AppBoundaryKey];
    if (value !== undefined && (t.TagValues.includes('*') || t.TagValues.includes(value)))
      return {
        since: t.addedAt,
        collection: { tags: [{ AppBoundaryKey: t.AppBoundaryKey, TagValues: t.TagValues }] },
      };
  }
  return undefined;
}

interface UpdateFilter {
  CloudFormation?: { StackNames?: string[] };
  Tags?: TagBoundary[];
}

const updateResourceCollection: Handler = (ctx, input) => {
  const action = input.Action as string;
  const filter = input.ResourceCollection as UpdateFilter;
  if (action !== 'ADD' && action !== 'REMOVE')
    throw validation(
      `Value '${action}' at 'action' failed to satisfy constraint: Member must satisfy enum value set: [ADD, REMOVE]`,
    );
  const stacks = filter.CloudFormation?.StackNames ?? [];
  const tags = filter.Tags ?? [];
  if (stacks.length > 0 && tags.length > 0)
    throw validation('Specify either CloudFormation stacks or tags in a resource collection, not both.');
  for (const name of stacks)
    if (!/^[a-zA-Z*]+[a-zA-Z0-9-]*$/.test(name) || name.length > 128)
      throw validation(
        `Value '${name}' at 'resourceCollection.cloudFormation.stackNames' failed to satisfy constraint: Member must satisfy regular expression pattern: ^[a-zA-Z*]+[a-zA-Z0-9-]*$`,
      );
  for (const t of tags)
    if (!t.AppBoundaryKey.toLowerCase().startsWith('devops-guru-'))
      throw validation(
        `The tag key ${t.AppBoundaryKey} is not valid: a DevOps Guru application boundary key must begin with the prefix devops-guru-.`,
      );
  const state = guruState(ctx);
  const now = ctx.now().getTime();
  const c = state.coverage;
  if (action === 'ADD') {
    if ((stacks.length > 0 && c.tags.length > 0) || (tags.length > 0 && Object.keys(c.stacks).length > 0))
      throw validation(
        'The resource collection already uses another type (CloudFormation stacks or tags); remove it first.',
      );
    for (const name of stacks) if (c.stacks[name] === undefined) c.stacks[name] = now;
    for (const t of tags) {
      const same = c.tags.find((x) => x.AppBoundaryKey === t.AppBoundaryKey);
      if (same) same.TagValues = [...new Set([...same.TagValues, ...t.TagValues])];
      else c.tags.push({ AppBoundaryKey: t.AppBoundaryKey, TagValues: [...t.TagValues], addedAt: now });
    }
  } else {
    for (const name of stacks) delete c.stacks[name];
    for (const t of tags) {
      const same = c.tags.find((x) => x.AppBoundaryKey === t.AppBoundaryKey);
      if (!same) continue;
      same.TagValues = same.TagValues.filter((v) => !t.TagValues.includes(v));
      if (same.TagValues.length === 0) c.tags.splice(c.tags.indexOf(same), 1);
    }
  }
  forgetUncovered(ctx, now);
  return {};
};

/**
 * Resources no longer covered lose what was learned about them (a later coverage learns anew) and their
 * open insights close: switching analysis off and on is how DevOps Guru is made to re-learn a baseline.
 */
function forgetUncovered(ctx: RequestContext, now: number): void {
  const state = guruState(ctx);
  const covered = new Set(coveredTables(ctx).map((c) => c.table.TableArn));
  for (const arn of Object.keys(state.watches)) {
    if (covered.has(arn)) continue;
    closeAll(state, arn, now);
    delete state.watches[arn];
  }
  if (!coverageIsOn(state.coverage)) state.watches = {};
}

const getResourceCollection: Handler = (ctx, input) => {
  const { coverage } = guruState(ctx);
  switch (input.ResourceCollectionType) {
    case 'AWS_CLOUD_FORMATION':
      return { ResourceCollection: { CloudFormation: { StackNames: Object.keys(coverage.stacks).sort() } } };
    case 'AWS_TAGS':
      return {
        ResourceCollection: {
          Tags: coverage.tags.map((t) => ({ AppBoundaryKey: t.AppBoundaryKey, TagValues: t.TagValues })),
        },
      };
    case 'AWS_SERVICE':
      return { ResourceCollection: {} };
    default:
      throw validation(
        `Value '${input.ResourceCollectionType}' at 'resourceCollectionType' failed to satisfy constraint: Member must satisfy enum value set: [AWS_CLOUD_FORMATION, AWS_SERVICE, AWS_TAGS]`,
      );
  }
};

export const coverageOperations: Record<string, Handler> = {
  UpdateResourceCollection: updateResourceCollection,
  GetResourceCollection: getResourceCollection,
};
