import { readdirSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { Command, Option } from 'commander';
import { exportMarkdown, type Flavor, NO_REDACT_WARNING } from './export-markdown';
import { projectRoot } from './jupyter-env';
import { launchJupyter } from './launch-jupyter';
import { readNotebook } from './notebook-file';
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

export function buildProgram(): Command {
  const program = new Command('handson-notebook')
    .description('Run, check, regenerate and export the hands-on notebooks (tslab kernel).')
    .showHelpAfterError();

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

  program
    .command('export')
    .description('turn a notebook into a blog post (Hatena Markdown by default), secrets redacted')
    .argument('<notebook>', 'notebook file')
    .addOption(
      new Option('-f, --flavor <flavor>', 'hatena (the blog) or gfm (GitHub)')
        .choices(['hatena', 'gfm'])
        .default('hatena'),
    )
    .option('--no-redact', 'do not mask secrets, account ids and public IPs (prints a warning)')
    .option('-o, --output <file>', 'write the post to a file instead of stdout')
    .action((path: string, opts: { flavor: Flavor; redact: boolean; output?: string }) => {
      if (!opts.redact) console.error(NO_REDACT_WARNING);
      const result = exportMarkdown(readNotebook(path), { flavor: opts.flavor, redact: opts.redact });
      if (opts.output) {
        writeFileSync(opts.output, result.markdown);
        const masked = result.redactions.map((r) => `${r.rule} ×${r.values}`).join(', ') || 'nothing to mask';
        console.error(
          `${opts.output}: ${opts.flavor} post written (redacted: ${opts.redact ? masked : 'OFF'})`,
        );
      } else {
        process.stdout.write(result.markdown);
      }
    });

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
