/**
 * What the engine needs from a resource type: create it, maybe update it in place, delete it. Real providers
 * call the other services' handlers through ctx.call (so IAM enforcement applies to the caller); tests use
 * small fakes.
 */
import type { Handler, RequestContext } from '../../../core/types';
import type { Tag } from '../state';

/** Free-form JSON: a request's members or a resource's evaluated properties, as handlers receive them. */
export type Props = Parameters<Handler>[1];

export interface ProvisionContext {
  ctx: RequestContext;
  stackName: string;
  stackId: string;
  logicalId: string;
  /** aws:cloudformation:stack-name / logical-id / stack-id, then the stack's own tags. */
  tags: Tag[];
  /** A name as CloudFormation generates them: `<stack>-<logicalId>-<RANDOM>`, at most `maxLength` long. */
  physicalName(maxLength?: number): string;
}

export interface Created {
  physicalId: string;
  /** Fn::GetAtt values. */
  attributes: Record<string, unknown>;
}

export interface ResourceProvider {
  create(p: ProvisionContext, properties: Props): Promise<Created>;
  /**
   * Applies changed properties in place and returns the new attributes, or `undefined` when these changes
   * need a replacement. Absent: every change replaces the resource.
   */
  update?(
    p: ProvisionContext,
    physicalId: string,
    properties: Props,
    previous: Props,
    attributes: Record<string, unknown>,
  ): Promise<Record<string, unknown> | undefined>;
  delete(
    p: ProvisionContext,
    physicalId: string,
    properties: Props,
    attributes: Record<string, unknown>,
  ): Promise<void>;
}

export type ProviderRegistry = Record<string, ResourceProvider>;
