import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import type { StateAccess } from '../../core/types.js';
import { evaluateTrust, globMatch, type PolicyStatement } from '../../policy/index.js';
import { bucketPolicyStatements } from '../s3/bucket-policy.js';
import { deliverObject } from '../s3/deliveries.js';
import { advancedSelects } from './advanced-selectors.js';
import { type EventSelector, type Trail, trailsOf } from './trail-store.js';

/*
 * Delivery of a trail's records to its bucket, as CloudTrail does it: gzipped JSON `{"Records":[...]}` under
 * `[prefix/]AWSLogs/<account>/CloudTrail/<region>/YYYY/MM/DD/<account>_CloudTrail_<region>_<YYYYMMDDTHHmmZ>_<16
 * characters>.json.gz` ("CloudTrail log file examples", AWS CloudTrail User Guide), only while the bucket
 * policy lets cloudtrail.amazonaws.com put it ("Amazon S3 bucket policy for CloudTrail").
 *
 * When: AWS delivers "about every 5 minutes". The sandbox has no timers: a region's waiting records become a
 * log file at the first request the sandbox answers (any request, any service) once the oldest of them is
 * DELIVERY_MS old by the sandbox clock, so a lab that moves the clock 5 minutes and then lists the bucket
 * twice finds the file, as one that waits on AWS does. StopLogging and DeleteTrail deliver what waits at once.
 */

export const DELIVERY_MS = 5 * 60_000;
/** A batch this large is delivered at once (a log file holds at most this many records here). */
const MAX_BATCH_RECORDS = 1000;
const MAX_BATCH_BYTES = 4 * 1024 * 1024;
/** Undeliverable records kept per region (a bucket policy that refuses): the oldest go beyond this. */
const MAX_WAITING_RECORDS = 5000;

export interface Candidate {
  region: string;
  /** The record as a log file holds it. */
  record: Record<string, unknown>;
  readOnly: boolean;
  management: boolean;
  /** For data events: the object ARN (`arn:aws:s3:::bucket/key`) or bucket ARN the event acted on. */
  resourceArn?: string;
  /** IAM's and other global services' events: only trails that include global service events take them. */
  global: boolean;
}

function readWriteOk(selector: EventSelector, readOnly: boolean): boolean {
  return selector.ReadWriteType === 'All' || (selector.ReadWriteType === 'ReadOnly') === readOnly;
}

/**
 * Does a basic event selector take this event? Data resources: `arn:aws:s3` is every bucket, a value ending
 * in `/` every object of that bucket, any other value the objects whose ARN starts with it
 * ("Logging data events", basic event selectors).
 */
export function selects(trail: Trail, c: Candidate): boolean {
  if (trail.AdvancedEventSelectors) {
    return advancedSelects(trail.AdvancedEventSelectors, {
      eventCategory: c.management ? 'Management' : 'Data',
      'resources.type': c.management ? '' : 'AWS::S3::Object',
      'resources.ARN': c.resourceArn ?? '',
      readOnly: String(c.readOnly),
      eventName: String(c.record.eventName ?? ''),
      eventSource: String(c.record.eventSource ?? ''),
    });
  }
  return trail.EventSelectors.some((s) => {
    if (!readWriteOk(s, c.readOnly)) return false;
    if (c.management) {
      const source = String(c.record.eventSource ?? '');
      return s.IncludeManagementEvents && !s.ExcludeManagementEventSources.includes(source);
    }
    const arn = c.resourceArn ?? '';
    return s.DataResources.some(
      (d) =>
        d.Type === 'AWS::S3::Object' &&
        d.Values.some((v) => v === 'arn:aws:s3' || v === 'arn:aws:s3:::' || arn.startsWith(v)),
    );
  });
}

/** Hands an event to every logging trail of the account that selects it, then delivers what is due. */
export function offer(access: StateAccess, accountId: string, c: Candidate, nowMs: number): void {
  for (const trail of Object.values(trailsOf(access, accountId))) {
    if (!trail.IsLogging) continue;
    if (!trail.IsMultiRegionTrail && trail.HomeRegion !== c.region) continue;
    if (c.global && !trail.IncludeGlobalServiceEvents) continue;
    if (!selects(trail, c)) continue;
    const text = JSON.stringify(c.record);
    const batch = trail.pending[c.region] ?? { since: nowMs, records: [], bytes: 0 };
    trail.pending[c.region] = batch;
    batch.records.push(text);
    batch.bytes += text.length;
    while (batch.records.length > MAX_WAITING_RECORDS) batch.bytes -= (batch.records.shift() ?? '').length;
  }
  deliverDue(access, accountId, nowMs);
}

