import { AwsError, type Handler, type StateAccess } from '../../core/types.js';
import type { PolicyDocument, PolicyStatement } from '../../policy/index.js';
import { accountState, noSuchBucket, state } from './state.js';

/*
 * Bucket policies: stored as sent after the checks S3 makes (JSON, statements with Effect, Principal,
 * Action and Resource, every resource this bucket or an object in it; MalformedPolicy otherwise). The
 * sandbox evaluates them for one purpose: CloudTrail's delivery check (cloudtrail/trails.ts). Requests
 * from IAM users are still judged by their identity policies only.
 */

function malformed(message: string): AwsError {
  return new AwsError('MalformedPolicy', message);
}

/** At most 20 KB, as S3 limits a bucket policy. */
const MAX_POLICY_BYTES = 20 * 1024;

const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : v === undefined ? [] : [v]);

export function checkBucketPolicy(bucket: string, text: string): PolicyDocument {
  if (Buffer.byteLength(text, 'utf8') > MAX_POLICY_BYTES) throw malformed('Policies must be less than 20 KB');
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    doc = undefined;
  }
  if (!doc || typeof doc !== 'object' || Array.isArray(doc) || !text.trimStart().startsWith('{')) {
    throw malformed("Policies must be valid JSON and the first byte must be '{'");
  }
  const statements = list((doc as { Statement?: unknown }).Statement);
  if (!statements.length) throw malformed('Missing required field Statement');
  for (const raw of statements) {
    const s = (raw ?? {}) as Record<string, unknown>;
    if (s.Effect !== 'Allow' && s.Effect !== 'Deny') throw malformed('Invalid effect: ' + String(s.Effect));
    if (s.Principal === undefined && s.NotPrincipal === undefined)
      throw malformed('Missing required field Principal');
    if (s.Action === undefined && s.NotAction === undefined) throw malformed('Missing required field Action');
    const actions = list(s.Action ?? s.NotAction);
    if (actions.some((a) => typeof a !== 'string' || (a !== '*' && !/^s3:[A-Za-z*?]+$/.test(a))))
      throw malformed('Policy has invalid action');
    const resources = list(s.Resource ?? s.NotResource);
    const ours = (r: unknown) =>
      typeof r === 'string' && (r === `arn:aws:s3:::${bucket}` || r.startsWith(`arn:aws:s3:::${bucket}/`));
    if (!resources.length || !resources.every(ours)) throw malformed('Policy has invalid resource');
  }
  return doc as PolicyDocument;
}

export const PutBucketPolicy: Handler = (ctx, input) => {
  const bucket = state(ctx).buckets[String(input.Bucket)];
  if (!bucket) throw noSuchBucket();
  const text = String(input.Policy ?? '');
  checkBucketPolicy(bucket.Name, text);
  bucket.Policy = text;
  return {};
};

export const GetBucketPolicy: Handler = (ctx, input) => {
  const bucket = state(ctx).buckets[String(input.Bucket)];
  if (!bucket) throw noSuchBucket();
  if (bucket.Policy === undefined) {
    throw new AwsError('NoSuchBucketPolicy', 'The bucket policy does not exist', { status: 404 });
  }
  return { Policy: bucket.Policy };
};

export const DeleteBucketPolicy: Handler = (ctx, input) => {
  const bucket = state(ctx).buckets[String(input.Bucket)];
  if (!bucket) throw noSuchBucket();
  delete bucket.Policy;
  return {};
};

/** A bucket's policy statements, for another service's delivery check; undefined when there is no bucket. */
export function bucketPolicyStatements(
  access: StateAccess,
  accountId: string,
  bucket: string,
): PolicyStatement[] | undefined {
  const found = accountState(access, accountId).buckets[bucket];
  if (!found) return undefined;
  if (found.Policy === undefined) return [];
  return list((JSON.parse(found.Policy) as PolicyDocument).Statement) as PolicyStatement[];
}
