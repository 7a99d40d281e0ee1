// The one entry every runnable lab script goes through, as its first statement:
//
//   await step(LAB, '01-create-queue');
//
// --help prints what the step does, the AWS calls it makes, the variables it reads, what it creates and the
// teardown that removes it, then exits: no credentials loaded, no request sent, no file written. --dry-run
// names the target and prints the calls, sending nothing that may change state. Off the local sandbox the
// first change waits for a confirmation (see @handson/aws change-guard). Errors print as the AWS CLI prints
// them, plus one hint; the stack only with --debug.
import { parseArgs } from 'node:util';
import { confirmChanges, isReadOnlyOperation, setChangePlan, setDryRun, targetLine } from '@handson/aws';
import { setTeardownCommand, teardownCommand } from '@handson/labkit';
import { installErrorReport } from './error-report.mts';
import { declaredOperations, renderCalls } from './help.mts';
import { invocation } from './invocation.mts';
import { type LabManifest, type OptionSpec, type StepSpec, stepOf } from './manifest.mts';
import { usage } from './usage.mts';

const COMMON: Record<string, OptionSpec & { short?: string }> = {
  help: { type: 'boolean', short: 'h', description: 'show this text; loads no credentials, sends nothing' },
  'dry-run': {
    type: 'boolean',
    description: 'name the target and print the calls; send nothing that may change state',
  },
  yes: {
    type: 'boolean',
    short: 'y',
    description: 'confirm changes to an account that is not the local sandbox (same as HANDSON_YES=1)',
  },
  debug: { type: 'boolean', description: 'print the full error, stack included' },
};

export type StepArgs = Record<string, string | boolean | undefined>;

function parse(spec: StepSpec, args: string[]): StepArgs {
  const options = { ...COMMON, ...spec.options };
  const config = Object.fromEntries(
    Object.entries(options).map(([name, o]) => [
      name,
      { type: o.type, ...('short' in o && o.short ? { short: o.short } : {}) },
    ]),
  );
  return parseArgs({ args, options: config, strict: true, allowPositionals: false }).values as StepArgs;
}

/** parseArgs's messages run to three sentences; one line says the same. */
export function argumentError(error: unknown, name: string): string {
  const message = error instanceof Error ? error.message : String(error);
  const unknown = message.match(/Unknown option '([^']+)'/);
  if (unknown) return `${name}: unknown option ${unknown[1]} (--help lists the options)`;
  const positional = message.match(/Unexpected argument '([^']+)'/);
  if (positional) return `${name}: unexpected argument ${positional[1]} (--help lists the options)`;
  return `${name}: ${message.split('. ')[0]} (--help lists the options)`;
}

/**
 * Starts a lab step: handles --help and --dry-run (both end the process), sets up the confirmation and the
 * error report, prints the target line, and returns the parsed options.
 */
export async function step(lab: LabManifest, name: string, argv = process.argv.slice(2)): Promise<StepArgs> {
  const spec = stepOf(lab, name);
  if (!spec) throw new Error(`${lab.slug} has no step ${name} in its manifest`);
  let args: StepArgs;
  try {
    args = parse(spec, argv);
  } catch (error) {
    console.error(argumentError(error, invocation(lab.slug, name)));
    process.exit(2);
  }
  if (args.help) {
    console.log(usage(lab, name, COMMON));
    process.exit(0);
  }
  installErrorReport({ debug: Boolean(args.debug), slug: lab.slug });
  setTeardownCommand((slug) => invocation(slug, 'teardown'));
  if (args.yes) process.env.HANDSON_YES = '1';
  setChangePlan({
    step: `${lab.slug}/${name}`,
    creates: spec.creates ?? [],
    teardown: teardownCommand(lab.slug),
  });
  if (args['dry-run']) {
    setDryRun(true);
    console.error(await targetLine());
    console.log(`--dry-run: ${invocation(lab.slug, name)} would make these calls (nothing was sent):`);
    console.log(renderCalls(lab, spec, { known: true }).join('\n'));
    process.exit(0);
  }
  console.error(await targetLine());
  if (declaredOperations(spec).some((operation) => !isReadOnlyOperation(operation))) await confirmChanges();
  return args;
}
