import { NormalizedSchema } from '@smithy/core/schema';
import { formatS3Ls } from '../s3-ls';
import { formatSdkOutput } from '../sdk';
import { botocoreServiceName } from '../service-name';
import { type Customization, customizationsFor, renamedBoolean } from './customizations';
import { maskSensitiveOutput } from './mask-output';
import { cliName, cliServiceName } from './names';
import { decodePolicyDocuments } from './policy-documents';
import { shellQuote } from './quote';
import { renderValue, toJsonValue } from './render';
import { schemaFor } from './schemaless';
import type { SdkCommandLike } from './sdk-command';

export interface CliCommandOptions {
  /** `--query`, when the cell filtered the output. */
  query?: string;
  /** `--output`, when the cell chose a format. */
  output?: 'json' | 'text' | 'table';
  /**
   * Members whose value came from a file: rendered as `file://PATH` (user data, template bodies), or as the
   * bare PATH for a streaming blob (`s3api put-object --body PATH`), which the CLI reads as a file name.
   */
  files?: Record<string, string>;
  /** The file a streaming answer is written to: the CLI's positional last argument (`s3api get-object ... FILE`). */
  outfile?: string;
  /** Show sensitive members (passwords, key material) instead of masking them. */
  reveal?: boolean;
  /**
   * The CLI paginates some operations itself and takes `--max-items` as a total over all pages; set this when
   * the SDK call was made through a paginator, and leave the page-size member out of the input.
   */
  maxItems?: number;
}

export interface CliCommand {
  /** The CLI's command group: `s3api` for S3's API. */
  service: string;
  /** botocore's name for the service (`s3` for S3): the paginator table's key. */
  botocoreService: string;
  operation: string;
  /** `['aws', 'iam', 'create-user']`, then one group per parameter: `['--user-name', 'x']`. */
  groups: string[][];
  /** The whole command on one line, quoted for bash. */
  oneLine(): string;
  /** One parameter per line with ` \` continuations, as the blog writes long commands. */
  multiline(indent?: string): string;
  /**
   * What this command line prints for the SDK output (whole, all pages joined): with its `--query` and
   * `--output`, IAM's policy documents decoded as the CLI decodes them, secrets masked unless `reveal`.
   */
  formatOutput(output: unknown): string;
}

const MASK = '****';

function operationSchema(command: SdkCommandLike): NormalizedSchema {
  const schema = command.schema ?? schemaFor(command);
  if (!schema) {
    throw new TypeError(
      'this command carries no operation schema: pass an AWS SDK v3 command object (e.g. new CreateUserCommand({...}))',
    );
  }
  return NormalizedSchema.of(schema as never);
}

