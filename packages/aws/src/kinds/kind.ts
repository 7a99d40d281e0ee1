import { allPages } from '@handson/cli';
import type { AwsClients } from '../clients.js';
import type { LabClient } from '../lab-client.js';

/** An EC2 filter (`tag:handson:lab`, `tag-key`): EC2 narrows by tag server-side, the other services do not. */
export interface TagFilter {
  Name: string;
  Values: string[];
}

/** A resource as its kind's list finds it: the id its removal takes, and its tags in either shape. */
export interface Found {
  id: string;
  tags: Array<{ Key?: string; Value?: string }> | Record<string, string> | undefined;
}

/** How to find every resource of one kind, with its tags, and how to remove one. */
export interface KindOps {
  /** Every resource of the kind the clients can see, with its tags (`filters` are for EC2's own filtering). */
  list(c: AwsClients, filters: TagFilter[]): Promise<Found[]>;
  /** Removes one (`id`: the name, id, URL or ARN `list` gave), and first whatever AWS requires gone before it. */
  remove(c: AwsClients, id: string): Promise<void>;
}

/**
 * One kind of resource the labs create and tag. The sweep and the labs' teardowns both remove through it.
 */
export interface ResourceKindSpec {
  /** The sweep's teardown line: `terminate` or `delete`, and what goes first (`its objects`). */
  verb: 'delete' | 'terminate';
  first?: string;
  /** Kept per region (EC2, CloudTrail): the sweep looks in every region it is given, not once. */
  regional?: boolean;
  /** Its list and removal, loaded on first use: each needs its service's SDK client package. */
  ops(): Promise<KindOps>;
}

/** A list read to the end: a real account's lists come in pages (see @handson/cli allPages). */
export const list = <O>(client: LabClient, command: { input: object; schema?: unknown }) =>
  allPages<O>(client as never, command);
