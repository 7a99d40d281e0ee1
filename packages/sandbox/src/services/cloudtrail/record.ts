import { createHash } from 'node:crypto';
import type { CompletedRequest, Principal, StateAccess } from '../../core/types';
import { bucketRegion } from '../s3/deliveries';
import { dataEventRecord } from './data-event';
import { offer } from './delivery';
import { MAX_FIELD_BYTES, OMITTED, recordParameters, recordResponse } from './redact';
import { eventResources } from './resources';
import { append, trailOf } from './store';

/*
 * The recorder: every request the core answers becomes a management event in the region CloudTrail files
 * it under. Global services (IAM) are recorded in us-east-1, as AWS records them. Data events (S3 object
 * operations, SQS messages) are not management events and never enter the event history; S3's are handed
 * to the trails whose event selectors take them (data-event.ts, delivery.ts), as are management events.
 */

const GLOBAL_REGION = 'us-east-1';
const DATA_EVENTS: Record<string, RegExp> = {
  s3: /Object|^ListObjects|^ListParts|MultipartUpload/,
  sqs: /^(SendMessage|ReceiveMessage|DeleteMessage|ChangeMessageVisibility)/,
  // DynamoDB's item operations are data events ("Logging DynamoDB operations by using AWS CloudTrail"), and
  // CloudWatch's metric reads and writes are not management events either: a lab's load must not push
  // the account's management events out of the bounded history.
  dynamodb: /Item$|^(Query|Scan)$|^Transact|^ExecuteStatement|^BatchExecuteStatement/,
  monitoring: /^(GetMetricData|GetMetricStatistics|ListMetrics|PutMetricData)$/,
};

export function recordRequest(state: StateAccess, req: CompletedRequest): void {
  if (DATA_EVENTS[req.service]?.test(req.operation)) {
    if (req.service === 's3') {
      const where = bucketRegion(state, req.principal.accountId, String(req.input.Bucket ?? ''));
      const event = dataEventRecord(req, userIdentity(req.principal), uuidFrom, where);
      offer(state, req.principal.accountId, event, req.time.getTime());
    }
    return;
  }
  const region =
    req.service === 'iam' || (req.service === 's3' && req.operation === 'ListBuckets')
      ? GLOBAL_REGION
      : req.region;
  // CloudTrail keeps whole seconds.
  const time = new Date(Math.floor(req.time.getTime() / 1000) * 1000);
  const trail = trailOf(state, req.principal.accountId, region);
  // Request ids start again after a restart; the region's persisted sequence number does not.
  const eventId = uuidFrom(`${req.principal.accountId}/${region}/${trail.nextSeq}/${req.requestId}`);
  const eventSource = `${req.service}.amazonaws.com`;
  const record = managementRecord(req, region, time, eventId);
  append(
    trail,
    {
      EventId: eventId,
      EventName: req.operation,
      ReadOnly: String(req.readOnly),
      AccessKeyId: req.principal.accessKeyId,
      EventTime: time,
      EventSource: eventSource,
      Username: username(req.principal),
      Resources: eventResources(req.service, req.operation, req.input, req.error ? undefined : req.output),
      CloudTrailEvent: JSON.stringify(record),
    },
    req.time.getTime(),
  );
  offer(
    state,
    req.principal.accountId,
    {
      region,
      record,
      readOnly: req.readOnly,
      management: true,
      global: region !== req.region || req.service === 'iam',
    },
    req.time.getTime(),
  );
}

/** The event's JSON as CloudTrail writes it (its keys in CloudTrail's order), with oversized fields omitted. */
function managementRecord(
  req: CompletedRequest,
  region: string,
  time: Date,
  eventId: string,
): Record<string, unknown> {
  const record: Record<string, unknown> = {
    eventVersion: '1.08',
    userIdentity: userIdentity(req.principal),
    eventTime: time.toISOString().replace('.000Z', 'Z'),
    eventSource: `${req.service}.amazonaws.com`,
    eventName: req.operation,
    awsRegion: region,
    sourceIPAddress: req.sourceIpAddress,
    userAgent: req.userAgent,
  };
  if (req.error) {
    // CloudTrail writes EC2's client errors with the `Client.` prefix of its old SOAP fault codes.
    record.errorCode = req.service === 'ec2' ? `Client.${req.error.code}` : req.error.code;
    // The same 100 KB bound as the parameters: an error message can echo a whole oversized value.
    if (Buffer.byteLength(req.error.message, 'utf8') > MAX_FIELD_BYTES) {
      record.errorMessage = null;
      record.omitted = true;
    } else record.errorMessage = req.error.message;
  }
  const params = recordParameters(req.input);
  const response = req.error || req.readOnly ? null : recordResponse(req.output);
  record.requestParameters = params === OMITTED ? null : params;
  record.responseElements = response === OMITTED ? null : response;
  if (params === OMITTED || response === OMITTED) record.omitted = true;
  Object.assign(record, {
    requestID: req.requestId,
    eventID: eventId,
    readOnly: req.readOnly,
    eventType: 'AwsApiCall',
    managementEvent: true,
    recipientAccountId: req.principal.accountId,
    eventCategory: 'Management',
  });
  return record;
}

export function userIdentity(p: Principal): Record<string, unknown> {
  const base = { principalId: p.userId, arn: p.arn, accountId: p.accountId, accessKeyId: p.accessKeyId };
  if (p.type === 'root') return { type: 'Root', ...base };
  if (p.type === 'user') return { type: 'IAMUser', ...base, userName: p.userName };
  return {
    type: 'AssumedRole',
    ...base,
    sessionContext: {
      sessionIssuer: {
        type: 'Role',
        principalId: p.userId.split(':')[0],
        arn: `arn:aws:iam::${p.accountId}:role/${p.roleName}`,
        accountId: p.accountId,
        userName: p.roleName,
      },
    },
  };
}

/** The User name column of event history: the user, `root`, or a role session's name. */
function username(p: Principal): string {
  if (p.type === 'root') return 'root';
  if (p.type === 'user') return p.userName ?? '';
  return p.sessionName ?? p.roleName ?? '';
}

export function uuidFrom(text: string): string {
  const h = createHash('sha256').update(text).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
}
