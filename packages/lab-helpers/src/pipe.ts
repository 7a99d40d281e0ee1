// The blog piped some CLI outputs through `sort` and `column -t` (Lab 05's checks); the lab runs the same
// programs on the CLI-exact text rather than imitating them, so the columns line up as the blog's did.
import { spawnSync } from 'node:child_process';
import { aws, type StepOptions } from '@handson/labkit';

/**
 * One stage of the pipe: the real program, fed the text on stdin. Plain child_process rather than zx: zx is
 * an ES module, which neither this CommonJS build (what a notebook cell requires) nor tsx's loading of it
 * can import, and the text is a few lines, so a synchronous run costs nothing.
 */
function runStage(program: string, args: string[], input: string): string {
  const run = spawnSync(program, args, { input, encoding: 'utf8', env: { ...process.env, LC_ALL: 'C' } });
  // A program that exits before reading its input (a bad option) leaves EPIPE beside its own exit status:
  // the status and its message are what a shell pipe would show.
  const closedEarly =
    (run.error as NodeJS.ErrnoException | undefined)?.code === 'EPIPE' && run.status !== null;
  if (run.error && !closedEarly) throw run.error;
  if (run.status !== 0)
    throw new Error(`${[program, ...args].join(' ')} exited ${run.status}: ${run.stderr.trim()}`);
  return run.stdout;
}

/**
 * A step whose CLI output the blog piped through other commands: prints the command line with the pipe, runs
 * the real commands on the CLI-exact text (LC_ALL=C so the order is the same everywhere), prints the result
 * and returns it.
 */
export async function piped(
  command: Parameters<typeof aws>[0],
  options: StepOptions,
  pipeline: string[][],
): Promise<string> {
  const chunks: string[] = [];
  const step = await aws(command, { ...options, write: (text) => chunks.push(text) });
  const line = chunks.length > 1 || chunks[0]?.startsWith('$ ') ? chunks[0]! : '';
  let text = step.printed;
  for (const [program = '', ...args] of pipeline) text = runStage(program, args, text);
  const write = options.write ?? ((t: string) => process.stdout.write(t));
  if (line) write(`${line.trimEnd()} \\\n  | ${pipeline.map((p) => p.join(' ')).join(' | ')}\n`);
  write(text);
  return text;
}
