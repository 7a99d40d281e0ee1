import { createInterface } from 'node:readline/promises';
import type { AwsCredentialIdentityProvider } from '@smithy/types';
import { HandsonAwsError } from './errors.js';
import { notice } from './notice.js';
import type { Target } from './target.js';

/**
 * Nothing changes an account that is not the local sandbox before someone said yes to it: before the first
 * request that may change state, the guard names the account, region and caller, says what the run will
 * create, and waits for a confirmation (a prompt on a terminal, `--yes` / HANDSON_YES=1 otherwise).
 * Read-only requests pass, so a script can look around (and --dry-run can resolve the target) first.
 */

/**
 * Operations that only read. The prefixes are the read-only verbs of the AWS APIs the labs use, plus DynamoDB's
 * reads that have no such verb; ReceiveMessage reads too by its IAM access level, but it hides the messages it
 * returns, so it counts as a change here.
 */
const READ_ONLY =
  /^(?:(?:Describe|Get|List|Head|Lookup|Validate|Estimate|Search|Simulate)[A-Z]|(?:Query|Scan|BatchGetItem)$)/;

export function isReadOnlyOperation(operation: string): boolean {
  return READ_ONLY.test(operation.replace(/Command$/, ''));
}

/** What a run is about to do, shown with the confirmation (set by a script's entry, or by a notebook). */
export interface ChangePlan {
  /** e.g. `04-sqs-standard-queue-order/01-create-queue` */
  step: string;
  /** e.g. `SQS queue handson-cli-sqs-novice-queue (tagged handson:lab=04-...)` */
  creates: string[];
  /** The command that removes everything the lab creates. */
  teardown?: string;
}

/** Who is calling, as STS GetCallerIdentity answers. */
export interface Caller {
  account: string;
  arn: string;
}

export type CallerLookup = () => Promise<Caller>;
/** Asks a yes/no question; resolves to the answer typed. */
export type Prompter = (question: string) => Promise<string>;

interface GuardState {
  plan?: ChangePlan;
  dryRun: boolean;
  prompter?: Prompter;
  confirmed: Map<string, Promise<void>>;
}

const state: GuardState = { dryRun: false, confirmed: new Map() };

export function setChangePlan(plan: ChangePlan | undefined): void {
  state.plan = plan;
}

/** In a dry run every request that may change state is refused, whatever the target. */
export function setDryRun(on: boolean): void {
  state.dryRun = on;
}

export function isDryRun(): boolean {
  return state.dryRun;
}

/** Replaces the terminal prompt (tests, or a notebook widget); `undefined` restores the default. */
export function setPrompter(prompter: Prompter | undefined): void {
  state.prompter = prompter;
}

/** Forgets earlier confirmations (tests). */
export function resetConfirmations(): void {
  state.confirmed.clear();
}

const YES = /^(1|true|yes|y)$/i;

export function yesFromEnv(env: NodeJS.ProcessEnv = process.env): boolean {
  return YES.test(env.HANDSON_YES?.trim() ?? '');
}

function terminalPrompter(): Prompter | undefined {
  if (!process.stdin.isTTY || !process.stderr.isTTY) return undefined;
  return async (question) => {
    const rl = createInterface({ input: process.stdin, output: process.stderr });
    try {
      return await rl.question(question);
    } finally {
      rl.close();
    }
  };
}

function where(target: Target, caller: Caller): string {
  const account = `account ${caller.account}`;
  if (target.kind === 'aws') return `the real AWS ${account} in region ${target.region}`;
  return `${account} at ${target.endpoint ?? 'the configured endpoints'} in region ${target.region}`;
}

function summary(target: Target, caller: Caller): string[] {
  const lines = [`About to change ${where(target, caller)}, as ${caller.arn}.`];
  if (/:root$/.test(caller.arn)) {
    lines.push(
      "Warning: these are the account's root user credentials. AWS recommends an IAM user or role for " +
        'everyday work (https://docs.aws.amazon.com/IAM/latest/UserGuide/root-user-best-practices.html).',
    );
  }
  const plan = state.plan;
  if (plan) {
    if (plan.creates.length > 0) lines.push(`${plan.step} creates: ${plan.creates.join('; ')}.`);
    else lines.push(`${plan.step} changes existing resources only.`);
    if (plan.teardown) lines.push(`To remove everything the lab creates afterwards: ${plan.teardown}`);
  }
  return lines;
}

async function confirmOnce(target: Target, caller: Caller): Promise<void> {
  for (const line of summary(target, caller)) notice(line);
  if (yesFromEnv()) {
    notice('Confirmed by HANDSON_YES / --yes.');
    return;
  }
  const ask = state.prompter ?? terminalPrompter();
  if (!ask) {
    throw new HandsonAwsError(
      'ConfirmationRequired',
      `Nothing was changed: this is not the local sandbox and there is no terminal to ask on. ` +
        'Pass --yes (or set HANDSON_YES=1) to confirm.',
    );
  }
  const answer = (await ask('Go ahead? [y/N] ')).trim();
  if (!/^y(es)?$/i.test(answer)) {
    throw new HandsonAwsError('NotConfirmed', 'Nothing was changed: not confirmed.');
  }
}

/**
 * Called before every request. Resolves at once for read-only operations and on the sandbox; otherwise
 * waits for the one confirmation per account, region and endpoint (concurrent requests share it).
 */
export function guardChange(
  target: Target,
  operation: string,
  lookupCaller: CallerLookup,
  identityKey: () => Promise<string>,
): Promise<void> | undefined {
  if (isReadOnlyOperation(operation)) return undefined;
  if (state.dryRun) {
    return Promise.reject(
      new HandsonAwsError(
        'DryRun',
        `--dry-run: ${operation.replace(/Command$/, '')} was not sent (it may change state).`,
      ),
    );
  }
  if (target.kind === 'sandbox') return undefined;
  return (async () => {
    const key = `${await identityKey()}|${target.region}|${target.endpoint ?? ''}`;
    let once = state.confirmed.get(key);
    if (!once) {
      once = lookupCaller().then((caller) => confirmOnce(target, caller));
      once.catch(() => state.confirmed.delete(key));
      state.confirmed.set(key, once);
    }
    return once;
  })();
}

export type { AwsCredentialIdentityProvider };
