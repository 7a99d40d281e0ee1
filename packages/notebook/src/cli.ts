import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { Command, Option } from 'commander';
import { type Flavor, NO_REDACT_WARNING } from './export-markdown';
import { exportPost, makeOutputDir, writeOutput, writePost } from './export-post';
import { projectRoot } from './jupyter-env';
import { launchJupyter } from './launch-jupyter';
import { describeFailure, type RunnerName } from './run-model';
import {
  checkNotebook,
  comparableText,
  describeCheck,
  regenerateNotebook,
  runNotebook,
  storedForm,
} from './stored-outputs';

/** notebooks/*.ipynb of the project, when no notebook is named. */
export function defaultNotebooks(root: string = projectRoot()): string[] {
  const dir = join(root, 'notebooks');
  let names: string[] = [];
  try {
    names = readdirSync(dir).filter((name) => name.endsWith('.ipynb'));
  } catch {
    return [];
  }
  return names.sort().map((name) => relative(process.cwd(), join(dir, name)) || name);
}

function targets(paths: string[]): string[] {
  const chosen = paths.length > 0 ? paths : defaultNotebooks();
  if (chosen.length === 0) throw new Error('no notebooks given and none found in notebooks/*.ipynb');
  return chosen;
}

const runnerOption = () =>
  new Option(
    '-r, --runner <runner>',
    'in-process (tslab executor, fast) or jupyter (the real kernel via nbclient)',
  )
    .choices(['in-process', 'jupyter'])
    .default('in-process');

/**
 * Commander keeps a `--` that follows an unknown option (`--port 9999 -- --help`) among the arguments; for
 * Jupyter it would end its options, so it goes, as it does when it comes first.
 */
function afterSeparator(args: string[]): string[] {
  const separator = args.indexOf('--');
  return separator === -1 ? args : [...args.slice(0, separator), ...args.slice(separator + 1)];
}

interface ExportCliOptions {
  flavor: Flavor;
  redact: boolean;
  all?: boolean;
  preview?: boolean;
  output?: string;
}

function maskedSummary(redactions: { rule: string; values: number }[], redact: boolean): string {
  if (!redact) return 'OFF';
  return redactions.map((r) => `${r.rule} ×${r.values}`).join(', ') || 'nothing to mask';
}

/** One notebook to stdout or a .md file (charts inline), or any number into a directory (charts as files). */
function exportCommand(paths: string[], opts: ExportCliOptions): void {
  const chosen = opts.all ? defaultNotebooks() : paths;
  if (chosen.length === 0) throw new Error('name a notebook, or use --all -o DIR');
  if (opts.all && paths.length > 0) throw new Error('--all exports every notebook: name none with it');
  const toFile = opts.output?.endsWith('.md');
  if ((!opts.output || toFile) && (chosen.length > 1 || opts.preview))
    throw new Error('several notebooks or --preview need -o DIR');
  if (opts.output && !toFile) makeOutputDir(opts.output);
  if (!opts.redact) console.error(NO_REDACT_WARNING);
  if (!opts.output || toFile) {
    const result = exportPost(chosen[0]!, { flavor: opts.flavor, redact: opts.redact, inline: true });
    if (!opts.output) return void process.stdout.write(result.markdown);
    writeOutput(opts.output, result.markdown);
    console.error(
      `${opts.output}: ${opts.flavor} post written (redacted: ${maskedSummary(result.redactions, opts.redact)})`,
    );
    return;
  }
  for (const path of chosen) {
    const post = writePost(path, opts.output, opts);
    console.error(
      `${post.files.join(', ')}: written (redacted: ${maskedSummary(post.redactions, opts.redact)})`,
    );
  }
}

/** Bad input to the export commands: one line on stderr, exit code 2, nothing (more) written. */
function usageErrors(action: () => void): void {
  try {
    action();
  } catch (error) {
    console.error(`error: ${(error as Error).message.split('\n')[0]}`);
    process.exitCode = 2;
  }
}

/** Commander's own errors (unknown option, bad choice) as one line with exit code 2; --help exits 0. */
function oneLineErrors(command: Command): Command {
  return command.showHelpAfterError(false).exitOverride((error) => {
    process.exit(error.exitCode === 0 ? 0 : 2);
  });
}

