import { appendFileSync, readFileSync } from 'node:fs';
import { type CliCommandOptions, toCliCommand } from '@handson/cli/command';

/**
 * With HANDSON_RECORD_CALLS=<file>, every lab step appends what it sent — the SDK command and the aws command
 * line it printed (secrets unmasked, file:// contents included) — so a test can prove the two are the same
 * request. Off by default; the file is only ever written by tests into a temporary directory.
 */
export interface RecordedCall {
  /** The SDK package, e.g. `@aws-sdk/client-iam`. */
  sdkPackage: string;
  /** The command class, e.g. `CreateUserCommand`. */
  command: string;
  /** The command input, with Dates and bytes tagged so they survive JSON. */
  input: unknown;
  /** The aws command line, unmasked. */
  line: string;
  /** file:// arguments: path → contents. */
  files: Record<string, string>;
}

function tag(value: unknown): unknown {
  if (value instanceof Date) return { $date: value.toISOString() };
  if (value instanceof Uint8Array) return { $bytes: Buffer.from(value).toString('base64') };
  if (Array.isArray(value)) return value.map(tag);
  if (value && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, tag(v)]));
  return value;
}

/** Reverses `tag`. */
export function untag(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(untag);
  if (value && typeof value === 'object') {
    const v = value as Record<string, unknown>;
    if (typeof v.$date === 'string') return new Date(v.$date);
    if (typeof v.$bytes === 'string') return new Uint8Array(Buffer.from(v.$bytes, 'base64'));
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, untag(x)]));
  }
  return value;
}

export function recordCall(command: { input: unknown; schema?: unknown }, options: CliCommandOptions): void {
  const file = process.env.HANDSON_RECORD_CALLS;
  if (!file) return;
  const cli = toCliCommand(command as never, { ...options, reveal: true });
  const files: Record<string, string> = {};
  for (const path of Object.values(options.files ?? {})) files[path] = readFileSync(path, 'utf8');
  const call: RecordedCall = {
    sdkPackage: `@aws-sdk/client-${cli.botocoreService}`,
    command: `${cli.operation}Command`,
    input: tag(command.input),
    line: cli.oneLine(),
    files,
  };
  appendFileSync(file, `${JSON.stringify(call)}\n`, { mode: 0o600 });
}
