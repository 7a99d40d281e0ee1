import { type AwsClients, clients, type OutputOf, regionSetting, type SdkCommand } from '@handson/aws';
import { cliErrorMessage, errorCode, errorCodes, sendAllPages } from '@handson/cli';
import { type CliCommandOptions, toCliCommand } from '@handson/cli/command';
import { markPrinted } from './printed';
import { recordCall } from './record';

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
  /**
   * Stop as the AWS CLI does when the environment names no region (AWS_REGION, AWS_DEFAULT_REGION, the
   * profile's `region`): print its message and send nothing. Without this the helpers fall back to the
   * blog's region on the sandbox, so a step showing the blog's "You must specify a region" asks for it.
   */
  requireRegion?: boolean;
}

/** What the AWS CLI prints (on stderr, exit 253) when it finds no region; botocore calls it NoRegionError. */
export const NO_REGION_MESSAGE =
  'You must specify a region. You can also configure your region by running "aws configure".';

/** The error `aws()` throws (or returns, with `expectError: 'NoRegion'`) when `requireRegion` finds none. */
export class NoRegionError extends Error {
  readonly code = 'NoRegion';
  constructor() {
    super(NO_REGION_MESSAGE);
    this.name = 'NoRegionError';
  }
}

export interface StepResult<T> {
  /** The SDK output, `$metadata` included. */
  output: T;
  /** What was printed after the command line: the CLI-exact output, or the CLI's error line. */
  printed: string;
  /** The AWS error code when the step failed as expected. */
  errorCode?: string;
  error?: unknown;
  /** A streaming answer's bytes (GetObject's Body), read to the end; the printed output leaves it out, as the CLI does. */
  bytes?: Uint8Array;
}

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

  if (options.requireRegion && regionSetting(process.env).region === undefined) {
    const error = new NoRegionError();
    const printed = `\n${NO_REGION_MESSAGE}\n`;
    say(printed);
    if (!options.quiet) markPrinted(error);
    if (options.expectError === error.code)
      return { output: undefined as T, printed, errorCode: error.code, error };
    throw error;
  }
  recordCall(command, options);
  const set = options.clients ?? clients();
  const client = (set as unknown as Record<string, { send(c: unknown): Promise<unknown> }>)[
    cli.botocoreService
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
      service: cli.botocoreService,
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
  // The CLI writes a streaming body to its output file and prints the rest of the answer.
  let bytes: Uint8Array | undefined;
  const body = (output as { Body?: { transformToByteArray?: () => Promise<Uint8Array> } }).Body;
  if (typeof body?.transformToByteArray === 'function') {
    bytes = await body.transformToByteArray();
    const { Body: _body, ...rest } = output as Record<string, unknown>;
    output = rest as T;
  }
  const printed = cli.formatOutput(output);
  say(printed);
  return { output, printed, ...(bytes ? { bytes } : {}) };
}
