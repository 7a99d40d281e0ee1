import { CliOutputError } from './errors';
import { type FormatOptions, format, type RenderOptions, renderResponse } from './format';
import { PAGINATED } from './paginators';

export interface SdkOutputOptions extends Omit<RenderOptions, 'title'> {
  /**
   * The operation, which titles tables as the CLI does: 'DescribeInternetGateways',
   * or the SDK v3 command (its class name without "Command") or its class.
   */
  operation: string | object;
  /** Disambiguates operations with the same name in several services (e.g. 'ec2'). */
  service?: string;
  /**
   * Shape paginated results as the CLI does (its default, --paginate): only the
   * paginator's result keys and non-aggregate keys, so IsTruncated, Marker and
   * NextToken disappear. Default true; known for the services the labs use.
   */
  paginate?: boolean;
}

/** What botocore's PageIterator.build_full_result() keeps of a single page. */
export function asFullResult(response: unknown, operation: string, service?: string): unknown {
  const byService = PAGINATED[operation];
  if (!byService || response === null || typeof response !== 'object' || Array.isArray(response))
    return response;
  const entries = Object.entries(byService);
  const entry =
    service === undefined ? (entries.length === 1 ? entries[0]?.[1] : undefined) : byService[service];
  if (!entry) return response;
  const page = response as Record<string, unknown>;
  const [resultKeys, nonAggregateKeys] = entry;
  const full: Record<string, unknown> = {};
  // Result keys the page lacks stay absent; non-aggregate keys are always set, null when absent.
  for (const key of resultKeys) if (page[key] !== undefined && page[key] !== null) full[key] = page[key];
  for (const key of nonAggregateKeys) full[key] = page[key] ?? null;
  return full;
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
  if (options.paginate !== false) response = asFullResult(response, title, options.service);
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

/** Prints an SDK v3 output as the CLI would (for notebooks and the lab scripts). */
export function printSdkOutput(output: unknown, options: SdkOutputOptions & { write?: Write }): void {
  const text = formatSdkOutput(output, { terminalWidth: stdoutWidth(), ...options });
  (options.write ?? defaultWrite)(text);
}

/** Prints an already queried result in one of the CLI's output formats. */
export function printOutput(result: unknown, options: FormatOptions & { write?: Write }): void {
  const text = format(result, { terminalWidth: stdoutWidth(), ...options });
  (options.write ?? defaultWrite)(text);
}
