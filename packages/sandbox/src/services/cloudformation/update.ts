/**
 * UpdateStack: new resources are created, changed ones updated in place when every changed property is
 * mutable (per the resource specification) and the provider can apply it, otherwise replaced (new physical
 * resource first, old one deleted during cleanup); removed ones are deleted during cleanup. A failure rolls the
 * stack back to the previous template: new resources deleted, in-place updates reverted, replacements undone.
 */
import {
  deleteResources,
  duration,
  emit,
  emitStack,
  failureReason,
  providerFor,
  provisionContext,
  type Run,
  resolveProperties,
} from './engine';
import { activeResources, computeOutputs, registerExports } from './lifecycle';
import type { Prepared } from './prepare';
import { type Outcome, schedule } from './schedule';
import type { CloudFormationState, OutputRecord, ResourceRecord, Tag } from './state';
import { requiresReplacement } from './template/spec';

type Action =
  | { kind: 'created' }
  | { kind: 'unchanged' }
  | { kind: 'updated'; previous: ResourceRecord }
  | { kind: 'replaced'; previous: ResourceRecord };

function resourceEvent(run: Run, at: number, r: ResourceRecord, status: string, reason?: string): void {
  emit(run, at, {
    LogicalResourceId: r.LogicalResourceId,
    PhysicalResourceId: r.PhysicalResourceId ?? '',
    ResourceType: r.ResourceType,
    ResourceStatus: status,
    ...(reason !== undefined ? { ResourceStatusReason: reason } : {}),
  });
}

function changedKeys(a: Record<string, unknown>, b: Record<string, unknown>): string[] {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  return [...keys].filter((k) => JSON.stringify(a[k]) !== JSON.stringify(b[k]));
}

export interface UpdateChange {
  body: string;
  tags: Tag[];
  capabilities: string[];
  noEcho: string[];
}

/** What one UpdateStack run decided and did so far, shared by its phases. */
interface UpdatePass {
  run: Run;
  prepared: Prepared;
  ids: string[];
  actions: Map<string, Action>;
  /** Whether a resource's events read CREATE_* (new logical resource or type change) or UPDATE_*. */
  verbs: Map<string, 'CREATE' | 'UPDATE'>;
  order: string[];
}

export async function runUpdate(
  run: Run,
  state: CloudFormationState,
  prepared: Prepared,
  change: UpdateChange,
): Promise<void> {
  const { template, graph, env } = prepared;
  const stack = run.stack;
  const t0 = run.now;
  const previousTags = stack.Tags;
  stack.LastUpdatedTime = new Date(t0).toISOString();
  stack.Tags = change.tags;
  emitStack(run, t0, 'UPDATE_IN_PROGRESS', 'User Initiated');
  for (const [id, r] of Object.entries(stack.resources)) {
    if (r.exists && r.PhysicalResourceId)
      env.resources[id] = { physicalId: r.PhysicalResourceId, attributes: r.attributes };
  }
  const ids = activeResources(template, env.conditions ?? {});
  const pass: UpdatePass = { run, prepared, ids, actions: new Map(), verbs: new Map(), order: [] };

  const result = await schedule({
    ids,
    start: t0 + 3,
    haltOnFailure: true,
    waitFor: (id) => (graph[id] ?? []).filter((d) => ids.includes(d)),
    duration: (id) => (pass.actions.get(id)?.kind === 'unchanged' ? 0 : duration(run)),
    begin: (id, at) => beginResource(pass, id, at),
    finish: (id, at, outcome) => finishResource(pass, id, at, outcome),
    cancel: (id, at, outcome) => cancelResource(pass, id, at, outcome),
  });

  let failure: string | undefined;
  const failed = [...result.failed, ...result.cancelled];
  if (failed.length > 0) failure = `The following resource(s) failed to update: [${failed.join(', ')}]. `;
  let outputs = stack.outputs;
  if (!failure) {
    try {
      outputs = computeOutputs(template, env, state, stack.StackId);
    } catch (err) {
      failure = (err as Error).message;
    }
  }
  if (!failure) await completeUpdate(pass, state, change, outputs, result.end + 1);
  else await rollBackUpdate(pass, failure, result.end + 1, previousTags);
}

async function beginResource(pass: UpdatePass, id: string, at: number): Promise<Outcome> {
  const decl = pass.prepared.template.resources[id]!;
  const existing = pass.run.stack.resources[id];
  const live = existing?.exists && existing.ResourceType === decl.Type ? existing : undefined;
  pass.order.push(id);
  return live ? updateResource(pass, id, at, live) : createResource(pass, id, at, existing);
}

