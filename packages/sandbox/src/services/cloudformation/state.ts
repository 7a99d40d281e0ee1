/** CloudFormation's stored state for one account and region (JSON-serialisable), and small id helpers. */
import type { RequestContext, Rng } from '../../core/types';
import type { StackParameter } from './template/parameters';

export interface Tag {
  Key: string;
  Value: string;
}

export interface StackEventRecord {
  StackId: string;
  EventId: string;
  StackName: string;
  LogicalResourceId: string;
  PhysicalResourceId?: string;
  ResourceType: string;
  /** ISO time; events in the future are not visible yet (the stack is still "working"). */
  Timestamp: string;
  ResourceStatus: string;
  ResourceStatusReason?: string;
  ResourceProperties?: string;
}

export interface ResourceRecord {
  LogicalResourceId: string;
  ResourceType: string;
  PhysicalResourceId?: string;
  /** The evaluated properties it was created or last updated with. */
  properties: Record<string, unknown>;
  attributes: Record<string, unknown>;
  /** Logical ids it depended on when provisioned (deletion reverses this). */
  dependsOn: string[];
  /** Whether the physical resource currently exists. */
  exists: boolean;
  /** `Retain` keeps the physical resource when the stack deletes it. */
  deletionPolicy?: string;
  Description?: string;
  Metadata?: unknown;
}

export interface OutputRecord {
  OutputKey: string;
  OutputValue: string;
  Description?: string;
  ExportName?: string;
}

export interface StackRecord {
  StackId: string;
  StackName: string;
  Description?: string;
  CreationTime: string;
  LastUpdatedTime?: string;
  DeletionTime?: string;
  templateBody: string;
  parameters: StackParameter[];
  noEcho: string[];
  Tags: Tag[];
  Capabilities: string[];
  NotificationARNs: string[];
  DisableRollback: boolean;
  EnableTerminationProtection: boolean;
  TimeoutInMinutes?: number;
  RoleARN?: string;
  outputs: OutputRecord[];
  resources: Record<string, ResourceRecord>;
  events: StackEventRecord[];
  /** When the last scheduled event of the current operation happens. */
  busyUntil: string;
  /** Export names this stack imports (an export in use cannot be deleted). */
  imports: string[];
}

export interface ChangeRecord {
  Type: 'Resource';
  ResourceChange: {
    Action: 'Add' | 'Modify' | 'Remove';
    LogicalResourceId: string;
    PhysicalResourceId?: string;
    ResourceType: string;
    Replacement?: 'True' | 'False' | 'Conditional';
    Scope: string[];
    Details: Record<string, unknown>[];
  };
}

export interface ChangeSetRecord {
  ChangeSetId: string;
  ChangeSetName: string;
  StackId: string;
  StackName: string;
  Description?: string;
  CreationTime: string;
  ChangeSetType: 'CREATE' | 'UPDATE';
  templateBody: string;
  /** Parameters as given (UsePreviousValue kept), resolved again when executed. */
  given: { ParameterKey?: string; ParameterValue?: string; UsePreviousValue?: boolean }[];
  parameters: StackParameter[];
  Capabilities: string[];
  Tags?: Tag[];
  Status: string;
  StatusReason?: string;
  ExecutionStatus: string;
  Changes: ChangeRecord[];
}

export interface CloudFormationState {
  stacks: StackRecord[];
  /** Absent in state saved before change sets existed. */
  changeSets?: ChangeSetRecord[];
  /** Export name → the stack exporting it and the value. */
  exports: Record<string, { stackId: string; stackName: string; value: string }>;
}

export function cloudFormationState(ctx: RequestContext): CloudFormationState {
  return ctx.store<CloudFormationState>('cloudformation', 'region', () => ({ stacks: [], exports: {} }));
}

export function uuid(rng: Rng): string {
  const hex = rng.chars(32, '0123456789abcdef');
  const variant = '89ab'[rng.int(0, 3)];
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

export function stackArn(ctx: RequestContext, name: string): string {
  return `arn:aws:cloudformation:${ctx.region}:${ctx.accountId}:stack/${name}/${uuid(ctx.rng)}`;
}
