/**
 * Parameters of the SQS queue model. `sampled` (the default) behaves like real standard queues: messages are
 * spread over simulated storage hosts, short polls sample some of them, counts come from a lagging view.
 * `strict` is the moto-like mode: one ordered store, every receive sees everything, exact counts.
 * See docs/sqs-model.md for what each parameter does and how the defaults were chosen.
 */
export interface SqsModelOptions {
  mode: 'sampled' | 'strict';
  /** Simulated storage hosts a new standard queue spreads its messages over. */
  hosts: number;
  /** Share of hosts a short poll asks (each host is asked with probability share × its weight, at most 1). */
  sampleShare: number;
  /**
   * Chance that a short poll whose sampled hosts hold nothing answers empty although other hosts hold
   * visible messages. 0 keeps scripts that receive once per sent message working; raise it to show the
   * "repeat the request" advice of the ReceiveMessage documentation.
   */
  emptyReceiveChance: number;
  /** Chance that a received message stays visible on another host copy and is delivered again. */
  duplicateChance: number;
  /** Chance per host and per count query that the host refreshes its cached counters. */
  refreshChance: number;
  /** Chance per host and per count query that the host does not answer (its messages are not counted). */
  missChance: number;
  /** Chance per count query that only about half of the hosts answer (the blog's sudden dips). */
  dipChance: number;
  /** After this long without sends, receives or deletes, counts are exact (the view has caught up). */
  settleMs: number;
  /** How long after DeleteQueue before a queue of the same name may be created again (AWS: 60 seconds). */
  recentlyDeletedMs: number;
}

export const DEFAULT_SQS_MODEL_OPTIONS: Readonly<SqsModelOptions> = Object.freeze({
  mode: 'sampled',
  hosts: 8,
  sampleShare: 0.5,
  emptyReceiveChance: 0,
  duplicateChance: 0,
  refreshChance: 0.35,
  missChance: 0.08,
  dipChance: 0.1,
  settleMs: 3000,
  recentlyDeletedMs: 60_000,
});

let configured: Partial<SqsModelOptions> = {};

/** Sets model parameters for every sandbox in this process (`startSandbox({ sqs })` forwards here). */
export function configureSqsModel(options: Partial<SqsModelOptions> | undefined): void {
  configured = { ...(options ?? {}) };
}

function fromEnv(env: NodeJS.ProcessEnv): Partial<SqsModelOptions> {
  const out: Partial<SqsModelOptions> = {};
  const mode = env.HANDSON_SANDBOX_SQS_MODE;
  if (mode === 'strict' || mode === 'sampled') out.mode = mode;
  const dup = Number(env.HANDSON_SANDBOX_SQS_DUPLICATE_CHANCE);
  if (env.HANDSON_SANDBOX_SQS_DUPLICATE_CHANCE && Number.isFinite(dup)) out.duplicateChance = dup;
  const empty = Number(env.HANDSON_SANDBOX_SQS_EMPTY_RECEIVE_CHANCE);
  if (env.HANDSON_SANDBOX_SQS_EMPTY_RECEIVE_CHANCE && Number.isFinite(empty)) out.emptyReceiveChance = empty;
  return out;
}

/** Defaults, then environment variables, then what `configureSqsModel` set, then per-call overrides. */
export function sqsModelOptions(
  overrides?: Partial<SqsModelOptions>,
  env: NodeJS.ProcessEnv = process.env,
): SqsModelOptions {
  return { ...DEFAULT_SQS_MODEL_OPTIONS, ...fromEnv(env), ...configured, ...(overrides ?? {}) };
}
