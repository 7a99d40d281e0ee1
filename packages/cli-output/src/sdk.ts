import { CliOutputError } from './errors';
import { type FormatOptions, format, type RenderOptions, renderResponse } from './format';

export interface SdkOutputOptions extends Omit<RenderOptions, 'title'> {
  /**
   * The operation, which titles tables as the CLI does: 'DescribeInternetGateways',
   * or the SDK v3 command (its class name without "Command") or its class.
   */
  operation: string | object;
}

function operationName(operation: string | object): string {
  if (typeof operation === 'string') return operation.replace(/Command$/, '');
  const name = typeof operation === 'function' ? operation.name : operation.constructor?.name;
  if (!name || name === 'Object') {
    throw new CliOutputError(
      'operation must be an operation name such as "DescribeVpcs" or an SDK v3 command.',
    );
  }
  return name.replace(/Command$/, '');
}

/**
 * Formats an SDK v3 command output the way the AWS CLI prints the same call:
 * `$metadata` removed, Dates as the CLI's ISO 8601 strings, the operation
 * name as the table title, then --query and --output (json by default).
 */
export function formatSdkOutput(output: unknown, options: SdkOutputOptions): string {
  const title = operationName(options.operation);
  let response = output;
  if (response !== null && typeof response === 'object' && '$metadata' in response) {
    const { $metadata: _metadata, ...rest } = response as Record<string, unknown>;
    response = rest;
  }
  return renderResponse(response, { ...options, title });
}

type Write = (text: string) => void;

function stdoutWidth(): number | undefined {
  // Like the CLI: the terminal's width when stdout is one, else 80.
  return process.stdout.isTTY ? process.stdout.columns : undefined;
}

function defaultWrite(text: string): void {
  process.stdout.write(text);
}

/** Prints an SDK v3 output as the CLI would (for notebooks and zx scripts). */
export function printSdkOutput(output: unknown, options: SdkOutputOptions & { write?: Write }): void {
  const text = formatSdkOutput(output, { terminalWidth: stdoutWidth(), ...options });
  (options.write ?? defaultWrite)(text);
}

/** Prints an already queried result in one of the CLI's output formats. */
export function printOutput(result: unknown, options: FormatOptions & { write?: Write }): void {
  const text = format(result, { terminalWidth: stdoutWidth(), ...options });
  (options.write ?? defaultWrite)(text);
}
