/**
 * Runs stack operations: creates resources in dependency order, rolls back on failure, deletes in reverse
 * order, and writes the stack events CloudFormation would write. Everything happens during the request, but
 * each event carries a simulated timestamp a few milliseconds apart, and the read operations only show what
 * has "happened" by the sandbox clock, so a client polling DescribeStacks sees CREATE_IN_PROGRESS, then the
 * resources one by one, then CREATE_COMPLETE.
 */
import { AwsError, type RequestContext } from '../../core/types';
import type { ProviderRegistry, ProvisionContext } from './providers/types';
import { type Outcome, schedule } from './schedule';
import type { ResourceRecord, StackEventRecord, StackRecord } from './state';
import { uuid } from './state';
import type { DependencyGraph } from './template/graph';
import { type EvalEnv, evaluate, IntrinsicError } from './template/intrinsics';
import type { ParsedTemplate } from './template/parse';
import { propertyProblems } from './template/spec';

export const STACK_TYPE = 'AWS::CloudFormation::Stack';

/** One stack operation in progress: the request, the stack, and the simulated clock. */
export interface Run {
  ctx: RequestContext;
  stack: StackRecord;
  providers: ProviderRegistry;
  now: number;
}

/** A failure whose message is already in CloudFormation's words (not a service error to wrap). */
export class ResourceFailure extends Error {}

export function emit(
  run: Run,
  at: number,
  e: Omit<StackEventRecord, 'StackId' | 'StackName' | 'EventId' | 'Timestamp'>,
): void {
  const Timestamp = new Date(at).toISOString();
  const isStack = e.ResourceType === STACK_TYPE;
  run.stack.events.push({
    StackId: run.stack.StackId,
    EventId: isStack ? uuid(run.ctx.rng) : `${e.LogicalResourceId}-${e.ResourceStatus}-${Timestamp}`,
    StackName: run.stack.StackName,
    ...e,
    Timestamp,
  });
  run.now = Math.max(run.now, at);
  if (at > Date.parse(run.stack.busyUntil)) run.stack.busyUntil = Timestamp;
}

export function emitStack(run: Run, at: number, status: string, reason?: string): void {
  emit(run, at, {
    LogicalResourceId: run.stack.StackName,
    PhysicalResourceId: run.stack.StackId,
    ResourceType: STACK_TYPE,
    ResourceStatus: status,
    ...(reason !== undefined ? { ResourceStatusReason: reason } : {}),
  });
}

function emitResource(
  run: Run,
  at: number,
  r: ResourceRecord,
  status: string,
  reason?: string,
  props?: unknown,
): void {
  emit(run, at, {
    LogicalResourceId: r.LogicalResourceId,
    PhysicalResourceId: r.PhysicalResourceId ?? '',
    ResourceType: r.ResourceType,
    ResourceStatus: status,
    ...(reason !== undefined ? { ResourceStatusReason: reason } : {}),
    ...(props !== undefined ? { ResourceProperties: JSON.stringify(props) } : {}),
  });
}

