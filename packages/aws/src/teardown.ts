import { notice } from './notice.js';

export type TeardownStepStatus = 'done' | 'already-gone' | 'failed';

export interface TeardownStepResult {
  description: string;
  status: TeardownStepStatus;
  error?: string;
}

export interface TeardownReport {
  slug: string;
  results: TeardownStepResult[];
  /** True when no step failed (already-gone counts as success). */
  ok: boolean;
}

const NOT_FOUND = [
  /NotFound/, // EC2: InvalidInstanceID.NotFound, InvalidKeyPair.NotFound, InvalidGroup.NotFound …
  /^NoSuch/, // IAM NoSuchEntity(Exception), S3 NoSuchBucket
  /NonExistentQueue|QueueDoesNotExist/, // SQS, both protocols
  /^ENOENT$/, // local files (keys, .pem, credentials files)
];

/**
 * Whether an error means "it is already gone": the AWS error codes for a missing resource, a stack that
 * does not exist, or a local file that is not there. Teardown treats these as success.
 */
export function isNotFound(error: unknown): boolean {
  if (!error || typeof error !== 'object') return false;
  const e = error as { name?: unknown; code?: unknown; Code?: unknown; message?: unknown };
  const names = [e.name, e.code, e.Code].filter((v): v is string => typeof v === 'string');
  if (names.some((name) => NOT_FOUND.some((pattern) => pattern.test(name)))) return true;
  // CloudFormation answers ValidationError "Stack with id X does not exist".
  return (
    names.includes('ValidationError') && typeof e.message === 'string' && /does not exist/.test(e.message)
  );
}

/** A lookup's answer, or undefined when AWS says there is no such thing (any other error is thrown). */
export function orMissing<T>(lookup: Promise<T>): Promise<T | undefined> {
  return lookup.catch((error: unknown) => {
    if (isNotFound(error)) return undefined;
    throw error;
  });
}

function describeError(error: unknown): string {
  if (error && typeof error === 'object') {
    const e = error as { name?: string; message?: string };
    return e.name && e.message ? `${e.name}: ${e.message}` : String(e.message ?? e.name ?? error);
  }
  return String(error);
}

export interface Teardown {
  readonly slug: string;
  /** Registers an undo step; steps run in reverse order of registration. */
  add(description: string, step: () => unknown): Teardown;
  readonly size: number;
  /** Runs every step (newest first), past failures, reporting each; safe to run again. */
  run(): Promise<TeardownReport>;
}

export interface TeardownOptions {
  /** Where each step's line goes (default: the package's notices, stderr). */
  log?: (line: string) => void;
}

/** A registry of undo steps for one lab: `td.add('delete user X', () => iam.send(...))`, then `await td.run()`. */
export function teardown(slug: string, options: TeardownOptions = {}): Teardown {
  const steps: Array<{ description: string; step: () => unknown }> = [];
  const log = options.log ?? notice;
  const registry: Teardown = {
    slug,
    add(description, step) {
      steps.push({ description, step });
      return registry;
    },
    get size() {
      return steps.length;
    },
    async run() {
      const results: TeardownStepResult[] = [];
      for (const { description, step } of [...steps].reverse()) {
        try {
          await step();
          results.push({ description, status: 'done' });
          log(`teardown ${slug}: done          ${description}`);
        } catch (error) {
          if (isNotFound(error)) {
            results.push({ description, status: 'already-gone' });
            log(`teardown ${slug}: already gone  ${description}`);
          } else {
            const message = describeError(error);
            results.push({ description, status: 'failed', error: message });
            log(`teardown ${slug}: FAILED        ${description} (${message})`);
          }
        }
      }
      return { slug, results, ok: results.every((r) => r.status !== 'failed') };
    },
  };
  return registry;
}
