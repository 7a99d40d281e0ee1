/** Stack creation (with rollback) and deletion, built on the engine's create/delete steps. */
import { createResources, deleteResources, emitStack, type Run } from './engine';
import type { CloudFormationState, OutputRecord } from './state';
import type { DependencyGraph } from './template/graph';
import { type EvalEnv, evaluate } from './template/intrinsics';
import type { ParsedTemplate } from './template/parse';

export type OnFailure = 'ROLLBACK' | 'DO_NOTHING' | 'DELETE';

/** The resources a template creates once conditions are applied, in template order. */
export function activeResources(template: ParsedTemplate, conditions: Record<string, boolean>): string[] {
  return Object.entries(template.resources)
    .filter(([, r]) => r.Condition === undefined || conditions[r.Condition])
    .map(([id]) => id);
}

/** Evaluates Outputs; throws an AwsError (stack failure) on a bad value or a clashing export name. */
export function computeOutputs(
  template: ParsedTemplate,
  env: EvalEnv,
  state: CloudFormationState,
  stackId: string,
): OutputRecord[] {
  const outputs: OutputRecord[] = [];
  for (const [key, decl] of Object.entries(template.outputs)) {
    if (decl.Condition !== undefined && !env.conditions?.[decl.Condition]) continue;
    const raw = evaluate(decl.Value, env, ['Outputs', key, 'Value']);
    const value = Array.isArray(raw) ? raw.join(',') : String(raw);
    const out: OutputRecord = { OutputKey: key, OutputValue: value };
    if (decl.Description !== undefined)
      out.Description = String(evaluate(decl.Description, env, ['Outputs', key]));
    if (decl.Export) {
      const name = String(evaluate(decl.Export.Name, env, ['Outputs', key, 'Export', 'Name']));
      const existing = state.exports[name];
      if (existing && existing.stackId !== stackId) {
        throw new Error(`Export with name ${name} is already exported by stack ${existing.stackName}`);
      }
      out.ExportName = name;
    }
    outputs.push(out);
  }
  return outputs;
}

export function registerExports(state: CloudFormationState, run: Run, outputs: OutputRecord[]): void {
  for (const [name, e] of Object.entries(state.exports))
    if (e.stackId === run.stack.StackId) delete state.exports[name];
  for (const o of outputs) {
    if (o.ExportName)
      state.exports[o.ExportName] = {
        stackId: run.stack.StackId,
        stackName: run.stack.StackName,
        value: o.OutputValue,
      };
  }
}

export async function runCreate(
  run: Run,
  state: CloudFormationState,
  template: ParsedTemplate,
  env: EvalEnv,
  graph: DependencyGraph,
  onFailure: OnFailure,
): Promise<void> {
  const t0 = run.now;
  emitStack(run, t0, 'CREATE_IN_PROGRESS', 'User Initiated');
  const ids = activeResources(template, env.conditions ?? {});
  const { failed, end } = await createResources(run, template, env, graph, ids, t0 + 3);
  let reason: string;
  if (failed.length === 0) {
    try {
      const outputs = computeOutputs(template, env, state, run.stack.StackId);
      run.stack.outputs = outputs;
      registerExports(state, run, outputs);
      emitStack(run, end + 1, 'CREATE_COMPLETE');
      return;
    } catch (err) {
      reason = (err as Error).message;
    }
  } else {
    reason = `The following resource(s) failed to create: [${failed.join(', ')}]. `;
  }
  if (onFailure === 'DO_NOTHING') {
    emitStack(run, end + 1, 'CREATE_FAILED', reason);
    return;
  }
  emitStack(
    run,
    end + 1,
    'ROLLBACK_IN_PROGRESS',
    `${reason}${reason.endsWith('. ') ? '' : '. '}Rollback requested by user.`,
  );
  const rollback = await deleteResources(run, Object.keys(run.stack.resources), end + 2);
  if (rollback.remaining.length > 0) {
    emitStack(
      run,
      rollback.end + 1,
      'ROLLBACK_FAILED',
      `The following resource(s) failed to delete: [${rollback.remaining.join(', ')}]. `,
    );
    return;
  }
  emitStack(run, rollback.end + 1, 'ROLLBACK_COMPLETE');
  if (onFailure === 'DELETE') {
    emitStack(run, rollback.end + 2, 'DELETE_IN_PROGRESS', 'User Initiated');
    emitStack(run, rollback.end + 3, 'DELETE_COMPLETE');
    run.stack.DeletionTime = new Date(rollback.end + 3).toISOString();
  }
}

export async function runDelete(run: Run, state: CloudFormationState): Promise<void> {
  const t0 = run.now;
  emitStack(run, t0, 'DELETE_IN_PROGRESS', 'User Initiated');
  const ids = Object.values(run.stack.resources)
    .filter((r) => r.exists)
    .map((r) => r.LogicalResourceId);
  const { remaining, end } = await deleteResources(run, ids, t0 + 3);
  if (remaining.length > 0) {
    emitStack(
      run,
      end + 1,
      'DELETE_FAILED',
      `The following resource(s) failed to delete: [${remaining.join(', ')}]. `,
    );
    return;
  }
  emitStack(run, end + 1, 'DELETE_COMPLETE');
  run.stack.DeletionTime = new Date(end + 1).toISOString();
  for (const [name, e] of Object.entries(state.exports))
    if (e.stackId === run.stack.StackId) delete state.exports[name];
}
