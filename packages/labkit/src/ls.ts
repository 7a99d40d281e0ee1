import { spawnSync } from 'node:child_process';

export interface LsOptions {
  /** The arguments as the transcript shows them (the blog's `${DIR_ACCESS_KEY}`); default the real ones. */
  shown?: string;
  /** Where printed text goes (default: stdout). */
  write?: (text: string) => void;
}

export interface LsResult {
  /** ls's exit status: 0, or 2 when a path does not exist. */
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs the system's `ls` as the blog's terminal did and prints `$ ls ...` and what it wrote, so a listing
 * shows the real mode, links, owner, size and time (`-rw------- 1 ec2-user ec2-user 128 ...`) and a missing
 * path the real complaint. C locale: the same words and date format whatever the learner's language.
 */
export function ls(args: string[], options: LsOptions = {}): LsResult {
  const write = options.write ?? ((text: string) => process.stdout.write(text));
  const run = spawnSync('ls', args, { encoding: 'utf8', env: { ...process.env, LC_ALL: 'C' } });
  if (run.error)
    throw new Error(`ls could not run here (${run.error.message}): the lab shows listings with it`);
  write(`$ ls ${options.shown ?? args.join(' ')}\n${run.stdout}${run.stderr}`);
  return { code: run.status ?? 1, stdout: run.stdout, stderr: run.stderr };
}
