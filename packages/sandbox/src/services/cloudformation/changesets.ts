/**
 * Change sets: CreateChangeSet / DescribeChangeSet / ExecuteChangeSet / DeleteChangeSet / ListChangeSets,
 * enough for `aws cloudformation deploy`. A CREATE change set makes the stack in REVIEW_IN_PROGRESS; the
 * changes list what an update would add, modify (with whether it replaces) or remove.
 */
import { AwsError, type RequestContext } from '../../core/types';
import { emitStack, type Run } from './engine';
import { activeResources, runCreate } from './lifecycle';
import { checkCapabilities, noEchoParameters, type Prepared, prepare, templateBodyOf } from './prepare';
import type { Props, ProviderRegistry } from './providers/types';
import { checkStackName, checkTags, lookupStack, makeRun } from './stacks';
import {
  type ChangeRecord,
  type ChangeSetRecord,
  type CloudFormationState,
  cloudFormationState,
  type StackRecord,
  stackArn,
  uuid,
} from './state';
import { validationError } from './template/errors';
import { type ParsedTemplate, parseTemplate, subVariables, visitIntrinsics } from './template/parse';
import { requiresReplacement } from './template/spec';
import { runUpdate } from './update';
import { stackStatus } from './views';

const NO_CHANGES =
  "The submitted information didn't contain changes. Submit different information to create a change set.";

function changeSets(state: CloudFormationState): ChangeSetRecord[] {
  state.changeSets ??= [];
  return state.changeSets;
}

function findChangeSet(state: CloudFormationState, input: Props): ChangeSetRecord {
  const name = input.ChangeSetName;
  if (typeof name !== 'string' || name === '') throw validationError('ChangeSetName must be specified.');
  const found = name.startsWith('arn:')
    ? changeSets(state).find((c) => c.ChangeSetId === name)
    : changeSets(state).find(
        (c) => c.ChangeSetName === name && (c.StackName === input.StackName || c.StackId === input.StackName),
      );
  if (!found)
    throw new AwsError('ChangeSetNotFoundException', `ChangeSet [${name}] does not exist`, { status: 404 });
  return found;
}

/** Parameter names each property refers to, to tell which properties a parameter change touches. */
function referencedParameters(value: unknown, template: ParsedTemplate): Set<string> {
  const names = new Set<string>();
  visitIntrinsics(value, [], (fn, arg) => {
    if (fn === 'Ref' && typeof arg === 'string' && arg in template.parameters) names.add(arg);
    if (fn === 'Fn::Sub') {
      const text = typeof arg === 'string' ? arg : Array.isArray(arg) ? arg[0] : undefined;
      if (typeof text === 'string')
        for (const v of subVariables(text)) if (v in template.parameters) names.add(v);
    }
  });
  return names;
}

/** An `Add` change: a resource the stack does not have yet (or has as another type). */
function addition(id: string, resourceType: string): ChangeRecord {
  return {
    Type: 'Resource',
    ResourceChange: {
      Action: 'Add',
      LogicalResourceId: id,
      ResourceType: resourceType,
      Scope: [],
      Details: [],
    },
  };
}

/** Parameters whose value differs from the one the stack was last made with. */
function changedParameters(stack: StackRecord, prepared: Prepared): Set<string> {
  const oldValues = new Map(
    stack.parameters.map((p) => [p.ParameterKey, p.ResolvedValue ?? p.ParameterValue]),
  );
  return new Set(
    prepared.params.stackParameters
      .filter((p) => oldValues.get(p.ParameterKey) !== (p.ResolvedValue ?? p.ParameterValue))
      .map((p) => p.ParameterKey),
  );
}

/**
 * One detail per property that changes, written differently or through a changed parameter, with whether
 * changing it recreates the resource.
 */
