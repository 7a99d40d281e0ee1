import { OUTPUT_FORMATS, type OutputFormat, UnknownOutputFormatError } from './errors';
import { formatJson } from './json';
import { parseJsonText } from './json-input';
import { normalize, type TimestampZone } from './normalize';
import { compileQuery } from './query';
import { formatTable } from './table';
import { formatText } from './text';
import { isObject, type Value } from './values';

export interface FormatOptions {
  output: OutputFormat;
  /** Table title; the CLI uses the operation name (e.g. DescribeInternetGateways). */
  title?: string;
  /** Columns for table output; the CLI uses 80 when stdout is not a terminal. */
  terminalWidth?: number;
}

export function assertOutputFormat(output: unknown): asserts output is OutputFormat {
  if (typeof output !== 'string' || !(OUTPUT_FORMATS as readonly string[]).includes(output)) {
    throw new UnknownOutputFormatError(String(output));
  }
}

/** Formats a (queried) result exactly as `aws --output <output>` prints it. */
export function format(result: unknown, options: FormatOptions): string {
  assertOutputFormat(options.output);
  const value = normalize(result);
  switch (options.output) {
    case 'json':
      return formatJson(value);
    case 'text':
      return formatText(value);
    case 'table':
      return formatTable(value, { title: options.title ?? '', terminalWidth: options.terminalWidth });
  }
}

export interface RenderOptions {
  output?: OutputFormat;
  query?: string;
  title?: string;
  terminalWidth?: number;
  timestamps?: TimestampZone;
}

/**
 * The CLI's whole output path for one response: drop ResponseMetadata, apply
 * --query, format (json by default, as the CLI).
 */
export function renderResponse(response: unknown, options: RenderOptions = {}): string {
  const output = options.output ?? 'json';
  assertOutputFormat(output);
  // Validate the expression before touching the data, as the CLI does when parsing arguments.
  const compiled = options.query === undefined ? undefined : compileQuery(options.query);
  let value: Value = normalize(response, { timestamps: options.timestamps });
  if (isObject(value) && !('Errors' in value) && 'ResponseMetadata' in value) {
    const { ResponseMetadata: _dropped, ...rest } = value;
    value = rest;
  }
  if (compiled) value = compiled.search(value) as Value;
  return format(value, { output, title: options.title, terminalWidth: options.terminalWidth });
}

/** renderResponse() for a response given as JSON text (e.g. saved `aws ... --output json`). */
export function renderResponseJson(json: string, options: RenderOptions = {}): string {
  return renderResponse(parseJsonText(json), options);
}
