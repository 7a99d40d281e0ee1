/**
 * What the read operations show: the stack and its resources as of the sandbox clock. Events scheduled in the
 * simulated future are not visible yet, so the stack appears to progress.
 */
import { STACK_TYPE } from './engine';
import type { StackEventRecord, StackRecord } from './state';

export interface ResourceView {
  LogicalResourceId: string;
  PhysicalResourceId?: string;
  ResourceType: string;
  Timestamp: Date;
  ResourceStatus: string;
  ResourceStatusReason?: string;
}

export function visibleEvents(stack: StackRecord, now: number): StackEventRecord[] {
  return stack.events.filter((e) => Date.parse(e.Timestamp) <= now);
}

export function stackStatus(stack: StackRecord, now: number): { status: string; reason?: string } {
  let found: StackEventRecord | undefined;
  for (const e of stack.events) {
    if (
      e.ResourceType === STACK_TYPE &&
      e.LogicalResourceId === stack.StackName &&
      Date.parse(e.Timestamp) <= now
    )
      found = e;
  }
  if (!found) return { status: stack.events[0]?.ResourceStatus ?? 'CREATE_IN_PROGRESS' };
  return {
    status: found.ResourceStatus,
    ...(found.ResourceStatusReason ? { reason: found.ResourceStatusReason } : {}),
  };
}

export function isDeleted(stack: StackRecord, now: number): boolean {
  return stackStatus(stack, now).status === 'DELETE_COMPLETE';
}

/** Whether the stack has scheduled events still in the future. */
export function isBusy(stack: StackRecord, now: number): boolean {
  return Date.parse(stack.busyUntil) > now;
}

const OUTPUT_STATES = [
  'CREATE_COMPLETE',
  'UPDATE_COMPLETE',
  'UPDATE_ROLLBACK_COMPLETE',
  'UPDATE_IN_PROGRESS',
  'UPDATE_COMPLETE_CLEANUP_IN_PROGRESS',
  'UPDATE_ROLLBACK_IN_PROGRESS',
  'UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS',
  'UPDATE_ROLLBACK_FAILED',
  'UPDATE_FAILED',
  'DELETE_IN_PROGRESS',
  'DELETE_FAILED',
];

export function describeStack(stack: StackRecord, now: number): Record<string, unknown> {
  const { status, reason } = stackStatus(stack, now);
  const out: Record<string, unknown> = {
    StackId: stack.StackId,
    StackName: stack.StackName,
    ...(stack.Description !== undefined ? { Description: stack.Description } : {}),
    Parameters: stack.parameters.map((p) => ({
      ParameterKey: p.ParameterKey,
      ParameterValue: stack.noEcho.includes(p.ParameterKey) ? '****' : p.ParameterValue,
      ...(p.ResolvedValue !== undefined ? { ResolvedValue: p.ResolvedValue } : {}),
    })),
    CreationTime: new Date(stack.CreationTime),
    ...(stack.LastUpdatedTime && Date.parse(stack.LastUpdatedTime) <= now
      ? { LastUpdatedTime: new Date(stack.LastUpdatedTime) }
      : {}),
    ...(status === 'DELETE_COMPLETE' && stack.DeletionTime
      ? { DeletionTime: new Date(stack.DeletionTime) }
      : {}),
    RollbackConfiguration: {},
    StackStatus: status,
    ...(reason !== undefined ? { StackStatusReason: reason } : {}),
    DisableRollback: stack.DisableRollback,
    NotificationARNs: stack.NotificationARNs,
    ...(stack.TimeoutInMinutes !== undefined ? { TimeoutInMinutes: stack.TimeoutInMinutes } : {}),
    ...(stack.Capabilities.length > 0 ? { Capabilities: stack.Capabilities } : {}),
    ...(OUTPUT_STATES.includes(status) && stack.outputs.length > 0 ? { Outputs: stack.outputs } : {}),
    ...(stack.RoleARN !== undefined ? { RoleARN: stack.RoleARN } : {}),
    Tags: stack.Tags,
    EnableTerminationProtection: stack.EnableTerminationProtection,
    DriftInformation: { StackDriftStatus: 'NOT_CHECKED' },
  };
  return out;
}

export function eventView(e: StackEventRecord): Record<string, unknown> {
  return { ...e, Timestamp: new Date(e.Timestamp) };
}

/** Each resource with its latest visible status, in the order they first appeared. */
export function resourceViews(stack: StackRecord, now: number): ResourceView[] {
  const byId = new Map<string, ResourceView>();
  for (const e of visibleEvents(stack, now)) {
    if (e.ResourceType === STACK_TYPE && e.LogicalResourceId === stack.StackName) continue;
    const view: ResourceView = {
      LogicalResourceId: e.LogicalResourceId,
      ResourceType: e.ResourceType,
      Timestamp: new Date(e.Timestamp),
      ResourceStatus: e.ResourceStatus,
      ...(e.PhysicalResourceId ? { PhysicalResourceId: e.PhysicalResourceId } : {}),
      ...(e.ResourceStatusReason ? { ResourceStatusReason: e.ResourceStatusReason } : {}),
    };
    const prev = byId.get(e.LogicalResourceId);
    if (prev && !view.PhysicalResourceId && prev.PhysicalResourceId)
      view.PhysicalResourceId = prev.PhysicalResourceId;
    byId.set(e.LogicalResourceId, view);
  }
  return [...byId.values()];
}