function propertyDetails(
  resourceType: string,
  before: Record<string, unknown>,
  after: Record<string, unknown>,
  template: ParsedTemplate,
  changedParams: Set<string>,
): { details: Record<string, unknown>[]; replaces: boolean } {
  const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
  const details: Record<string, unknown>[] = [];
  let replaces = false;
  for (const key of keys) {
    const direct = JSON.stringify(before[key]) !== JSON.stringify(after[key]);
    const viaParam = [...referencedParameters(after[key], template)].some((p) => changedParams.has(p));
    if (!direct && !viaParam) continue;
    const recreate = requiresReplacement(resourceType, key);
    replaces ||= recreate;
    details.push({
      Target: {
        Attribute: key === 'Tags' ? 'Tags' : 'Properties',
        Name: key,
        RequiresRecreation: recreate ? 'Always' : 'Never',
      },
      Evaluation: 'Static',
      ChangeSource: direct ? 'DirectModification' : 'ParameterReference',
    });
  }
  return { details, replaces };
}

/** `Remove` changes: resources the stack has that the new template no longer declares. */
function removals(stack: StackRecord, kept: string[]): ChangeRecord[] {
  return Object.values(stack.resources)
    .filter((r) => r.exists && !kept.includes(r.LogicalResourceId))
    .map((r) => ({
      Type: 'Resource',
      ResourceChange: {
        Action: 'Remove',
        LogicalResourceId: r.LogicalResourceId,
        PhysicalResourceId: r.PhysicalResourceId!,
        ResourceType: r.ResourceType,
        Scope: [],
        Details: [],
      },
    }));
}

function computeChanges(stack: StackRecord, prepared: Prepared, type: 'CREATE' | 'UPDATE'): ChangeRecord[] {
  const next = prepared.template;
  const ids = activeResources(next, prepared.env.conditions ?? {});
  if (type === 'CREATE') return ids.map((id) => addition(id, next.resources[id]!.Type));
  const previous = parseTemplate(stack.templateBody);
  const changedParams = changedParameters(stack, prepared);
  const changes: ChangeRecord[] = [];
  for (const id of ids) {
    const decl = next.resources[id]!;
    const live = stack.resources[id];
    if (!live?.exists || live.ResourceType !== decl.Type) {
      changes.push(addition(id, decl.Type));
      continue;
    }
    const before = previous.resources[id]?.Properties ?? {};
    const { details, replaces } = propertyDetails(decl.Type, before, decl.Properties, next, changedParams);
    if (details.length === 0) continue;
    changes.push({
      Type: 'Resource',
      ResourceChange: {
        Action: 'Modify',
        LogicalResourceId: id,
        PhysicalResourceId: live.PhysicalResourceId!,
        ResourceType: decl.Type,
        Replacement: replaces ? 'True' : 'False',
        Scope: [...new Set(details.map((d) => (d.Target as { Attribute: string }).Attribute))],
        Details: details,
      },
    });
  }
  return [...changes, ...removals(stack, ids)];
}

/** The change set's name and type, and the stack it is for (none yet for a CREATE), checked as AWS does. */
function changeSetTarget(state: ReturnType<typeof cloudFormationState>, input: Props, now: number) {
  const name = input.ChangeSetName;
  if (typeof name !== 'string' || !/^[a-zA-Z][-a-zA-Z0-9]{0,127}$/.test(name)) {
    throw validationError(
      `1 validation error detected: Value '${String(name)}' at 'changeSetName' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z][-a-zA-Z0-9]*`,
    );
  }
  const type = (input.ChangeSetType ?? 'UPDATE') as 'CREATE' | 'UPDATE';
  if (type !== 'CREATE' && type !== 'UPDATE')
    throw validationError(
      `ChangeSetType ${String(type)} is not supported by this sandbox (CREATE or UPDATE).`,
    );
  const stack = typeof input.StackName === 'string' ? lookupStack(state, input.StackName, now) : undefined;
  const status = stack ? stackStatus(stack, now).status : undefined;
  if (type === 'CREATE' && stack && status !== 'REVIEW_IN_PROGRESS') {
    throw new AwsError(
      'AlreadyExistsException',
      `Stack [${stack.StackName}] already exists and cannot be created again with the changeSet [${name}].`,
    );
  }
  if (type === 'UPDATE' && (!stack || status === 'REVIEW_IN_PROGRESS')) {
    throw validationError(`Stack [${String(input.StackName)}] does not exist`);
  }
  if (stack && changeSets(state).some((c) => c.StackId === stack!.StackId && c.ChangeSetName === name)) {
    throw new AwsError('AlreadyExistsException', `ChangeSet ${name} already exists`);
  }
  return { name, type, stack };
}

