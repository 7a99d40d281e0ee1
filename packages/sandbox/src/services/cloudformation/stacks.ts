/** CreateStack, DeleteStack and UpdateStack. */
import { AwsError, type RequestContext } from '../../core/types';
import { emitStack, type Run } from './engine';
import { type OnFailure, runCreate, runDelete } from './lifecycle';
import { checkCapabilities, checkRoleArn, noEchoParameters, prepare, templateBodyOf } from './prepare';
import type { Props, ProviderRegistry } from './providers/types';
import { type CloudFormationState, cloudFormationState, type StackRecord, stackArn, type Tag } from './state';
import { validationError } from './template/errors';
import { runUpdate } from './update';
import { isBusy, isDeleted, stackStatus } from './views';

export function checkStackName(name: unknown): string {
  if (typeof name !== 'string' || name === '') {
    throw validationError(
      "1 validation error detected: Value null at 'stackName' failed to satisfy constraint: Member must not be null",
    );
  }
  if (name.length > 128 || !/^[a-zA-Z][-a-zA-Z0-9]*$/.test(name)) {
    throw validationError(
      `1 validation error detected: Value '${name}' at 'stackName' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z][-a-zA-Z0-9]*|arn:[-a-zA-Z0-9:/._+]*`,
    );
  }
  return name;
}

/** A stack by name (live stacks only) or by stack id (deleted ones too), or undefined. */
export function lookupStack(
  state: CloudFormationState,
  nameOrId: string,
  now: number,
): StackRecord | undefined {
  if (nameOrId.startsWith('arn:')) return state.stacks.find((s) => s.StackId === nameOrId);
  for (let i = state.stacks.length - 1; i >= 0; i--) {
    const s = state.stacks[i]!;
    if (s.StackName === nameOrId && !isDeleted(s, now)) return s;
  }
  return undefined;
}

export function findStack(state: CloudFormationState, nameOrId: unknown, now: number): StackRecord {
  if (typeof nameOrId !== 'string' || nameOrId === '') throw validationError('StackName must be specified.');
  const stack = lookupStack(state, nameOrId, now);
  if (!stack) throw validationError(`Stack with id ${nameOrId} does not exist`);
  return stack;
}

export function checkTags(tags: unknown): Tag[] {
  const list = (tags as Tag[] | undefined) ?? [];
  if (list.length > 50)
    throw validationError(
      "1 validation error detected: Value at 'tags' failed to satisfy constraint: Member must have length less than or equal to 50",
    );
  for (const t of list) {
    if (!t.Key) throw validationError('Tag keys must not be empty.');
    if (t.Key.toLowerCase().startsWith('aws:'))
      throw validationError(`Invalid tag key: ${t.Key}. Tag keys may not start with "aws:"`);
  }
  return list.map((t) => ({ Key: t.Key, Value: t.Value ?? '' }));
}

export function makeRun(ctx: RequestContext, stack: StackRecord, providers: ProviderRegistry): Run {
  const now = ctx.now().getTime();
  return { ctx, stack, providers, now: Math.max(now, Date.parse(stack.busyUntil) + 1) };
}

export async function createStack(ctx: RequestContext, input: Props, providers: ProviderRegistry) {
  const state = cloudFormationState(ctx);
  const now = ctx.now().getTime();
  const name = checkStackName(input.StackName);
  const body = templateBodyOf(input);
  if (lookupStack(state, name, now))
    throw new AwsError('AlreadyExistsException', `Stack [${name}] already exists`);
  if (input.OnFailure !== undefined && input.DisableRollback !== undefined) {
    throw validationError('You can specify either DisableRollback or OnFailure, but not both.');
  }
  const onFailure: OnFailure =
    input.DisableRollback === true ? 'DO_NOTHING' : (input.OnFailure ?? 'ROLLBACK');
  if (!['ROLLBACK', 'DO_NOTHING', 'DELETE'].includes(onFailure)) {
    throw validationError(
      `1 validation error detected: Value '${onFailure}' at 'onFailure' failed to satisfy constraint: Member must satisfy enum value set: [DO_NOTHING, ROLLBACK, DELETE]`,
    );
  }
  const tags = checkTags(input.Tags);
  const stackId = stackArn(ctx, name);
  const prepared = await prepare(
    ctx,
    state,
    body,
    { StackName: name, StackId: stackId },
    input.Parameters,
    undefined,
  );
  checkCapabilities(prepared.template, input.Capabilities);
  await checkRoleArn(ctx, input.RoleARN);
  const stack: StackRecord = {
    StackId: stackId,
    StackName: name,
    ...(prepared.template.description !== undefined ? { Description: prepared.template.description } : {}),
    CreationTime: new Date(now).toISOString(),
    templateBody: body,
    parameters: prepared.params.stackParameters,
    noEcho: noEchoParameters(prepared.template),
    Tags: tags,
    Capabilities: input.Capabilities ?? [],
    NotificationARNs: input.NotificationARNs ?? [],
    DisableRollback: onFailure === 'DO_NOTHING',
    EnableTerminationProtection: input.EnableTerminationProtection === true,
    ...(input.TimeoutInMinutes !== undefined ? { TimeoutInMinutes: Number(input.TimeoutInMinutes) } : {}),
    ...(input.RoleARN !== undefined ? { RoleARN: String(input.RoleARN) } : {}),
    outputs: [],
    resources: {},
    events: [],
    busyUntil: new Date(now).toISOString(),
    imports: [],
  };
  state.stacks.push(stack);
  const run: Run = { ctx, stack, providers, now };
  await runCreate(run, state, prepared.template, prepared.env, prepared.graph, onFailure);
  stack.imports = [...prepared.imports];
  return { StackId: stackId };
}

