import { existsSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { notice } from '@handson/aws';
import { workDir } from './work-dir';

/**
 * Running a lab step again must not make a second user, key or instance: each creating step first looks for
 * what it would create. Found and made by this lab: it is reused and the step says so. Found but not the lab's
 * (no lab tag, e.g. a user of the same name from the reader's own hands-on): the step stops and leaves it alone.
 */

/** A lab step that cannot go on, for a reason the learner can act on: printed as one line, no stack. */
export class LabStepError extends Error {
  override name = 'LabStepError';
}

let teardownCommandFor = (slug: string) => `./scripts/${slug}/teardown.mts`;

/** How to run a lab's teardown from where this process was started (a checkout, or a CloudShell bundle). */
export function teardownCommand(slug: string): string {
  return teardownCommandFor(slug);
}

export function setTeardownCommand(fn: (slug: string) => string): void {
  teardownCommandFor = fn;
}

export interface OnceOptions<T> {
  /** The lab's slug, for the teardown hint. */
  slug: string;
  /** e.g. `IAM user handson-cli-novice-user` */
  what: string;
  /** Read-only lookup: the resource, or undefined when it does not exist. */
  find: () => Promise<T | undefined>;
  create: () => Promise<T>;
  /** Whether what was found is this lab's (its lab tag, or the lab's own record of making it). */
  ours?: (found: T) => boolean | Promise<boolean>;
}

export interface OnceResult<T> {
  value: T;
  created: boolean;
}

export async function createOnce<T>(options: OnceOptions<T>): Promise<OnceResult<T>> {
  const found = await options.find();
  if (found === undefined) return { value: await options.create(), created: true };
  if (options.ours && !(await options.ours(found))) {
    throw new LabStepError(
      `${options.what} already exists and was not made by this lab (it has no handson:lab=${options.slug} tag), ` +
        'so the lab leaves it alone: delete or rename it yourself if it is yours to remove, then run this step again.',
    );
  }
  notice(
    `${options.what} already exists (from an earlier run of this lab): using it as it is. ` +
      `To start over, run ${teardownCommand(options.slug)} first.`,
  );
  return { value: found, created: false };
}

const doneFile = (slug: string) => join(workDir(slug), 'cells-done.json');

function readDone(slug: string): Record<string, unknown> {
  const file = doneFile(slug);
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>) : {};
}

/**
 * A notebook cell that creates something, made safe to run again: the first run does `fn` and records its
 * result (JSON, owner-only, in the lab's work directory, which its teardown removes); a later run says the
 * cell already ran and hands back that result instead of creating a second user, key or instance. After a
 * teardown the record is gone and the cell creates again.
 */
export async function once<T>(slug: string, key: string, fn: () => Promise<T>): Promise<T> {
  const done = readDone(slug);
  if (key in done) {
    notice(
      `This cell already ran (${key}): nothing was created again, and the earlier result is used. ` +
        `To start over, run ${teardownCommand(slug)} (or the teardown cells) first.`,
    );
    return done[key] as T;
  }
  const value = await fn();
  const file = doneFile(slug);
  writeFileSync(`${file}.tmp`, `${JSON.stringify({ ...readDone(slug), [key]: value }, null, 2)}\n`, {
    mode: 0o600,
  });
  renameSync(`${file}.tmp`, file);
  return value;
}

/** Forgets which cells ran (a teardown calls it): the next run of each cell creates again. */
export function forgetOnce(slug: string): void {
  rmSync(doneFile(slug), { force: true });
}
