/** The read operations: DescribeStacks, DescribeStackEvents, stack resources, ListStacks, GetTemplate, ValidateTemplate. */
import type { RequestContext } from '../../core/types';
import { requiredCapability, templateBodyOf } from './prepare';
import type { Props } from './providers/types';
import { findStack } from './stacks';
import { cloudFormationState, type StackRecord } from './state';
import { validationError } from './template/errors';
import { dependencyGraph } from './template/graph';
import { parseTemplate } from './template/parse';
import { describeStack, eventView, isDeleted, resourceViews, stackStatus, visibleEvents } from './views';

const now = (ctx: RequestContext) => ctx.now().getTime();

/** CloudFormation's lists come 100 to a page, or fewer when the sandbox runs with a smaller page size. */
const pageLength = (ctx: RequestContext) => Math.min(100, ctx.pageSize ?? 100);

/**
 * Pages a list with an opaque numeric NextToken. A newest-first list (stacks, events) counts its token from
 * the oldest end: what was added at the head between two page requests must not push items already returned
 * onto the next page, where a poller (the labs' event watchers) would see them twice.
 */
function page<T>(
  items: T[],
  token: unknown,
  size: number,
  newestFirst = false,
): { items: T[]; next?: string } {
  let start = 0;
  if (token !== undefined) {
    const decoded = Number(Buffer.from(String(token), 'base64').toString('utf8'));
    if (!Number.isInteger(decoded) || decoded < 0) throw validationError('Invalid NextToken');
    start = newestFirst ? Math.max(0, items.length - decoded) : decoded;
  }
  const end = start + size;
  const encode = (n: number) => Buffer.from(String(n)).toString('base64');
  return {
    items: items.slice(start, end),
    ...(end < items.length ? { next: encode(newestFirst ? items.length - end : end) } : {}),
  };
}

export function describeStacks(ctx: RequestContext, input: Props) {
  const state = cloudFormationState(ctx);
  const t = now(ctx);
  const stacks: StackRecord[] =
    input.StackName !== undefined
      ? [findStack(state, input.StackName, t)]
      : state.stacks.filter((s) => !isDeleted(s, t)).reverse();
  const { items, next } = page(stacks, input.NextToken, pageLength(ctx), input.StackName === undefined);
  return { Stacks: items.map((s) => describeStack(s, t)), ...(next ? { NextToken: next } : {}) };
}

export function describeStackEvents(ctx: RequestContext, input: Props) {
  const t = now(ctx);
  const stack = findStack(cloudFormationState(ctx), input.StackName, t);
  const events = visibleEvents(stack, t).slice().reverse();
  const { items, next } = page(events, input.NextToken, pageLength(ctx), true);
  return { StackEvents: items.map(eventView), ...(next ? { NextToken: next } : {}) };
}

function stackForResources(ctx: RequestContext, input: Props): StackRecord {
  const state = cloudFormationState(ctx);
  const t = now(ctx);
  if (input.StackName !== undefined) return findStack(state, input.StackName, t);
  if (input.PhysicalResourceId !== undefined) {
    const stack = state.stacks.find((s) =>
      Object.values(s.resources).some((r) => r.PhysicalResourceId === input.PhysicalResourceId),
    );
    if (!stack) throw validationError(`Stack for ${input.PhysicalResourceId} does not exist`);
    return stack;
  }
  throw validationError('Either StackName or PhysicalResourceId must be specified.');
}

export function describeStackResources(ctx: RequestContext, input: Props) {
  const stack = stackForResources(ctx, input);
  let views = resourceViews(stack, now(ctx));
  if (input.LogicalResourceId !== undefined)
    views = views.filter((v) => v.LogicalResourceId === input.LogicalResourceId);
  if (input.PhysicalResourceId !== undefined && input.StackName === undefined) {
    views = views.filter((v) => v.PhysicalResourceId === input.PhysicalResourceId);
  }
  return {
    StackResources: views.map((v) => ({
      StackName: stack.StackName,
      StackId: stack.StackId,
      ...v,
      DriftInformation: { StackResourceDriftStatus: 'NOT_CHECKED' },
    })),
  };
}

export function describeStackResource(ctx: RequestContext, input: Props) {
  const t = now(ctx);
  const stack = findStack(cloudFormationState(ctx), input.StackName, t);
  const view = resourceViews(stack, t).find((v) => v.LogicalResourceId === input.LogicalResourceId);
  if (!view)
    throw validationError(`Resource ${input.LogicalResourceId} does not exist for stack ${stack.StackName}`);
  const { Timestamp, ...rest } = view;
  const record = stack.resources[view.LogicalResourceId];
  return {
    StackResourceDetail: {
      StackName: stack.StackName,
      StackId: stack.StackId,
      ...rest,
      LastUpdatedTimestamp: Timestamp,
      ...(record?.Metadata !== undefined ? { Metadata: JSON.stringify(record.Metadata) } : {}),
      DriftInformation: { StackResourceDriftStatus: 'NOT_CHECKED' },
    },
  };
}

export function listStackResources(ctx: RequestContext, input: Props) {
  const t = now(ctx);
  const stack = findStack(cloudFormationState(ctx), input.StackName, t);
  const { items, next } = page(resourceViews(stack, t), input.NextToken, pageLength(ctx));
  return {
    StackResourceSummaries: items.map(({ Timestamp, ...rest }) => ({
      ...rest,
      LastUpdatedTimestamp: Timestamp,
      DriftInformation: { StackResourceDriftStatus: 'NOT_CHECKED' },
    })),
    ...(next ? { NextToken: next } : {}),
  };
}