/** The aws CLI v2 command line equivalent to an SDK v3 command. */
export function toCliCommand(command: SdkCommandLike, options: CliCommandOptions = {}): CliCommand {
  const op = (command.schema ?? schemaFor(command)) as [number, string, string, ...unknown[]];
  const opSchema = operationSchema(command);
  const namespace = op[1];
  const operationName = opSchema.getName() ?? String(op[2]);
  const service = cliServiceName(namespace);
  const botocoreService = botocoreServiceName(namespace);
  const input = (command.input ?? {}) as Record<string, unknown>;
  const inputSchema = NormalizedSchema.of((op[4] as () => never)());
  const members = new Map(inputSchema.structIterator());

  // The blog lists buckets with the CLI's own `aws s3 ls`, which calls ListBuckets and prints its own lines.
  const s3Ls = service === 's3api' && operationName === 'ListBuckets' && !options.query && !options.output;
  const head = s3Ls ? ['aws', 's3', 'ls'] : ['aws', service, cliName(operationName)];
  const groups = s3Ls ? [] : parameterGroups(service, operationName, input, members, options);
  if (groups.some((group) => group.slice(1).includes('--'))) {
    // The CLI's option parser drops a value that is exactly "--" (it means "end of options"), whatever the
    // quoting: such a request can only be written as the whole input in JSON.
    const whole = Object.fromEntries(
      Object.entries(input).map(([member, value]) => [
        member,
        members.get(member)?.getMergedTraits().sensitive && !options.reveal ? MASK : value,
      ]),
    );
    groups.splice(0, groups.length, ['--cli-input-json', JSON.stringify(toJsonValue(whole))]);
  }
  attachDashValues(groups);
  if (options.maxItems !== undefined) groups.push(['--max-items', String(options.maxItems)]);
  if (options.query !== undefined) groups.push(['--query', options.query]);
  if (options.output !== undefined) groups.push(['--output', options.output]);
  if (options.outfile !== undefined) groups.push([options.outfile]);

  const quoted = (words: string[]) => words.map(shellQuote).join(' ');
  return {
    service,
    botocoreService,
    operation: operationName,
    groups: [head, ...groups],
    oneLine: () => [head, ...groups].map(quoted).join(' '),
    multiline: (indent = '  ') =>
      groups.length === 0
        ? quoted(head)
        : [quoted(head), ...groups.map((g) => indent + quoted(g))].join(' \\\n'),
    formatOutput: (output) => {
      const shown = decodePolicyDocuments(
        command,
        options.reveal ? output : maskSensitiveOutput(command, output),
      );
      return s3Ls
        ? formatS3Ls(shown as Parameters<typeof formatS3Ls>[0])
        : formatSdkOutput(shown, {
            operation: operationName,
            service: botocoreService,
            query: options.query,
            output: options.output,
          });
    },
  };
}

/** One group per parameter the input sets, `--flag value...`, with the CLI's customizations and secrets masked. */
function parameterGroups(
  service: string,
  operationName: string,
  input: Record<string, unknown>,
  members: Map<string, NormalizedSchema>,
  options: CliCommandOptions,
): string[][] {
  const groups: string[][] = [];
  // The input's own key order, which is the order the lab (and the blog) wrote the parameters in.
  const customs = customizationsFor(service, operationName);
  const rendered = new Set<Customization>();
  for (const [member, value] of Object.entries(input)) {
    if (value === undefined) continue;
    const custom = customs.find((c) => c.members.includes(member));
    if (custom && rendered.has(custom)) continue;
    const customGroups = custom?.render(input);
    if (custom && customGroups !== undefined) {
      groups.push(...customGroups);
      rendered.add(custom);
      continue;
    }
    const schema = members.get(member);
    if (!schema) throw new TypeError(`${member} is not a parameter of ${operationName}`);
    const flag = `--${cliName(member)}`;
    const file = options.files?.[member];
    if (file !== undefined) {
      groups.push([flag, schema.isStreaming() ? file : `file://${file}`]);
    } else if (schema.isBooleanSchema()) {
      groups.push([
        renamedBoolean(service, operationName, member, Boolean(value)) ??
          (value ? flag : `--no-${cliName(member)}`),
      ]);
    } else if (schema.getMergedTraits().sensitive && !options.reveal) {
      groups.push([flag, MASK]);
    } else {
      groups.push([flag, ...renderValue(value, schema)]);
    }
  }
  return groups;
}

/**
 * `--password -6Rc…` makes the CLI's argument parser take the value for an option and fail ("expected one
 * argument"); `--password=-6Rc…` is the one form it reads as a value. Negative numbers are left alone: the
 * parser reads `--port -1` as a value, and that is how people write it.
 */
function attachDashValues(groups: string[][]): void {
  for (const [i, group] of groups.entries()) {
    const [flag, value, ...rest] = group;
    if (
      rest.length === 0 &&
      flag?.startsWith('--') &&
      value?.startsWith('-') &&
      !/^-\d+(\.\d+)?$/.test(value)
    )
      groups[i] = [`${flag}=${value}`];
  }
}
