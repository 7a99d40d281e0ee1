import { type AwsClients, clients, type OutputOf, type SdkCommand } from '@handson/aws';
import { type CliCommandOptions, toCliCommand } from '@handson/cli-command';
import { formatSdkOutput, sendAllPages } from '@handson/cli-output';
import { cliErrorMessage, errorCode, errorCodes, markPrinted } from './cli-error';
import { maskSecretMembers } from './mask-output';
import { recordCall } from './record';
import { formatS3Ls } from './s3-ls';

export interface StepOptions extends CliCommandOptions {
  /** The AWS error code this step is expected to fail with (e.g. `AccessDenied`); the step then returns it. */
  expectError?: string;
  /** Print `$ aws ...` before the output (default: on; `HANDSON_TRANSCRIPT=0` turns it off). */
  transcript?: boolean;
  /** Print nothing at all. */
  quiet?: boolean;
  /** Where printed text goes (default: stdout). */
  write?: (text: string) => void;
  /** Another identity's clients (e.g. a lab user's keys) instead of the environment's. */
  clients?: AwsClients;
}

export interface StepResult<T> {
  /** The SDK output, `$metadata` included. */
  output: T;
  /** What was printed after the command line: the CLI-exact output, or the CLI's error line. */
  printed: string;
  /** The AWS error code when the step failed as expected. */
  errorCode?: string;
  error?: unknown;
}

/** The CLI's name for S3's API commands is s3api; botocore's (and the paginator table's) is s3. */
const botocoreService = (cliService: string) => (cliService === 's3api' ? 's3' : cliService);

function transcriptOn(options: StepOptions): boolean {
  if (options.transcript !== undefined) return options.transcript;
  return process.env.HANDSON_TRANSCRIPT !== '0';
}

/**
 * One lab step: prints the aws command line the SDK call stands for, sends it, and prints what the AWS CLI
 * would print for it (same `--query` and `--output`), with secrets masked unless `reveal` is set.
 */
export async function aws<C extends SdkCommand, T = OutputOf<C>>(
  command: C,
  options: StepOptions = {},
): Promise<StepResult<T>> {
  const cli = toCliCommand(command, options);
  const write = options.write ?? ((text: string) => process.stdout.write(text));
  const say = (text: string) => {
    if (!options.quiet && text) write(text);
  };
  if (transcriptOn(options)) say(`$ ${cli.multiline()}\n`);

  recordCall(command, options);
  const set = options.clients ?? clients();
  const client = (set as unknown as Record<string, { send(c: unknown): Promise<unknown> }>)[
    cli.service === 's3api' || cli.service === 's3' ? 's3' : cli.service
  ];
  if (!client) throw new Error(`no client for the ${cli.service} service`);

  let output: T;
  try {
    const send = (input: Record<string, unknown>) =>
      client.send(
        input === command.input ? command : new (command.constructor as new (i: unknown) => C)(input),
      ) as Promise<Record<string, unknown>>;
    output = (await sendAllPages(send, command.input, {
      operation: cli.operation,
      service: botocoreService(cli.service),
      ...(options.maxItems === undefined ? {} : { maxItems: options.maxItems }),
    })) as T;
  } catch (error) {
    const code = errorCode(error);
    if (!code) throw error;
    const printed = `\n${cliErrorMessage(error, cli.operation)}\n`;
    say(printed);
    if (!options.quiet) markPrinted(error);
    if (options.expectError && errorCodes(error).includes(options.expectError))
      return { output: undefined as T, printed, errorCode: code, error };
    throw error;
  }
  if (options.expectError) {
    throw new Error(`expected ${cli.operation} to fail with ${options.expectError}, but it succeeded`);
  }
  const shown = options.reveal ? output : maskSecretMembers(output);
  const printed =
    cli.groups[0]?.[1] === 's3' && cli.operation === 'ListBuckets'
      ? formatS3Ls(shown as never)
      : formatSdkOutput(shown, {
          operation: cli.operation,
          service: botocoreService(cli.service),
          query: options.query,
          output: options.output,
        });
  say(printed);
  return { output, printed };
}
