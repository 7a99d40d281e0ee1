import { AwsError, type Handler, type RequestContext } from '../../core/types';
import { validationError } from './attributes';
import { refill } from './capacity';
import { publishProvisioned } from './metrics';
import {
  buckets,
  dynamoState,
  findTable,
  notFound,
  type Table,
  TRANSITION_MS,
  tableArn,
  tableNameOf,
} from './state';

/* Table lifecycle: CreateTable, DescribeTable, UpdateTable, DeleteTable, ListTables, and tags. */

interface Throughput {
  ReadCapacityUnits?: number;
  WriteCapacityUnits?: number;
}

const NAME = /^[a-zA-Z0-9_.-]{3,255}$/;
/** AWS's default quota of tables per account and region. */
const MAX_TABLES = 2_500;

function checkName(name: string): void {
  if (!NAME.test(name)) {
    throw validationError(
      `1 validation error detected: Value '${name}' at 'tableName' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+`,
    );
  }
}

export function describeTable(table: Table): Record<string, unknown> {
  const provisioned = table.billingMode === 'PROVISIONED';
  return {
    TableName: table.TableName,
    TableArn: table.TableArn,
    TableId: table.TableId,
    TableStatus: table.status,
    CreationDateTime: new Date(table.createdAt),
    KeySchema: table.KeySchema,
    AttributeDefinitions: table.AttributeDefinitions,
    ProvisionedThroughput: {
      ReadCapacityUnits: provisioned ? table.rcu : 0,
      WriteCapacityUnits: provisioned ? table.wcu : 0,
      NumberOfDecreasesToday: table.decreasesToday,
      ...(table.lastIncrease ? { LastIncreaseDateTime: new Date(table.lastIncrease) } : {}),
      ...(table.lastDecrease ? { LastDecreaseDateTime: new Date(table.lastDecrease) } : {}),
    },
    BillingModeSummary: {
      BillingMode: table.billingMode,
      ...(table.payPerRequestSince
        ? { LastUpdateToPayPerRequestDateTime: new Date(table.payPerRequestSince) }
        : {}),
    },
    TableSizeBytes: table.bytes,
    ItemCount: Object.keys(table.items).length,
    DeletionProtectionEnabled: table.deletionProtection,
  };
}

function checkThroughput(mode: string, t: Throughput | undefined): { rcu: number; wcu: number } {
  if (mode === 'PAY_PER_REQUEST') {
    if (t)
      throw validationError(
        'One or more parameter values were invalid: Neither ReadCapacityUnits nor WriteCapacityUnits can be specified when BillingMode is PAY_PER_REQUEST',
      );
    return { rcu: 0, wcu: 0 };
  }
  if (mode !== 'PROVISIONED')
    throw validationError(
      `1 validation error detected: Value '${mode}' at 'billingMode' failed to satisfy constraint: Member must satisfy enum value set: [PROVISIONED, PAY_PER_REQUEST]`,
    );
  if (t?.ReadCapacityUnits === undefined || t.WriteCapacityUnits === undefined)
    throw validationError(
      'One or more parameter values were invalid: ReadCapacityUnits and WriteCapacityUnits must both be specified when BillingMode is PROVISIONED',
    );
  for (const [member, v] of [
    ['readCapacityUnits', t.ReadCapacityUnits],
    ['writeCapacityUnits', t.WriteCapacityUnits],
  ] as const) {
    if (!Number.isInteger(v) || v < 1 || v > 40_000)
      throw validationError(
        `1 validation error detected: Value '${v}' at 'provisionedThroughput.${member}' failed to satisfy constraint: Member must have value greater than or equal to 1`,
      );
  }
  return { rcu: t.ReadCapacityUnits, wcu: t.WriteCapacityUnits };
}