/** A new logical resource, or one whose type changed (then the old one is replaced). */
async function createResource(
  pass: UpdatePass,
  id: string,
  at: number,
  existing: ResourceRecord | undefined,
): Promise<Outcome> {
  const { run, prepared, ids } = pass;
  const { template, graph, env } = prepared;
  const decl = template.resources[id]!;
  const record: ResourceRecord = {
    LogicalResourceId: id,
    ResourceType: decl.Type,
    properties: {},
    attributes: {},
    dependsOn: (graph[id] ?? []).filter((d) => ids.includes(d)),
    exists: false,
    ...(decl.DeletionPolicy !== undefined ? { deletionPolicy: decl.DeletionPolicy } : {}),
  };
  if (existing?.exists) pass.actions.set(id, { kind: 'replaced', previous: { ...existing } });
  else pass.actions.set(id, { kind: 'created' });
  pass.verbs.set(id, 'CREATE');
  run.stack.resources[id] = record;
  resourceEvent(run, at, record, 'CREATE_IN_PROGRESS');
  try {
    const props = resolveProperties(id, template, env);
    record.properties = props;
    const created = await providerFor(run, decl.Type).create(provisionContext(run, id), props);
    Object.assign(record, {
      PhysicalResourceId: created.physicalId,
      attributes: created.attributes,
      exists: true,
    });
    env.resources[id] = { physicalId: created.physicalId, attributes: created.attributes };
    resourceEvent(run, at + 1, record, 'CREATE_IN_PROGRESS', 'Resource creation Initiated');
    return { ok: true };
  } catch (err) {
    return { ok: false, reason: failureReason(run.ctx, decl.Type, err) };
  }
}

/** A resource that stays: unchanged, updated in place, or replaced when a changed property needs it. */
async function updateResource(
  pass: UpdatePass,
  id: string,
  at: number,
  live: ResourceRecord,
): Promise<Outcome> {
  const { run, prepared, ids } = pass;
  const { template, graph, env } = prepared;
  const decl = template.resources[id]!;
  let props: Record<string, unknown>;
  try {
    props = resolveProperties(id, template, env);
  } catch (err) {
    pass.actions.set(id, { kind: 'updated', previous: { ...live } });
    resourceEvent(run, at, live, 'UPDATE_IN_PROGRESS');
    return { ok: false, reason: failureReason(run.ctx, decl.Type, err) };
  }
  const changed = changedKeys(props, live.properties);
  live.dependsOn = (graph[id] ?? []).filter((d) => ids.includes(d));
  if (changed.length === 0) {
    pass.actions.set(id, { kind: 'unchanged' });
    return { ok: true };
  }
  const previous = { ...live };
  const provider = providerFor(run, decl.Type);
  const pctx = provisionContext(run, id);
  try {
    if (provider.update && !changed.some((k) => requiresReplacement(decl.Type, k))) {
      pass.actions.set(id, { kind: 'updated', previous });
      resourceEvent(run, at, live, 'UPDATE_IN_PROGRESS');
      const attributes = await provider.update(
        pctx,
        live.PhysicalResourceId!,
        props,
        live.properties,
        live.attributes,
      );
      if (attributes) {
        Object.assign(live, { properties: props, attributes });
        env.resources[id] = { physicalId: live.PhysicalResourceId!, attributes };
        return { ok: true };
      }
    }
    pass.actions.set(id, { kind: 'replaced', previous });
    resourceEvent(
      run,
      at,
      live,
      'UPDATE_IN_PROGRESS',
      'Requested update requires the creation of a new physical resource; hence creating one.',
    );
    const created = await provider.create(pctx, props);
    Object.assign(live, {
      PhysicalResourceId: created.physicalId,
      attributes: created.attributes,
      properties: props,
    });
    env.resources[id] = { physicalId: created.physicalId, attributes: created.attributes };
    resourceEvent(run, at + 1, live, 'UPDATE_IN_PROGRESS', 'Resource creation Initiated');
    return { ok: true };
  } catch (err) {
    return { ok: false, reason: failureReason(run.ctx, decl.Type, err) };
  }
}

function finishResource(pass: UpdatePass, id: string, at: number, outcome: Outcome): void {
  const action = pass.actions.get(id)!;
  if (action.kind === 'unchanged') return;
  const record = pass.run.stack.resources[id]!;
  const verb = pass.verbs.get(id) ?? 'UPDATE';
  resourceEvent(
    pass.run,
    at,
    record,
    `${verb}_${outcome.ok ? 'COMPLETE' : 'FAILED'}`,
    outcome.ok ? undefined : outcome.reason,
  );
}

function cancelResource(pass: UpdatePass, id: string, at: number, outcome: Outcome): void {
  const action = pass.actions.get(id)!;
  if (action.kind === 'unchanged') return;
  const verb = pass.verbs.get(id) ?? 'UPDATE';
  const reason = outcome.ok
    ? `Resource ${verb === 'CREATE' ? 'creation' : 'update'} cancelled`
    : outcome.reason;
  resourceEvent(pass.run, at, pass.run.stack.resources[id]!, `${verb}_FAILED`, reason);
}