export function provisionContext(run: Run, logicalId: string): ProvisionContext {
  const { ctx, stack } = run;
  return {
    ctx,
    stackName: stack.StackName,
    stackId: stack.StackId,
    logicalId,
    tags: [
      { Key: 'aws:cloudformation:stack-name', Value: stack.StackName },
      { Key: 'aws:cloudformation:logical-id', Value: logicalId },
      { Key: 'aws:cloudformation:stack-id', Value: stack.StackId },
      ...stack.Tags,
    ],
    physicalName(maxLength = 255) {
      const suffix = ctx.rng.chars(12, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789');
      const room = maxLength - suffix.length - 2;
      const stackPart = stack.StackName.slice(0, Math.max(1, Math.ceil(room / 2)));
      const idPart = logicalId.slice(0, Math.max(1, room - stackPart.length));
      return `${stackPart}-${idPart}-${suffix}`;
    },
  };
}

const SERVICE_LABEL: Record<string, string> = { EC2: 'Ec2', IAM: 'Iam', SQS: 'Sqs' };

function handlerErrorCode(code: string): string {
  if (/NotFound|NoSuchEntity|NonExistent/.test(code)) return 'NotFound';
  if (/AlreadyExists|Duplicate|EntityAlreadyExists/.test(code)) return 'AlreadyExists';
  if (/Unauthorized|AccessDenied/.test(code)) return 'AccessDenied';
  if (/Limit|Quota/.test(code)) return 'ServiceLimitExceeded';
  if (/^Invalid|Malformed|Validation|Missing/.test(code)) return 'InvalidRequest';
  return 'GeneralServiceException';
}

/** The ResourceStatusReason for a failed provider call, shaped like CloudFormation's. */
export function failureReason(ctx: RequestContext, resourceType: string, err: unknown): string {
  if (err instanceof ResourceFailure) return err.message;
  if (err instanceof IntrinsicError) return err.message;
  if (err instanceof AwsError) {
    const service = SERVICE_LABEL[resourceType.split('::')[1] ?? ''] ?? resourceType.split('::')[1];
    return (
      `Resource handler returned message: "${err.message} (Service: ${service}, Status Code: ${err.status}, ` +
      `Request ID: ${uuid(ctx.rng)})" (RequestToken: ${uuid(ctx.rng)}, HandlerErrorCode: ${handlerErrorCode(err.code)})`
    );
  }
  return `Internal failure: ${(err as Error)?.message ?? String(err)}`;
}

export function duration(run: Run): number {
  return run.ctx.rng.int(15, 45);
}

/** Evaluates a resource's properties and checks their names against the resource specification. */
export function resolveProperties(
  id: string,
  template: ParsedTemplate,
  env: EvalEnv,
): Record<string, unknown> {
  const decl = template.resources[id]!;
  const props = evaluate(decl.Properties, env, ['Resources', id, 'Properties']) as Record<string, unknown>;
  const problems = propertyProblems(decl.Type, props ?? {});
  if (problems.length > 0) {
    throw new ResourceFailure(
      `Properties validation failed for resource ${id} with message: ${problems.length === 1 ? problems[0] : `[${problems.join(', ')}]`}`,
    );
  }
  return props ?? {};
}

export function providerFor(run: Run, type: string) {
  const provider = run.providers[type];
  if (!provider) {
    throw new ResourceFailure(
      `Resource type ${type} is not supported by this sandbox (supported: ${Object.keys(run.providers).sort().join(', ')})`,
    );
  }
  return provider;
}

/** Creates `ids` in dependency order; returns what failed (empty on success). */
export async function createResources(
  run: Run,
  template: ParsedTemplate,
  env: EvalEnv,
  graph: DependencyGraph,
  ids: string[],
  start: number,
): Promise<{ failed: string[]; end: number }> {
  const result = await schedule({
    ids,
    start,
    haltOnFailure: true,
    waitFor: (id) => (graph[id] ?? []).filter((d) => ids.includes(d)),
    duration: () => duration(run),
    begin: async (id, at): Promise<Outcome> => {
      const decl = template.resources[id]!;
      const record: ResourceRecord = {
        LogicalResourceId: id,
        ResourceType: decl.Type,
        properties: {},
        attributes: {},
        dependsOn: (graph[id] ?? []).filter((d) => ids.includes(d) || run.stack.resources[d]?.exists),
        exists: false,
        ...(decl.DeletionPolicy !== undefined ? { deletionPolicy: decl.DeletionPolicy } : {}),
        ...(decl.Metadata !== undefined ? { Metadata: decl.Metadata } : {}),
      };
      run.stack.resources[id] = record;
      emitResource(run, at, record, 'CREATE_IN_PROGRESS', undefined, decl.Properties);
      try {
        const props = resolveProperties(id, template, env);
        record.properties = props;
        const provider = providerFor(run, decl.Type);
        const created = await provider.create(provisionContext(run, id), props);
        record.PhysicalResourceId = created.physicalId;
        record.attributes = created.attributes;
        record.exists = true;
        env.resources[id] = { physicalId: created.physicalId, attributes: created.attributes };
        emitResource(run, at + 1, record, 'CREATE_IN_PROGRESS', 'Resource creation Initiated', props);
        return { ok: true };
      } catch (err) {
        return { ok: false, reason: failureReason(run.ctx, decl.Type, err) };
      }
    },
    finish: (id, at, outcome) => {
      const record = run.stack.resources[id]!;
      if (outcome.ok) emitResource(run, at, record, 'CREATE_COMPLETE');
      else emitResource(run, at, record, 'CREATE_FAILED', outcome.reason);
    },
    cancel: (id, at, outcome) => {
      const record = run.stack.resources[id]!;
      emitResource(
        run,
        at,
        record,
        'CREATE_FAILED',
        outcome.ok ? 'Resource creation cancelled' : outcome.reason,
      );
    },
  });
  return { failed: [...result.failed, ...result.cancelled], end: result.end };
}

function isGone(err: unknown): boolean {
  return err instanceof AwsError && /NotFound|NoSuchEntity|NonExistent/.test(err.code);
}

/**
 * Deletes the given resources, each only after everything that depended on it is gone. Returns the ids that
 * could not be deleted (failed, or blocked behind a failure).
 */
export async function deleteResources(
  run: Run,
  ids: string[],
  start: number,
): Promise<{ remaining: string[]; end: number }> {
  const records = run.stack.resources;
  const retained = new Set<string>();
  const result = await schedule({
    ids,
    start,
    haltOnFailure: false,
    waitFor: (id) => ids.filter((other) => other !== id && (records[other]?.dependsOn ?? []).includes(id)),
    duration: (id) => (records[id]?.exists ? duration(run) : 2),
    begin: async (id, at): Promise<Outcome> => {
      const record = records[id]!;
      if (!record.exists || !record.PhysicalResourceId) return { ok: true };
      if (record.deletionPolicy === 'Retain') {
        retained.add(id);
        return { ok: true };
      }
      emitResource(run, at, record, 'DELETE_IN_PROGRESS');
      try {
        const provider = providerFor(run, record.ResourceType);
        await provider.delete(
          provisionContext(run, id),
          record.PhysicalResourceId,
          record.properties,
          record.attributes,
        );
        return { ok: true };
      } catch (err) {
        if (isGone(err)) return { ok: true };
        return { ok: false, reason: failureReason(run.ctx, record.ResourceType, err) };
      }
    },
    finish: (id, at, outcome) => {
      const record = records[id]!;
      if (retained.has(id)) {
        emitResource(run, at, record, 'DELETE_SKIPPED');
      } else if (outcome.ok) {
        record.exists = false;
        emitResource(run, at, record, 'DELETE_COMPLETE');
      } else {
        emitResource(run, at, record, 'DELETE_FAILED', outcome.reason);
      }
    },
  });
  return { remaining: [...result.failed, ...result.notStarted], end: result.end };
}