/** Why the stack's exports keep it: the first export another live stack imports, with every importer. */
function exportInUse(state: CloudFormationState, stack: StackRecord): string | undefined {
  for (const [name, e] of Object.entries(state.exports)) {
    if (e.stackId !== stack.StackId) continue;
    const importers = state.stacks
      .filter((s) => s.imports.includes(name) && !isDeleted(s, Number.POSITIVE_INFINITY))
      .map((s) => s.StackName);
    if (importers.length > 0)
      return `Export ${name} cannot be deleted as it is in use by ${importers.join(' and ')}`;
  }
  return undefined;
}

export async function deleteStack(ctx: RequestContext, input: Props, providers: ProviderRegistry) {
  const state = cloudFormationState(ctx);
  const now = ctx.now().getTime();
  if (typeof input.StackName !== 'string' || input.StackName === '')
    throw validationError('StackName must be specified.');
  const stack = lookupStack(state, input.StackName, now);
  if (!stack) return {};
  const status = stackStatus(stack, Number.POSITIVE_INFINITY).status;
  if (status === 'DELETE_COMPLETE' || status === 'DELETE_IN_PROGRESS') return {};
  if (stack.EnableTerminationProtection) {
    throw validationError(
      `Stack [${stack.StackName}] cannot be deleted while TerminationProtection is enabled`,
    );
  }
  const inUse = exportInUse(state, stack);
  if (inUse) {
    // AWS takes the call, then puts the stack back as it was, with the reason as its event; no resource is
    // touched ("Export X cannot be deleted as it is in use by Y", the event aws-cdk#604 and boto3#4192 show).
    const run = makeRun(ctx, stack, providers);
    emitStack(run, run.now, 'DELETE_IN_PROGRESS', 'User Initiated');
    emitStack(run, run.now + 2, status, inUse);
    return {};
  }
  if (input.RetainResources !== undefined && status !== 'DELETE_FAILED') {
    throw validationError(
      'Invalid operation on stack. RetainResources can only be specified for stacks in DELETE_FAILED state.',
    );
  }
  for (const id of (input.RetainResources as string[] | undefined) ?? []) {
    const r = stack.resources[id];
    if (r) r.deletionPolicy = 'Retain';
  }
  await runDelete(makeRun(ctx, stack, providers), state);
  return {};
}

export async function updateStack(ctx: RequestContext, input: Props, providers: ProviderRegistry) {
  const state = cloudFormationState(ctx);
  const now = ctx.now().getTime();
  const stack = findStack(state, input.StackName, now);
  const status = stackStatus(stack, now).status;
  if (
    isBusy(stack, now) ||
    !['CREATE_COMPLETE', 'UPDATE_COMPLETE', 'UPDATE_ROLLBACK_COMPLETE'].includes(status)
  ) {
    throw validationError(`Stack:${stack.StackId} is in ${status} state and can not be updated.`);
  }
  let body: string;
  if (input.UsePreviousTemplate === true) {
    if (input.TemplateBody !== undefined || input.TemplateURL !== undefined) {
      throw validationError('You cannot specify both usePreviousTemplate and Template Body/Template URL.');
    }
    body = stack.templateBody;
  } else {
    body = templateBodyOf(input);
  }
  const prepared = await prepare(ctx, state, body, stack, input.Parameters, stack.parameters);
  checkCapabilities(prepared.template, input.Capabilities);
  await checkRoleArn(ctx, input.RoleARN);
  const tags = input.Tags === undefined ? stack.Tags : checkTags(input.Tags);
  const sameParameters = JSON.stringify(prepared.params.stackParameters) === JSON.stringify(stack.parameters);
  if (body === stack.templateBody && sameParameters && JSON.stringify(tags) === JSON.stringify(stack.Tags)) {
    throw validationError('No updates are to be performed.');
  }
  await runUpdate(makeRun(ctx, stack, providers), state, prepared, {
    body,
    tags,
    capabilities: input.Capabilities ?? stack.Capabilities,
    noEcho: noEchoParameters(prepared.template),
  });
  return { StackId: stack.StackId };
}