/** run, check and regenerate: execute notebooks, then print, compare or write back their outputs. */
function addRunCommands(program: Command): void {
  program
    .command('run')
    .description('execute notebooks headlessly and print their outputs (nothing is written)')
    .argument('[notebooks...]', 'notebook files (default: notebooks/*.ipynb)')
    .addOption(runnerOption())
    .action(async (paths: string[], opts: { runner: RunnerName }) => {
      for (const path of targets(paths)) {
        const run = await runNotebook(path, { runner: opts.runner });
        if (run.failure) {
          console.error(describeFailure(run));
          process.exitCode = 1;
          continue;
        }
        process.stdout.write(comparableText(storedForm(run), []));
        console.log(`${path}: ${run.cells.length} cells ran (${run.runner})`);
      }
    });

  program
    .command('check')
    .description(
      're-execute notebooks and compare with their stored outputs (normalised); show a diff on mismatch',
    )
    .argument('[notebooks...]', 'notebook files (default: notebooks/*.ipynb)')
    .addOption(runnerOption())
    .action(async (paths: string[], opts: { runner: RunnerName }) => {
      for (const path of targets(paths)) {
        try {
          const result = await checkNotebook(path, { runner: opts.runner });
          (result.ok ? console.log : console.error)(describeCheck(result));
          if (!result.ok) process.exitCode = 1;
        } catch (error) {
          console.error((error as Error).message);
          process.exitCode = 1;
        }
      }
    });

  program
    .command('regenerate')
    .description('execute notebooks and write their cleaned, redacted outputs back')
    .argument('[notebooks...]', 'notebook files (default: notebooks/*.ipynb)')
    .addOption(runnerOption())
    .action(async (paths: string[], opts: { runner: RunnerName }) => {
      for (const path of targets(paths)) {
        try {
          const result = await regenerateNotebook(path, { runner: opts.runner });
          console.log(`${path}: ${result.changed ? 'outputs updated' : 'unchanged'} (${result.run.runner})`);
        } catch (error) {
          console.error((error as Error).message);
          process.exitCode = 1;
        }
      }
    });
}

/** export: notebooks as blog posts. */
function addExportCommand(program: Command): void {
  oneLineErrors(
    program
      .command('export')
      .description(
        'turn notebooks into blog posts (Hatena Markdown by default), outputs masked; with -o DIR, charts as files',
      )
      .argument('[notebooks...]', 'notebook files (with --all: every notebooks/*.ipynb)')
      .addOption(
        new Option('-f, --flavor <flavor>', 'hatena (the blog) or gfm (GitHub)')
          .choices(['hatena', 'gfm'])
          .default('hatena'),
      )
      .option('--all', 'export every notebook in notebooks/ (needs -o DIR)')
      .option('--no-redact', 'do not mask secrets, account ids and public IPs (prints a warning)')
      .option(
        '--preview',
        'also write NN-slug.html, the post rendered, to look at before publishing (needs -o DIR)',
      )
      .option(
        '-o, --output <path>',
        'a directory: NN-slug.md and its chart files (SVG, PNG); a .md file: one post',
      )
      .addHelpText(
        'after',
        [
          '',
          'Cell tags shape the post: export-hide (left out), export-output-only (output without code),',
          'export-elide (long output cut around 中略), export-table (aligned columns as a Markdown table).',
          '',
          'Examples:',
          '  handson-notebook export notebooks/04-sqs-standard-queue-order.ipynb > post.md',
          '  handson-notebook export --all -o posts --preview',
        ].join('\n'),
      )
      .action((paths: string[], opts: ExportCliOptions) => usageErrors(() => exportCommand(paths, opts))),
  );
}

/** jupyter: Jupyter with the project's kernel, its own arguments passed through. */
function addJupyterCommand(program: Command): void {
  program
    .command('jupyter')
    .description(
      "open Jupyter Lab (or Notebook) in notebooks/ with this project's tslab kernel (as root: adds --allow-root)",
    )
    .option('--dry-run', 'print what would run')
    .argument(
      '[jupyterArgs...]',
      "arguments for Jupyter, as they are (--port 9999); after -- also this command's own (-- --help)",
    )
    // Jupyter's options are not this command's: they reach Jupyter unparsed and in order, so
    // `npm run jupyter -- --port 9999` works without a second `--`. Help is an ordinary option here because
    // commander's own looks for --help even after `--`, where it is Jupyter's.
    .allowUnknownOption()
    .helpOption(false)
    .option('-h, --help', 'display help for command')
    .action(async (jupyterArgs: string[], opts: { dryRun?: boolean; help?: boolean }, command: Command) => {
      if (opts.help) command.help();
      process.exitCode = await launchJupyter({ dryRun: opts.dryRun, extraArgs: afterSeparator(jupyterArgs) });
    });
}

export function buildProgram(): Command {
  const program = new Command('handson-notebook')
    .description('Run, check, regenerate and export the hands-on notebooks (tslab kernel).')
    .showHelpAfterError();

  addRunCommands(program);
  addExportCommand(program);
  addJupyterCommand(program);
  return program;
}

export async function main(argv: string[] = process.argv): Promise<void> {
  try {
    await buildProgram().parseAsync(argv);
  } catch (error) {
    console.error((error as Error).message);
    process.exitCode = 1;
  }
}