export async function createChangeSet(ctx: RequestContext, input: Props) {
  const state = cloudFormationState(ctx);
  const now = ctx.now().getTime();
  const target = changeSetTarget(state, input, now);
  const { name, type } = target;
  let stack = target.stack;
  const body = input.UsePreviousTemplate === true && stack ? stack.templateBody : templateBodyOf(input);
  const tags = input.Tags === undefined ? undefined : checkTags(input.Tags);
  const stackName = stack?.StackName ?? checkStackName(input.StackName);
  const stackId = stack?.StackId ?? stackArn(ctx, stackName);
  const prepared = await prepare(
    ctx,
    state,
    body,
    { StackName: stackName, StackId: stackId },
    input.Parameters,
    stack?.parameters,
  );
  checkCapabilities(prepared.template, input.Capabilities);
  if (!stack) {
    stack = {
      StackId: stackId,
      StackName: stackName,
      CreationTime: new Date(now).toISOString(),
      templateBody: body,
      parameters: prepared.params.stackParameters,
      noEcho: noEchoParameters(prepared.template),
      Tags: tags ?? [],
      Capabilities: input.Capabilities ?? [],
      NotificationARNs: input.NotificationARNs ?? [],
      DisableRollback: false,
      EnableTerminationProtection: false,
      outputs: [],
      resources: {},
      events: [],
      busyUntil: new Date(now).toISOString(),
      imports: [],
    };
    state.stacks.push(stack);
    emitStack({ ctx, stack, providers: {}, now }, now, 'REVIEW_IN_PROGRESS', 'User Initiated');
  }
  const changes = computeChanges(stack, prepared, type);
  const unchanged =
    type === 'UPDATE' &&
    changes.length === 0 &&
    body === stack.templateBody &&
    JSON.stringify(prepared.params.stackParameters) === JSON.stringify(stack.parameters) &&
    (tags === undefined || JSON.stringify(tags) === JSON.stringify(stack.Tags));
  const record: ChangeSetRecord = {
    ChangeSetId: `arn:aws:cloudformation:${ctx.region}:${ctx.accountId}:changeSet/${name}/${uuid(ctx.rng)}`,
    ChangeSetName: name,
    StackId: stack.StackId,
    StackName: stack.StackName,
    ...(input.Description !== undefined ? { Description: String(input.Description) } : {}),
    CreationTime: new Date(now).toISOString(),
    ChangeSetType: type,
    templateBody: body,
    given: input.Parameters ?? [],
    parameters: prepared.params.stackParameters,
    Capabilities: input.Capabilities ?? [],
    ...(tags !== undefined ? { Tags: tags } : {}),
    Status: unchanged ? 'FAILED' : 'CREATE_COMPLETE',
    ...(unchanged ? { StatusReason: NO_CHANGES } : {}),
    ExecutionStatus: unchanged ? 'UNAVAILABLE' : 'AVAILABLE',
    Changes: changes,
  };
  changeSets(state).push(record);
  return { Id: record.ChangeSetId, StackId: stack.StackId };
}

export function describeChangeSet(ctx: RequestContext, input: Props) {
  const c = findChangeSet(cloudFormationState(ctx), input);
  return {
    ChangeSetName: c.ChangeSetName,
    ChangeSetId: c.ChangeSetId,
    StackId: c.StackId,
    StackName: c.StackName,
    ...(c.Description !== undefined ? { Description: c.Description } : {}),
    Parameters: c.parameters,
    CreationTime: new Date(c.CreationTime),
    ExecutionStatus: c.ExecutionStatus,
    Status: c.Status,
    ...(c.StatusReason !== undefined ? { StatusReason: c.StatusReason } : {}),
    NotificationARNs: [],
    RollbackConfiguration: {},
    Capabilities: c.Capabilities,
    ...(c.Tags !== undefined ? { Tags: c.Tags } : {}),
    Changes: c.Changes,
    IncludeNestedStacks: false,
  };
}

