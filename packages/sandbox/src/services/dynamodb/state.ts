import { AwsError, type RequestContext } from '../../core/types';
import type { Item } from './attributes';
import { type Bucket, newBucket } from './capacity';

/** One DynamoDB table as the sandbox keeps it (JSON-serialisable: times in epoch ms). */
export interface Table {
  TableName: string;
  TableArn: string;
  TableId: string;
  createdAt: number;
  status: 'CREATING' | 'ACTIVE' | 'UPDATING' | 'DELETING';
  /** When the current CREATING / UPDATING / DELETING phase ends (sandbox clock, ms). */
  statusUntil: number;
  KeySchema: { AttributeName: string; KeyType: 'HASH' | 'RANGE' }[];
  AttributeDefinitions: { AttributeName: string; AttributeType: 'S' | 'N' | 'B' }[];
  billingMode: 'PROVISIONED' | 'PAY_PER_REQUEST';
  rcu: number;
  wcu: number;
  lastIncrease?: number;
  lastDecrease?: number;
  decreasesToday: number;
  payPerRequestSince?: number;
  read: Bucket;
  write: Bucket;
  /** Primary key (see itemKey) → item in stored form. */
  items: Record<string, Item>;
  bytes: number;
  tags: Record<string, string>;
  deletionProtection: boolean;
}

export interface DynamoState {
  tables: Record<string, Table>;
}

/** How long CREATING, UPDATING and DELETING last on the sandbox clock (AWS: seconds to minutes). */
export const TRANSITION_MS = 5_000;
/**
 * The sandbox keeps at most this many bytes of items per account and region (AWS has no such limit; the
 * state file holds them, so a loop of writes must not fill the disk).
 */
export const MAX_STORED_BYTES = 32 * 1024 * 1024;

export function dynamoState(ctx: RequestContext): DynamoState {
  const state = ctx.store<DynamoState>('dynamodb', 'region', () => ({ tables: {} }));
  settle(state, ctx.now().getTime());
  return state;
}

/** Moves tables whose transition has ended to ACTIVE, and forgets deleted ones. */
function settle(state: DynamoState, now: number): void {
  for (const [name, table] of Object.entries(state.tables)) {
    if (table.status === 'ACTIVE' || now < table.statusUntil) continue;
    if (table.status === 'DELETING') delete state.tables[name];
    else table.status = 'ACTIVE';
  }
}

export function tableArn(ctx: RequestContext, name: string): string {
  return `arn:aws:dynamodb:${ctx.region}:${ctx.accountId}:table/${name}`;
}

export function notFound(message = 'Requested resource not found'): AwsError {
  return new AwsError('ResourceNotFoundException', message);
}

/** A table in any state (DescribeTable, DeleteTable). */
export function findTable(ctx: RequestContext, name: unknown): Table {
  const table = typeof name === 'string' ? dynamoState(ctx).tables[tableNameOf(name)] : undefined;
  if (!table) throw notFound(`Requested resource not found: Table: ${String(name)} not found`);
  return table;
}

/** A table that serves items: AWS answers item operations on a table that is not ACTIVE or UPDATING as missing. */
export function activeTable(ctx: RequestContext, name: unknown): Table {
  const table = typeof name === 'string' ? dynamoState(ctx).tables[tableNameOf(name)] : undefined;
  if (!table || table.status === 'CREATING' || table.status === 'DELETING') throw notFound();
  return table;
}

/** TableName members accept a table's name or its ARN. */
export function tableNameOf(nameOrArn: string): string {
  const m = /^arn:aws[\w-]*:dynamodb:[^:]*:\d{12}:table\/([^/]+)$/.exec(nameOrArn);
  return m ? (m[1] as string) : nameOrArn;
}

export function buckets(rcu: number, wcu: number, now: number): { read: Bucket; write: Bucket } {
  return { read: newBucket(rcu, now), write: newBucket(wcu, now) };
}