// biome-ignore lint/suspicious/noExplicitAny: decoded model input
function checkKeySchema(input: Record<string, any>): Pick<Table, 'KeySchema' | 'AttributeDefinitions'> {
  const keys = input.KeySchema as Table['KeySchema'];
  const defs = input.AttributeDefinitions as Table['AttributeDefinitions'];
  const hash = keys.filter((k) => k.KeyType === 'HASH');
  const range = keys.filter((k) => k.KeyType === 'RANGE');
  if (
    hash.length !== 1 ||
    range.length > 1 ||
    keys.length !== hash.length + range.length ||
    keys[0]?.KeyType !== 'HASH'
  )
    throw validationError(
      '1 validation error detected: Invalid KeySchema: The first KeySchemaElement is not a HASH key type',
    );
  if (
    defs.length !== keys.length ||
    !keys.every((k) => defs.some((d) => d.AttributeName === k.AttributeName))
  )
    throw validationError(
      'One or more parameter values were invalid: Number of attributes in KeySchema does not exactly match number of attributes defined in AttributeDefinitions',
    );
  for (const d of defs)
    if (!['S', 'N', 'B'].includes(d.AttributeType))
      throw validationError(
        `1 validation error detected: Value '${d.AttributeType}' at 'attributeDefinitions.1.member.attributeType' failed to satisfy constraint: Member must satisfy enum value set: [B, N, S]`,
      );
  return { KeySchema: keys, AttributeDefinitions: defs };
}

const createTable: Handler = (ctx, input) => {
  const name = String(input.TableName);
  checkName(name);
  if (input.GlobalSecondaryIndexes || input.LocalSecondaryIndexes)
    throw validationError(
      'The sandbox does not emulate secondary indexes (GlobalSecondaryIndexes, LocalSecondaryIndexes).',
    );
  const schema = checkKeySchema(input);
  const mode = String(input.BillingMode ?? 'PROVISIONED');
  const { rcu, wcu } = checkThroughput(mode, input.ProvisionedThroughput);
  const state = dynamoState(ctx);
  if (state.tables[name]) throw new AwsError('ResourceInUseException', `Table already exists: ${name}`);
  if (Object.keys(state.tables).length >= MAX_TABLES)
    throw new AwsError(
      'LimitExceededException',
      `Subscriber limit exceeded: The maximum number of tables per account and region is ${MAX_TABLES}.`,
    );
  const now = ctx.now().getTime();
  const table: Table = {
    TableName: name,
    TableArn: tableArn(ctx, name),
    TableId: uuid(ctx),
    createdAt: now,
    status: 'CREATING',
    statusUntil: now + TRANSITION_MS,
    ...schema,
    billingMode: mode as Table['billingMode'],
    rcu,
    wcu,
    decreasesToday: 0,
    ...buckets(rcu, wcu, now),
    items: {},
    bytes: 0,
    tags: tagMap(input.Tags),
    deletionProtection: input.DeletionProtectionEnabled === true,
  };
  state.tables[name] = table;
  publishProvisioned(ctx, table);
  return { TableDescription: describeTable(table) };
};