/** Cleanup after a successful update: superseded and removed resources deleted, the new template recorded. */
async function completeUpdate(
  pass: UpdatePass,
  state: CloudFormationState,
  change: UpdateChange,
  outputs: OutputRecord[],
  start: number,
): Promise<void> {
  const { run, prepared, ids } = pass;
  const stack = run.stack;
  emitStack(run, start, 'UPDATE_COMPLETE_CLEANUP_IN_PROGRESS');
  const t = await deleteOldPhysicals(run, pass.order, pass.actions, start + 1);
  const removed = Object.values(stack.resources).filter(
    (r) => r.exists && !ids.includes(r.LogicalResourceId),
  );
  const deletion = await deleteResources(
    run,
    removed.map((r) => r.LogicalResourceId),
    t + 1,
  );
  for (const r of removed) if (!r.exists) delete stack.resources[r.LogicalResourceId];
  stack.templateBody = change.body;
  stack.parameters = prepared.params.stackParameters;
  stack.noEcho = change.noEcho;
  stack.Capabilities = change.capabilities;
  if (prepared.template.description !== undefined) stack.Description = prepared.template.description;
  else delete stack.Description;
  stack.outputs = outputs;
  stack.imports = [...prepared.imports];
  registerExports(state, run, outputs);
  emitStack(run, deletion.end + 1, 'UPDATE_COMPLETE');
}

/** Puts every touched resource back as it was, then deletes the physical resources replacements made. */
async function rollBackUpdate(
  pass: UpdatePass,
  failure: string,
  start: number,
  previousTags: Tag[],
): Promise<void> {
  const { run } = pass;
  emitStack(run, start, 'UPDATE_ROLLBACK_IN_PROGRESS', failure);
  let t = start + 1;
  const newPhysicals: ResourceRecord[] = [];
  for (const id of [...pass.order].reverse()) {
    const action = pass.actions.get(id);
    if (!action || action.kind === 'unchanged') continue;
    t = await revertResource(pass, id, action, t, newPhysicals);
  }
  run.stack.Tags = previousTags;
  emitStack(run, t + 1, 'UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS');
  t += 2;
  for (const r of newPhysicals) {
    resourceEvent(run, t, r, 'DELETE_IN_PROGRESS');
    await deleteBestEffort(run, r.LogicalResourceId, r);
    t += duration(run);
    resourceEvent(run, t, r, 'DELETE_COMPLETE');
  }
  emitStack(run, t + 1, 'UPDATE_ROLLBACK_COMPLETE');
}

/** Reverts one resource; returns the time after it. Replacements' new physicals are collected for cleanup. */
async function revertResource(
  pass: UpdatePass,
  id: string,
  action: Exclude<Action, { kind: 'unchanged' }>,
  start: number,
  newPhysicals: ResourceRecord[],
): Promise<number> {
  const { run } = pass;
  const stack = run.stack;
  const record = stack.resources[id]!;
  let t = start;
  if (action.kind === 'created') {
    if (record.exists) {
      resourceEvent(run, t, record, 'DELETE_IN_PROGRESS');
      await deleteBestEffort(run, id, record);
      t += duration(run);
    }
    resourceEvent(run, t, record, 'DELETE_COMPLETE');
    delete stack.resources[id];
    return t;
  }
  if (action.kind === 'replaced') {
    if (record.exists && record.PhysicalResourceId !== action.previous.PhysicalResourceId)
      newPhysicals.push({ ...record });
    stack.resources[id] = action.previous;
    pass.prepared.env.resources[id] = {
      physicalId: action.previous.PhysicalResourceId!,
      attributes: action.previous.attributes,
    };
  } else {
    resourceEvent(run, t, record, 'UPDATE_IN_PROGRESS');
    try {
      await providerFor(run, record.ResourceType).update?.(
        provisionContext(run, id),
        record.PhysicalResourceId!,
        action.previous.properties,
        record.properties,
        record.attributes,
      );
    } catch {
      // Reverting is best effort, as on AWS an UPDATE_ROLLBACK_FAILED would need manual help.
    }
    stack.resources[id] = action.previous;
  }
  if (action.kind === 'replaced') resourceEvent(run, t, action.previous, 'UPDATE_IN_PROGRESS');
  t += duration(run);
  resourceEvent(run, t, action.previous, 'UPDATE_COMPLETE');
  return t;
}

/** Best effort: the resource is reported deleted; a leftover shows up in the service's own listing. */
async function deleteBestEffort(run: Run, id: string, record: ResourceRecord): Promise<void> {
  try {
    await providerFor(run, record.ResourceType).delete(
      provisionContext(run, id),
      record.PhysicalResourceId!,
      record.properties,
      record.attributes,
    );
  } catch {
    // See above.
  }
}

/** Deletes the physical resources that replacements superseded, dependents first. */
async function deleteOldPhysicals(
  run: Run,
  order: string[],
  actions: Map<string, Action>,
  start: number,
): Promise<number> {
  let t = start;
  for (const id of [...order].reverse()) {
    const action = actions.get(id);
    if (action?.kind !== 'replaced' || !action.previous.exists) continue;
    const old = action.previous;
    resourceEvent(run, t, old, 'DELETE_IN_PROGRESS');
    let reason: string | undefined;
    try {
      await providerFor(run, old.ResourceType).delete(
        provisionContext(run, id),
        old.PhysicalResourceId!,
        old.properties,
        old.attributes,
      );
    } catch (err) {
      reason = failureReason(run.ctx, old.ResourceType, err);
    }
    t += duration(run);
    resourceEvent(run, t, old, reason ? 'DELETE_FAILED' : 'DELETE_COMPLETE', reason);
  }
  return t;
}