/** Delivers every region's batch that is old or large enough (all of them with `all`). */
export function deliverDue(access: StateAccess, accountId: string, nowMs: number, only?: Trail): void {
  const trails = only ? [only] : Object.values(trailsOf(access, accountId));
  for (const trail of trails) {
    for (const [region, batch] of Object.entries(trail.pending)) {
      const due =
        only !== undefined ||
        nowMs - batch.since >= DELIVERY_MS ||
        batch.records.length >= MAX_BATCH_RECORDS ||
        batch.bytes >= MAX_BATCH_BYTES;
      if (due && batch.records.length) deliver(access, accountId, trail, region, nowMs);
    }
  }
}

const two = (n: number) => String(n).padStart(2, '0');

export function logFileKey(
  trail: Trail,
  accountId: string,
  region: string,
  at: Date,
  unique: string,
): string {
  const [y, m, d] = [at.getUTCFullYear(), two(at.getUTCMonth() + 1), two(at.getUTCDate())];
  const stamp = `${y}${m}${d}T${two(at.getUTCHours())}${two(at.getUTCMinutes())}Z`;
  const prefix = trail.S3KeyPrefix ? `${trail.S3KeyPrefix}/` : '';
  return `${prefix}AWSLogs/${accountId}/CloudTrail/${region}/${y}/${m}/${d}/${accountId}_CloudTrail_${region}_${stamp}_${unique}.json.gz`;
}

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** 16 characters that only keep file names apart (AWS: "It has no meaning"); derived, so a seed replays. */
function uniqueString(trail: Trail, region: string): string {
  const digest = createHash('sha256').update(`${trail.TrailARN}/${region}/${trail.files}`).digest();
  return [...digest.subarray(0, 16)].map((b) => ALPHABET[b % ALPHABET.length]).join('');
}

function deliver(access: StateAccess, accountId: string, trail: Trail, region: string, nowMs: number): void {
  const batch = trail.pending[region];
  if (!batch) return;
  const at = new Date(Math.floor(nowMs / 1000) * 1000);
  trail.LatestDeliveryAttemptTime = at;
  const key = logFileKey(trail, accountId, region, at, uniqueString(trail, region));
  const refusal = deliveryRefusal(access, accountId, trail, key);
  if (refusal) {
    trail.LatestDeliveryError = refusal;
    return;
  }
  const body = gzipSync(Buffer.from(`{"Records":[${batch.records.join(',')}]}`, 'utf8'));
  try {
    deliverObject(access, accountId, trail.S3BucketName, key, body, {
      now: at,
      ContentType: 'application/json',
      ContentEncoding: 'gzip',
    });
  } catch (error) {
    trail.LatestDeliveryError = (error as { code?: string }).code ?? 'InternalError';
    return;
  }
  delete trail.pending[region];
  trail.files++;
  trail.LatestDeliveryTime = at;
  delete trail.LatestDeliveryError;
}

/**
 * Why CloudTrail could not put `key` into the trail's bucket, or undefined when it can: the bucket must
 * exist and its policy allow cloudtrail.amazonaws.com s3:PutObject on the key with the
 * bucket-owner-full-control ACL, and s3:GetBucketAcl on the bucket.
 */
export function deliveryRefusal(
  access: StateAccess,
  accountId: string,
  trail: Pick<Trail, 'S3BucketName' | 'TrailARN'>,
  key: string,
): string | undefined {
  const statements = bucketPolicyStatements(access, accountId, trail.S3BucketName);
  if (statements === undefined) return 'NoSuchBucket';
  const context = {
    's3:x-amz-acl': 'bucket-owner-full-control',
    'aws:SourceArn': trail.TrailARN,
    'aws:SourceAccount': accountId,
  };
  const bucketArn = `arn:aws:s3:::${trail.S3BucketName}`;
  const allowed = (action: string, arn: string) =>
    allows(statements, action, arn, context) && !denies(statements, action, arn, context);
  if (!allowed('s3:GetBucketAcl', bucketArn) || !allowed('s3:PutObject', `${bucketArn}/${key}`))
    return 'AccessDenied';
  return undefined;
}

const CLOUDTRAIL = { accountId: '', arns: [], service: 'cloudtrail.amazonaws.com' };

function onResource(s: PolicyStatement, arn: string): boolean {
  const list = (v: string | string[] | undefined) => (v === undefined ? [] : Array.isArray(v) ? v : [v]);
  if (s.Resource !== undefined) return list(s.Resource).some((p) => globMatch(p, arn));
  return !list(s.NotResource).some((p) => globMatch(p, arn));
}

function decide(
  statements: PolicyStatement[],
  action: string,
  arn: string,
  context: Record<string, string>,
): string {
  const applicable = statements.filter((s) => onResource(s, arn));
  if (!applicable.length) return 'implicit-deny';
  return evaluateTrust({ Statement: applicable }, CLOUDTRAIL, action, context);
}

const allows = (...args: Parameters<typeof decide>) => decide(...args) === 'allow';
const denies = (...args: Parameters<typeof decide>) => decide(...args) === 'explicit-deny';
