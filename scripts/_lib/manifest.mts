// A lab as one unit: its slug, blog post, steps (what each does, the AWS calls it makes, the variables it
// reads, what it creates) and teardown. The scripts' --help and --dry-run, the labs runner, the CloudShell
// bundler and the tests read it; a test proves each step's declared calls are the calls its run makes.
import type { SdkCommand } from '@handson/aws';
import type { CliCommandOptions } from '@handson/cli/command';

/**
 * A lab variable in a call: its value when known (a dry run after the earlier steps), else a placeholder
 * that --help prints as `${NAME}`, the blog's shell variable.
 */
export type VarRef = (name: string) => string;

/** One AWS call: the SDK command, with the `--query` / `--output` the step prints it with. */
export type CallSpec = SdkCommand | readonly [SdkCommand, CliCommandOptions];

export interface OptionSpec {
  type: 'boolean' | 'string';
  description: string;
}

export interface StepSpec {
  /** What the step does, in a sentence or two. */
  does: string;
  /** The AWS calls it can make, in order (a call made only in some cases is listed too). */
  calls: (v: VarRef) => CallSpec[];
  /** Environment variables that change what it does, and how. */
  env?: Record<string, string>;
  /** Lab variables it needs, each with the step that sets it. */
  needs?: Record<string, string>;
  /** What it creates in the account, for the confirmation and --help (empty: it changes nothing). */
  creates?: string[];
  /** Local files it writes, for --help. */
  files?: string[];
  /** Options of its own, beyond the common ones. */
  options?: Record<string, OptionSpec>;
}

export interface TeardownSpec extends StepSpec {
  /** What it removes. */
  removes: string[];
}

/** Something the lab teaches that a run must see happen, and the step that looks for it. */
export interface LessonSpec {
  /** What a run should show, e.g. `a standard queue delivers some messages out of send order`. */
  expect: string;
  /** The step that records whether it was seen (observeLesson in @handson/labkit). */
  step: string;
}

export interface LabManifest {
  /** `NN-kebab-slug`, shared by notebook, scripts and tests. */
  slug: string;
  title: string;
  /**
   * The blog post it comes from: its title, its lines in the blog's text (`blog-posts.ja.txt`, 1-based,
   * inclusive) and their length in characters, counted once from that text, which is not part of the project
   * (`npm run notebooks:lengths -- --blog FILE` recounts). The notebook's post lengths (docs/export.md) and the
   * README's labs table are checked against it.
   */
  blog: { post: string; lines: readonly [number, number]; chars: number };
  /** Environment variables every step of the lab reads. */
  env?: Record<string, string>;
  /** What a run must observe, by key (the key observeLesson records). */
  lessons: Record<string, LessonSpec>;
  /** The steps by script name (file name without `.mts`), in the order they run. */
  steps: Record<string, StepSpec>;
  teardown: TeardownSpec;
}

/** The manifest of a lab, checked for the things a typo would break. */
export function defineLab(lab: LabManifest): LabManifest {
  if (!/^\d\d-[a-z0-9-]+$/.test(lab.slug)) throw new Error(`lab slug ${lab.slug} is not NN-kebab-slug`);
  for (const name of Object.keys(lab.steps)) {
    if (!/^\d\d-[a-z0-9-]+$/.test(name)) throw new Error(`${lab.slug}: step ${name} is not NN-name`);
  }
  for (const [key, lesson] of Object.entries(lab.lessons)) {
    if (!(lesson.step in lab.steps))
      throw new Error(`${lab.slug}: lesson ${key} names no step ${lesson.step}`);
  }
  return lab;
}

/** A step by script name; `teardown` is the teardown. */
export function stepOf(lab: LabManifest, name: string): StepSpec | undefined {
  return name === 'teardown' ? lab.teardown : lab.steps[name];
}

/** Every runnable script of a lab, in order: the steps, then `teardown`. */
export function scriptNames(lab: LabManifest): string[] {
  return [...Object.keys(lab.steps), 'teardown'];
}
