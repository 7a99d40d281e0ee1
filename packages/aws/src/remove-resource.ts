import { type AwsClients, clients } from './clients.js';
import { RESOURCE_KINDS, type ResourceKind } from './resource-kinds.js';

/**
 * Removes one resource of a kind the way the sweep does, with what AWS requires gone first (an IAM user's
 * keys, login profile, policies and group memberships; a bucket's objects; an instance profile's role; a
 * trail's logging…). Whether the resource is the caller's to remove is the caller's check (its lab tag). A
 * resource already gone throws AWS's not-found error (`isNotFound`).
 */
export async function removeResource(
  kind: ResourceKind,
  id: string,
  c: AwsClients = clients(),
): Promise<void> {
  await (await RESOURCE_KINDS[kind].ops()).remove(c, id);
}