export function listChangeSets(ctx: RequestContext, input: Props) {
  const state = cloudFormationState(ctx);
  const stack = lookupStack(state, String(input.StackName ?? ''), ctx.now().getTime());
  if (!stack) throw validationError(`Stack [${String(input.StackName)}] does not exist`);
  return {
    Summaries: changeSets(state)
      .filter((c) => c.StackId === stack.StackId)
      .map((c) => ({
        StackId: c.StackId,
        StackName: c.StackName,
        ChangeSetId: c.ChangeSetId,
        ChangeSetName: c.ChangeSetName,
        ExecutionStatus: c.ExecutionStatus,
        Status: c.Status,
        ...(c.StatusReason !== undefined ? { StatusReason: c.StatusReason } : {}),
        CreationTime: new Date(c.CreationTime),
        ...(c.Description !== undefined ? { Description: c.Description } : {}),
        IncludeNestedStacks: false,
      })),
  };
}

export function deleteChangeSet(ctx: RequestContext, input: Props) {
  const state = cloudFormationState(ctx);
  const c = findChangeSet(state, input);
  if (c.ExecutionStatus === 'EXECUTE_IN_PROGRESS') {
    throw new AwsError(
      'InvalidChangeSetStatusException',
      `ChangeSet [${c.ChangeSetId}] cannot be deleted in its current status of [${c.ExecutionStatus}]`,
    );
  }
  state.changeSets = changeSets(state).filter((x) => x !== c);
  return {};
}

export async function executeChangeSet(ctx: RequestContext, input: Props, providers: ProviderRegistry) {
  const state = cloudFormationState(ctx);
  const c = findChangeSet(state, input);
  if (c.ExecutionStatus !== 'AVAILABLE') {
    throw new AwsError(
      'InvalidChangeSetStatusException',
      `ChangeSet [${c.ChangeSetId}] cannot be executed in its current status of [${c.ExecutionStatus}]`,
    );
  }
  const stack = state.stacks.find((s) => s.StackId === c.StackId)!;
  const now = ctx.now().getTime();
  const status = stackStatus(stack, now).status;
  const expected =
    c.ChangeSetType === 'CREATE'
      ? ['REVIEW_IN_PROGRESS']
      : ['CREATE_COMPLETE', 'UPDATE_COMPLETE', 'UPDATE_ROLLBACK_COMPLETE'];
  if (!expected.includes(status) || Date.parse(stack.busyUntil) > now) {
    throw new AwsError(
      'InvalidChangeSetStatusException',
      `ChangeSet [${c.ChangeSetId}] cannot be executed because stack [${stack.StackName}] is in ${status} state.`,
    );
  }
  const prepared = await prepare(
    ctx,
    state,
    c.templateBody,
    stack,
    c.given,
    c.ChangeSetType === 'UPDATE' ? stack.parameters : undefined,
  );
  c.ExecutionStatus = 'EXECUTE_COMPLETE';
  for (const other of changeSets(state))
    if (other !== c && other.StackId === stack.StackId) other.ExecutionStatus = 'OBSOLETE';
  const run: Run = makeRun(ctx, stack, providers);
  if (c.ChangeSetType === 'CREATE') {
    Object.assign(stack, {
      templateBody: c.templateBody,
      parameters: prepared.params.stackParameters,
      noEcho: noEchoParameters(prepared.template),
      Capabilities: c.Capabilities,
      Tags: c.Tags ?? [],
      DisableRollback: input.DisableRollback === true,
      ...(prepared.template.description !== undefined ? { Description: prepared.template.description } : {}),
    });
    await runCreate(
      run,
      state,
      prepared.template,
      prepared.env,
      prepared.graph,
      input.DisableRollback === true ? 'DO_NOTHING' : 'ROLLBACK',
    );
    stack.imports = [...prepared.imports];
  } else {
    await runUpdate(run, state, prepared, {
      body: c.templateBody,
      tags: c.Tags ?? stack.Tags,
      capabilities: c.Capabilities,
      noEcho: noEchoParameters(prepared.template),
    });
  }
  return {};
}
