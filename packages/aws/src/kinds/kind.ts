import { allPages } from '@handson/cli-output';
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

/**
 * One kind of resource the labs create and tag: how to find every one of them, and how to remove one with
 * whatever AWS requires gone before it. The sweep and the labs' teardowns both remove through `remove`.
 */
export interface ResourceKindSpec {
  /** Every resource of the kind the clients can see, with its tags (`filters` are for EC2's own filtering). */
  list(c: AwsClients, filters: TagFilter[]): Promise<Found[]>;
  /** Removes one (`id`: the name, id, URL or ARN `list` gave), dependencies first. */
  remove(c: AwsClients, id: string): Promise<void>;
  /** The sweep's teardown line: `terminate` or `delete`, and what goes first (`its objects`). */
  verb: 'delete' | 'terminate';
  first?: string;
  /** Kept per region (EC2, CloudTrail): the sweep looks in every region it is given, not once. */
  regional?: boolean;
}

/** A list read to the end: a real account's lists come in pages (see @handson/cli-output allPages). */
export const list = <O>(client: LabClient, command: { input: object; schema?: unknown }) =>
  allPages<O>(client as never, command);