function uuid(ctx: RequestContext): string {
  const h = ctx.rng.chars(32, '0123456789abcdef');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

function tagMap(tags: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  for (const t of (tags as { Key: string; Value: string }[] | undefined) ?? []) out[t.Key] = t.Value;
  if (Object.keys(out).length > 50)
    throw validationError('One or more parameter values were invalid: Too many tags');
  return out;
}

const updateTable: Handler = (ctx, input) => {
  const table = findTable(ctx, input.TableName);
  if (table.status !== 'ACTIVE')
    throw new AwsError(
      'ResourceInUseException',
      `Attempt to change a resource which is still in use: Table is being ${table.status === 'CREATING' ? 'created' : table.status === 'DELETING' ? 'deleted' : 'updated'}: ${table.TableName}`,
    );
  const now = ctx.now().getTime();
  let changed = false;
  if (input.DeletionProtectionEnabled !== undefined) {
    table.deletionProtection = input.DeletionProtectionEnabled === true;
    changed = true;
  }
  if (input.BillingMode !== undefined || input.ProvisionedThroughput !== undefined) {
    const mode = String(input.BillingMode ?? table.billingMode);
    const { rcu, wcu } = checkThroughput(mode, input.ProvisionedThroughput);
    if (mode === table.billingMode && rcu === table.rcu && wcu === table.wcu && mode === 'PROVISIONED')
      throw validationError(
        'The provisioned throughput for the table will not change. The requested value equals the current value. ' +
          `Current ReadCapacityUnits provisioned for the table: ${table.rcu}. Requested ReadCapacityUnits: ${rcu}. ` +
          `Current WriteCapacityUnits provisioned for the table: ${table.wcu}. Requested WriteCapacityUnits: ${wcu}. ` +
          'Refer to the Amazon DynamoDB Developer Guide for current limits and how to request higher limits.',
      );
    // What the old rate earned counts up to now; the new rate applies from now on.
    refill(table.read, table.rcu, now);
    refill(table.write, table.wcu, now);
    if (rcu + wcu > table.rcu + table.wcu) table.lastIncrease = now;
    else if (rcu + wcu < table.rcu + table.wcu && mode === 'PROVISIONED') {
      table.lastDecrease = now;
      table.decreasesToday += 1;
    }
    if (mode === 'PAY_PER_REQUEST' && table.billingMode !== mode) table.payPerRequestSince = now;
    table.billingMode = mode as Table['billingMode'];
    table.rcu = rcu;
    table.wcu = wcu;
    refill(table.read, rcu, now);
    refill(table.write, wcu, now);
    changed = true;
  }
  if (!changed)
    throw validationError(
      'At least one of ProvisionedThroughput, BillingMode, UpdateStreamEnabled, GlobalSecondaryIndexUpdates or SSESpecification or ReplicaUpdates is required',
    );
  table.status = 'UPDATING';
  table.statusUntil = now + TRANSITION_MS;
  publishProvisioned(ctx, table);
  return { TableDescription: describeTable(table) };
};

const deleteTable: Handler = (ctx, input) => {
  const table = findTable(ctx, input.TableName);
  if (table.status === 'DELETING' || table.status === 'CREATING')
    throw new AwsError(
      'ResourceInUseException',
      `Attempt to change a resource which is still in use: Table is being ${table.status === 'CREATING' ? 'created' : 'deleted'}: ${table.TableName}`,
    );
  if (table.deletionProtection)
    throw validationError(
      `Resource cannot be deleted as it is currently protected against deletion. Disable deletion protection first.`,
    );
  table.status = 'DELETING';
  table.statusUntil = ctx.now().getTime() + TRANSITION_MS;
  return { TableDescription: describeTable(table) };
};

const listTables: Handler = (ctx, input) => {
  const limit = input.Limit ?? 100;
  if (!Number.isInteger(limit) || limit < 1 || limit > 100)
    throw validationError(
      `1 validation error detected: Value '${limit}' at 'limit' failed to satisfy constraint: Member must have value less than or equal to 100`,
    );
  const names = Object.keys(dynamoState(ctx).tables).sort();
  const after = typeof input.ExclusiveStartTableName === 'string' ? input.ExclusiveStartTableName : undefined;
  const rest = after === undefined ? names : names.filter((n) => n > after);
  const page = rest.slice(0, limit);
  return {
    TableNames: page,
    ...(rest.length > limit ? { LastEvaluatedTableName: page[page.length - 1] } : {}),
  };
};

function tableByArn(ctx: RequestContext, arn: unknown): Table {
  const name = typeof arn === 'string' ? tableNameOf(arn) : '';
  const table = name && name !== arn ? dynamoState(ctx).tables[name] : undefined;
  if (!table || table.TableArn !== arn)
    throw notFound(`Requested resource not found: ResourcArn: ${String(arn)} not found`);
  return table;
}

const tagResource: Handler = (ctx, input) => {
  const table = tableByArn(ctx, input.ResourceArn);
  const merged = { ...table.tags, ...tagMap(input.Tags) };
  if (Object.keys(merged).length > 50)
    throw validationError('One or more parameter values were invalid: Too many tags');
  table.tags = merged;
  return {};
};

const untagResource: Handler = (ctx, input) => {
  const table = tableByArn(ctx, input.ResourceArn);
  for (const key of (input.TagKeys as string[]) ?? []) delete table.tags[key];
  return {};
};

const listTagsOfResource: Handler = (ctx, input) => {
  const table = tableByArn(ctx, input.ResourceArn);
  return { Tags: Object.entries(table.tags).map(([Key, Value]) => ({ Key, Value })) };
};

export const tableOperations: Record<string, Handler> = {
  CreateTable: createTable,
  DescribeTable: (ctx, input) => ({ Table: describeTable(findTable(ctx, input.TableName)) }),
  UpdateTable: updateTable,
  DeleteTable: deleteTable,
  ListTables: listTables,
  TagResource: tagResource,
  UntagResource: untagResource,
  ListTagsOfResource: listTagsOfResource,
};
