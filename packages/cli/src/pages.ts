import { PAGINATED, PAGINATION_TOKENS } from './paginators';
import { botocoreServiceName } from './service-name';

/**
 * Follows pages as the AWS CLI does by default: for every operation its paginator table lists, keep calling
 * with the response's continuation members until the service says there is no more, and join the result
 * lists (botocore's build_full_result). `maxItems` is the CLI's `--max-items`: a total over all pages.
 * As in the CLI, a call that sets its own page size or continuation token gets one page and no more.
 */
export type SendPage = (input: Record<string, unknown>) => Promise<Record<string, unknown>>;

export interface PaginateOptions {
  operation: string;
  /** botocore's service name: ec2, iam, sqs, cloudformation, cloudtrail, cloudwatch, devops-guru, dynamodb, guardduty, s3, sts. */
  service: string;
  maxItems?: number;
}

const absent = (value: unknown) => value === undefined || value === null || value === '';

function tokensFor(options: PaginateOptions) {
  const tokens = PAGINATION_TOKENS[options.operation]?.[options.service];
  const keys = PAGINATED[options.operation]?.[options.service];
  if (!tokens || !keys) return undefined;
  // Tokens such as S3's `NextMarker || Contents[-1].Key` are expressions, which no service here uses.
  if ([...tokens.input, ...tokens.output].some((name) => !/^\w+$/.test(name))) return undefined;
  return { ...tokens, resultKeys: keys[0] };
}

/** Whether the CLI would page through this call (it does not when the input sets paging members). */
export function pagesThrough(input: Record<string, unknown>, options: PaginateOptions): boolean {
  const tokens = tokensFor(options);
  if (!tokens) return false;
  const own = [...tokens.input, ...(tokens.limit ? [tokens.limit] : [])];
  return own.every((name) => absent(input[name]));
}

function count(merged: Record<string, unknown>, keys: readonly string[]): number {
  return keys.reduce((n, key) => n + (Array.isArray(merged[key]) ? (merged[key] as unknown[]).length : 0), 0);
}

export async function sendAllPages(
  send: SendPage,
  input: Record<string, unknown>,
  options: PaginateOptions,
): Promise<Record<string, unknown>> {
  const tokens = tokensFor(options);
  if (!tokens || !pagesThrough(input, options)) return send(input);
  let merged: Record<string, unknown> | undefined;
  let previous: string | undefined;
  let next = { ...input };
  for (;;) {
    const page = await send(next);
    if (!merged) merged = { ...page };
    else {
      for (const key of tokens.resultKeys) {
        const more = page[key];
        if (Array.isArray(more)) merged[key] = [...((merged[key] as unknown[] | undefined) ?? []), ...more];
        // botocore's build_full_result sums numeric result keys (DynamoDB Query's Count and ScannedCount).
        else if (typeof more === 'number') merged[key] = ((merged[key] as number | undefined) ?? 0) + more;
      }
    }
    const limit = options.maxItems;
    if (limit !== undefined && count(merged, tokens.resultKeys) >= limit) {
      for (const key of tokens.resultKeys) {
        const list = merged[key];
        if (Array.isArray(list)) merged[key] = list.slice(0, limit);
      }
      break;
    }
    const outputs = tokens.output.map((name) => page[name]);
    const more = tokens.more ? page[tokens.more] === true : true;
    if (!more || outputs.every(absent)) break;
    // botocore stops with an error when a service hands back the token it was given: so does this.
    const key = JSON.stringify(outputs);
    if (key === previous) throw new Error(`${options.operation} returned the same continuation token twice`);
    previous = key;
    next = { ...input, ...Object.fromEntries(tokens.input.map((name, i) => [name, outputs[i]])) };
  }
  for (const name of [...tokens.output, ...(tokens.more ? [tokens.more] : [])]) delete merged[name];
  return merged;
}

/** An SDK v3 command: its input, and the schema that names its service. */
interface CommandLike {
  input: object;
  schema?: unknown;
}

interface ClientLike {
  send(command: never): Promise<unknown>;
}

/** botocore's name for the service the command's operation schema names. */
function serviceOf(command: CommandLike): string {
  return botocoreServiceName(Array.isArray(command.schema) ? String(command.schema[1]) : '');
}

/**
 * Sends an SDK v3 command with a plain client and follows its pages to the end, as `aws` would: what a lab
 * uses when it reads a list itself. A page of a real account's list is not the whole list.
 */
export async function allPages<O>(client: ClientLike, command: CommandLike, maxItems?: number): Promise<O> {
  const Command = command.constructor as new (input: unknown) => CommandLike;
  const send: SendPage = (input) =>
    client.send((input === command.input ? command : new Command(input)) as never) as Promise<
      Record<string, unknown>
    >;
  return (await sendAllPages(send, command.input as Record<string, unknown>, {
    operation: Command.name.replace(/Command$/, ''),
    service: serviceOf(command),
    ...(maxItems === undefined ? {} : { maxItems }),
  })) as O;
}