export function listStacks(ctx: RequestContext, input: Props) {
  const t = now(ctx);
  const filter = input.StackStatusFilter as string[] | undefined;
  const summaries = cloudFormationState(ctx)
    .stacks.slice()
    .reverse()
    .map((s) => {
      const { status, reason } = stackStatus(s, t);
      return {
        StackId: s.StackId,
        StackName: s.StackName,
        ...(s.Description !== undefined ? { TemplateDescription: s.Description } : {}),
        CreationTime: new Date(s.CreationTime),
        ...(s.LastUpdatedTime && Date.parse(s.LastUpdatedTime) <= t
          ? { LastUpdatedTime: new Date(s.LastUpdatedTime) }
          : {}),
        ...(status === 'DELETE_COMPLETE' && s.DeletionTime ? { DeletionTime: new Date(s.DeletionTime) } : {}),
        StackStatus: status,
        ...(reason !== undefined ? { StackStatusReason: reason } : {}),
        DriftInformation: { StackDriftStatus: 'NOT_CHECKED' },
      };
    })
    .filter((s) => !filter || filter.length === 0 || filter.includes(s.StackStatus));
  const { items, next } = page(summaries, input.NextToken, pageLength(ctx));
  return { StackSummaries: items, ...(next ? { NextToken: next } : {}) };
}

export function getTemplate(ctx: RequestContext, input: Props) {
  if (input.ChangeSetName !== undefined)
    throw validationError('Change sets are not supported by this sandbox.');
  const stack = findStack(cloudFormationState(ctx), input.StackName, now(ctx));
  return { TemplateBody: stack.templateBody, StagesAvailable: ['Original', 'Processed'] };
}

export function validateTemplate(_ctx: RequestContext, input: Props) {
  const template = parseTemplate(templateBodyOf(input));
  dependencyGraph(template);
  const { capability, reason } = requiredCapability(template);
  return {
    Parameters: Object.entries(template.parameters).map(([key, d]) => ({
      ParameterKey: key,
      ...(d.Default !== undefined
        ? { DefaultValue: Array.isArray(d.Default) ? d.Default.join(',') : String(d.Default) }
        : {}),
      NoEcho: d.NoEcho === true || String(d.NoEcho).toLowerCase() === 'true',
      ...(d.Description !== undefined ? { Description: String(d.Description) } : {}),
    })),
    ...(template.description !== undefined ? { Description: template.description } : {}),
    Capabilities: capability ? [capability] : [],
    ...(reason ? { CapabilitiesReason: reason } : {}),
    DeclaredTransforms: [],
  };
}

export function getTemplateSummary(ctx: RequestContext, input: Props) {
  const body =
    input.StackName !== undefined
      ? findStack(cloudFormationState(ctx), input.StackName, now(ctx)).templateBody
      : templateBodyOf(input);
  const template = parseTemplate(body);
  const { capability, reason } = requiredCapability(template);
  return {
    Parameters: Object.entries(template.parameters).map(([key, d]) => ({
      ParameterKey: key,
      ...(d.Default !== undefined
        ? { DefaultValue: Array.isArray(d.Default) ? d.Default.join(',') : String(d.Default) }
        : {}),
      ParameterType: d.Type,
      NoEcho: d.NoEcho === true || String(d.NoEcho).toLowerCase() === 'true',
      ...(d.Description !== undefined ? { Description: String(d.Description) } : {}),
      ParameterConstraints: d.AllowedValues ? { AllowedValues: d.AllowedValues.map(String) } : {},
    })),
    ...(template.description !== undefined ? { Description: template.description } : {}),
    Capabilities: capability ? [capability] : [],
    ...(reason ? { CapabilitiesReason: reason } : {}),
    ResourceTypes: [...new Set(Object.values(template.resources).map((r) => r.Type))],
    Version: '2010-09-09',
    DeclaredTransforms: [],
  };
}

export function listExports(ctx: RequestContext, input: Props) {
  const exports = Object.entries(cloudFormationState(ctx).exports).map(([Name, e]) => ({
    ExportingStackId: e.stackId,
    Name,
    Value: e.value,
  }));
  const { items, next } = page(exports, input.NextToken, pageLength(ctx));
  return { Exports: items, ...(next ? { NextToken: next } : {}) };
}

export function listImports(ctx: RequestContext, input: Props) {
  const state = cloudFormationState(ctx);
  const t = now(ctx);
  if (!(input.ExportName in state.exports)) {
    throw validationError(`Export '${input.ExportName}' is not imported by any stack.`);
  }
  const importers = state.stacks.filter((s) => s.imports.includes(input.ExportName) && !isDeleted(s, t));
  if (importers.length === 0)
    throw validationError(`Export '${input.ExportName}' is not imported by any stack.`);
  return { Imports: importers.map((s) => s.StackName) };
}

export function updateTerminationProtection(ctx: RequestContext, input: Props) {
  const stack = findStack(cloudFormationState(ctx), input.StackName, now(ctx));
  if (typeof input.EnableTerminationProtection !== 'boolean') {
    throw validationError('EnableTerminationProtection must be true or false.');
  }
  stack.EnableTerminationProtection = input.EnableTerminationProtection;
  return { StackId: stack.StackId };
}
