// What every script of this lab shares: its slug, the names, the blog's numbers (read capacity 1, a 2-hour
// learning period, several terminals reading at once) and the cost statement. The reads the load sends are in
// @handson/lab-helpers/dynamodb-reads and the table's shape in @handson/lab-helpers/dynamodb-table, which the
// notebook imports too.
import { lookup } from 'node:dns/promises';
import { LAB_TAG_KEY, labTags, resolveTarget } from '@handson/aws';
import { labVars, renamedEnv } from '@handson/labkit';

export const SLUG = '07-devops-guru-dynamodb-throttling';
export const vars = labVars(SLUG);

function whole(name: string, fallback: number, min: number, max: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    // Read when a script starts, before its entry: bad input is one line and exit code 2, as for options.
    console.error(`${name} must be a whole number from ${min} to ${max}, got "${raw}".`);
    process.exit(2);
  }
  return value;
}

/** DYNAMODB_TABLE_NAME: the table DevOps Guru watches (the blog's hands-on table; its name was not given). */
export const DYNAMODB_TABLE_NAME = process.env.HANDSON_DDB_TABLE_NAME ?? 'handson-devops-guru-table';
/** A second table under the same load but outside the covered collection: it must get no insight. */
export const UNCOVERED_TABLE_NAME = `${DYNAMODB_TABLE_NAME}-uncovered`;

/** The blog's table had a read capacity of 1; writes are only the few items the reads read. */
export const READ_CAPACITY_UNITS = 1;
export const WRITE_CAPACITY_UNITS = 1;

/**
 * Coverage by tag: DevOps Guru analyses the resources carrying this tag key with one of the listed values
 * (the key must begin with `devops-guru-`). On a real account this keeps the analysis, and its cost, to the
 * lab's table, where the blog's choices were the whole account or whole CloudFormation stacks.
 * https://docs.aws.amazon.com/devops-guru/latest/userguide/working-with-resource-tags.html
 */
export const COVERAGE_TAG_KEY = 'devops-guru-handson';
export const COVERAGE_TAG_VALUE = SLUG;
export const coverageFilter = () => ({
  Tags: [{ AppBoundaryKey: COVERAGE_TAG_KEY, TagValues: [COVERAGE_TAG_VALUE] }],
});

/**
 * The throughput the blog's tables were created with, for `tableInput` and `createTable` of
 * @handson/lab-helpers/dynamodb-table (the table's shape, which the notebook creates too).
 */
export const TABLE_THROUGHPUT = {
  ReadCapacityUnits: READ_CAPACITY_UNITS,
  WriteCapacityUnits: WRITE_CAPACITY_UNITS,
};

/** The covered table's tags: the lab's own, and the one DevOps Guru's coverage selects. */
export const coveredTableTags = () => labTags(SLUG, { [COVERAGE_TAG_KEY]: COVERAGE_TAG_VALUE });
export const uncoveredTableTags = () => labTags(SLUG);

/**
 * How long DevOps Guru learns before it watches, as the blog states it: "監視を開始する前に2時間の「学習期間」が必要".
 * What the lab waits for, on AWS and on the sandbox alike (whose detector has a learning period of its own).
 */
export const DEVOPS_GURU_LEARNING_MS = 2 * 60 * 60 * 1000;

/** The blog's several Cloud9 terminals: how many read loops run at once. */
export const LOAD_WORKERS = whole('HANDSON_LOAD_WORKERS', 3, 1, 16);
/** Requests a second each loop sends (an `aws dynamodb get-item` loop in a terminal manages one or two). */
export const LOAD_RATE = whole('HANDSON_LOAD_RATE', 1, 1, 20);
/** The uncovered twin needs throttling too, not as much: half the loops. */
export const UNCOVERED_WORKERS = Math.max(1, Math.floor(LOAD_WORKERS / 2));
/**
 * The blog waited 5-10 minutes for the insight; the load stops when it opens, or after this long: HANDSON_LOAD_MS
 * (HANDSON_LOAD_MINUTES, its former name in minutes, still works, with a note).
 */
export const LOAD_MAX_MS = wholeMs('HANDSON_LOAD_MS', 15 * 60_000, 'HANDSON_LOAD_MINUTES');

/** `whole` for a duration from 1 to 60 minutes in milliseconds, that still answers to its former name in minutes. */
function wholeMs(name: string, fallbackMs: number, formerMinutes: string): number {
  if (renamedEnv(name, formerMinutes)?.name === formerMinutes)
    return whole(formerMinutes, fallbackMs / 60_000, 1, 60) * 60_000;
  return whole(name, fallbackMs, 60_000, 60 * 60_000);
}

/**
 * What the lab costs on a real account, with the pricing pages it comes from (prices of us-east-1 when this
 * was written; the pages are the authority). DevOps Guru charges per resource-hour analysed, DynamoDB tables
 * in price group A; a table that produces no metrics in an hour is not charged for it.
 */
export const COST_STATEMENT = [
  'Cost on a real account (see https://aws.amazon.com/devops-guru/pricing/ and https://aws.amazon.com/dynamodb/pricing/provisioned/):',
  '- DevOps Guru: $0.0028 per analysed resource-hour for price group A (DynamoDB tables), $0.000040 per DevOps Guru API call;',
  '  the free tier for the first 3 months covers 7,200 resource-hours per group and 10,000 API calls a month.',
  '  This lab covers one table for about 2.5 hours: about $0.01 (the uncovered table is not analysed).',
  '- DynamoDB: two provisioned tables of 1 RCU and 1 WCU, within the free tier of 25 RCU / 25 WCU; throttled reads are not charged.',
  '- Coverage stays on until the teardown removes it: run the teardown even when you stop half way.',
].join('\n');

/**
 * DevOps Guru is offered in some regions only. On real AWS the region's endpoint must resolve before the lab
 * changes anything there; the sandbox and other endpoints answer for every region.
 * https://docs.aws.amazon.com/general/latest/gr/devops-guru.html
 */
export async function devopsGuruInRegion(): Promise<{ region: string; available: boolean; host?: string }> {
  const target = resolveTarget(process.env);
  if (target.kind !== 'aws') return { region: target.region, available: true };
  const host = `devops-guru.${target.region}.amazonaws.com`;
  const available = await lookup(host).then(
    () => true,
    () => false,
  );
  return { region: target.region, available, host };
}

/** The lab's tag key, for checks that a table is this lab's. */
export const isLabTagged = (tags: { Key?: string; Value?: string }[] | undefined) =>
  (tags ?? []).some((t) => t.Key === LAB_TAG_KEY && t.Value === SLUG);
