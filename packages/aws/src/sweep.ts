import { type AwsClients, clients } from './clients.js';
import type { SweepOptions, SweepResult } from './sweep-run.js';

export type { SweepItem, SweepKind, SweepOptions, SweepResult } from './sweep-run.js';

/**
 * Finds what the labs left behind by their handson:lab tag (one lab's, or every lab's), on whatever the
 * target is, and with `delete: true` removes it in dependency order through a teardown registry. Loaded on first use: it needs the EC2, IAM, SQS and CloudFormation clients, which a script that never
 * sweeps should not pay to load.
 */
export async function sweep(slug?: string, options: SweepOptions = {}): Promise<SweepResult> {
  const { sweep: run } = await import('./sweep-run.js');
  return run(slug, options);
}

/**
 * Deletes an IAM user the way the sweep does, with what IAM requires gone first: its access keys, login
 * profile, attached and inline policies and group memberships. Whether the user is the caller's to delete is
 * the caller's check (its lab tag).
 */
export async function deleteIamUser(userName: string, c: AwsClients = clients()): Promise<void> {
  const { deleteUser } = await import('./sweep-run.js');
  await deleteUser(c, userName);
}
