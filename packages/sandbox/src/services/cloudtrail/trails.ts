import { AwsError, type Handler, type RequestContext, type StateAccess } from '../../core/types.js';
import { checkAdvancedSelectors } from './advanced-selectors.js';
import { deliverDue, deliveryRefusal, logFileKey } from './delivery.js';
import {
  type DataResource,
  defaultSelectors,
  type EventSelector,
  type Trail,
  trailsOf,
} from './trail-store.js';

/*
 * Trails (CreateTrail, GetTrail, DescribeTrails, DeleteTrail, ListTags, PutEventSelectors, GetEventSelectors,
 * StartLogging, StopLogging, GetTrailStatus) with basic event selectors or the advanced ones the sandbox's
 * events can be judged by (advanced-selectors.ts). Errors and messages as the CloudTrail API Reference names them.
 */

/** The handlers reach state through a StateAccess view of the request's own account. */
function access(ctx: RequestContext): StateAccess {
  return {
    get: <T>(_account: string, service: string, scope: string, init: () => T) =>
      scope === 'global' ? ctx.store(service, 'global', init) : ctx.storeIn(service, scope, init),
    accounts: () => [ctx.accountId],
  };
}

const trails = (ctx: RequestContext) => trailsOf(access(ctx), ctx.accountId);

function arnOf(ctx: RequestContext, name: string, region = ctx.region): string {
  return `arn:aws:cloudtrail:${region}:${ctx.accountId}:trail/${name}`;
}

/** A trail by name or ARN; TrailNotFoundException as AWS words it. */
function find(ctx: RequestContext, nameOrArn: unknown): Trail {
  const text = String(nameOrArn ?? '');
  const name = text.startsWith('arn:') ? text.slice(text.lastIndexOf('/') + 1) : text;
  const trail = trails(ctx)[name];
  const visible = trail && (trail.IsMultiRegionTrail || trail.HomeRegion === ctx.region);
  if (!trail || !visible || (text.startsWith('arn:') && trail.TrailARN !== text)) {
    const arn = text.startsWith('arn:') ? text : arnOf(ctx, name);
    throw new AwsError('TrailNotFoundException', `Unknown trail: ${arn} for the user: ${ctx.accountId}`);
  }
  return trail;
}

/** Changes are made in the trail's home region (InvalidHomeRegionException elsewhere). */
function inHome(ctx: RequestContext, trail: Trail): void {
  if (trail.HomeRegion !== ctx.region) {
    throw new AwsError(
      'InvalidHomeRegionException',
      `This operation must be called from the trail's home region (${trail.HomeRegion}).`,
    );
  }
}

function checkName(name: string): void {
  // "Start with a letter or number, and end with a letter or number; 3-128 characters; letters, numbers,
  // periods, underscores and dashes; no adjacent periods, underscores or dashes" (CreateTrail, Name).
  const ok =
    /^[A-Za-z0-9][A-Za-z0-9._-]{1,126}[A-Za-z0-9]$/.test(name) &&
    !/[._-]{2}/.test(name) &&
    !/^\d+\.\d+\.\d+\.\d+$/.test(name);
  if (!ok) {
    throw new AwsError(
      'InvalidTrailNameException',
      'Trail name must starts with a letter or number, end with a letter or number, and only contain letters, numbers, periods, underscores and dashes, 3 to 128 characters, no adjacent punctuation.',
    );
  }
}

const view = (t: Trail) => ({
  Name: t.Name,
  S3BucketName: t.S3BucketName,
  ...(t.S3KeyPrefix ? { S3KeyPrefix: t.S3KeyPrefix } : {}),
  IncludeGlobalServiceEvents: t.IncludeGlobalServiceEvents,
  IsMultiRegionTrail: t.IsMultiRegionTrail,
  HomeRegion: t.HomeRegion,
  TrailARN: t.TrailARN,
  LogFileValidationEnabled: false,
  HasCustomEventSelectors: t.HasCustomEventSelectors,
  HasInsightSelectors: false,
  IsOrganizationTrail: false,
});

export const CreateTrail: Handler = (ctx, input) => {
  const name = String(input.Name ?? '');
  checkName(name);
  const all = trails(ctx);
  if (all[name]) {
    throw new AwsError(
      'TrailAlreadyExistsException',
      `Trail ${name} already exists for customer: ${ctx.accountId}`,
    );
  }
  if (
    input.EnableLogFileValidation ||
    input.KmsKeyId ||
    input.SnsTopicName ||
    input.CloudWatchLogsLogGroupArn
  ) {
    throw new AwsError(
      'UnsupportedOperationException',
      'The sandbox delivers log files to S3 only: no digest files, KMS, SNS or CloudWatch Logs.',
    );
  }
  // "You can configure up to five trails for each region" (CloudTrail quotas).
  const inRegion = Object.values(all).filter((t) => t.HomeRegion === ctx.region).length;
  if (inRegion >= MAX_TRAILS_PER_REGION) {
    throw new AwsError(
      'MaximumNumberOfTrailsExceededException',
      `User: ${ctx.accountId} already has ${MAX_TRAILS_PER_REGION} trails in ${ctx.region}.`,
    );
  }
  const bucket = String(input.S3BucketName ?? '');
  const prefix = input.S3KeyPrefix ? String(input.S3KeyPrefix) : undefined;
  // "The maximum length is 200 characters" (CreateTrail, S3KeyPrefix).
  if (prefix !== undefined && (prefix.length > 200 || prefix.startsWith('/') || prefix.endsWith('/'))) {
    throw new AwsError('InvalidS3PrefixException', `Invalid S3 prefix: ${prefix.slice(0, 200)}`);
  }
  const trail: Trail = {
    Name: name,
    HomeRegion: ctx.region,
    TrailARN: arnOf(ctx, name),
    S3BucketName: bucket,
    ...(prefix ? { S3KeyPrefix: prefix } : {}),
    IsMultiRegionTrail: Boolean(input.IsMultiRegionTrail),
    IncludeGlobalServiceEvents: input.IncludeGlobalServiceEvents !== false,
    EventSelectors: defaultSelectors(),
    HasCustomEventSelectors: false,
    IsLogging: false,
    files: 0,
    pending: {},
    ...(input.TagsList ? { Tags: input.TagsList as Trail['Tags'] } : {}),
  };
  // CloudTrail checks the bucket and its policy when the trail is made, with a log file key it would write.
  const probe = logFileKey(trail, ctx.accountId, ctx.region, ctx.now(), 'probe');
  const refusal = deliveryRefusal(access(ctx), ctx.accountId, trail, probe);
  if (refusal === 'NoSuchBucket') {
    throw new AwsError('S3BucketDoesNotExistException', `S3 bucket ${bucket} does not exist.`);
  }
  if (refusal) {
    throw new AwsError(
      'InsufficientS3BucketPolicyException',
      `Incorrect S3 bucket policy is detected for bucket: ${bucket}`,
    );
  }
  all[name] = trail;
  const { HomeRegion: _h, HasCustomEventSelectors: _c, HasInsightSelectors: _i, ...created } = view(trail);
  return created;
};

export const GetTrail: Handler = (ctx, input) => ({ Trail: view(find(ctx, input.Name)) });

export const DescribeTrails: Handler = (ctx, input) => {
  const names = (input.trailNameList as string[] | undefined) ?? [];
  const shadows = input.includeShadowTrails !== false;
  const list = names.length
    ? names.flatMap((n) => {
        try {
          return [find(ctx, n)];
        } catch {
          return [];
        }
      })
    : Object.values(trails(ctx)).filter(
        (t) => t.HomeRegion === ctx.region || (shadows && t.IsMultiRegionTrail),
      );
  return { trailList: list.map(view) };
};

export const DeleteTrail: Handler = (ctx, input) => {
  const trail = find(ctx, input.Name);
  inHome(ctx, trail);
  // What waits is delivered before the trail goes (the sandbox's choice; AWS gives no guarantee).
  deliverDue(access(ctx), ctx.accountId, ctx.now().getTime(), trail);
  delete trails(ctx)[trail.Name];
  return {};
};

const TRAIL_ARN = /^arn:aws[\w-]*:cloudtrail:[a-z0-9-]+:\d{12}:trail\/[^/]+$/;

/**
 * The tags of trails in this region by ARN (the sandbox keeps no event data stores, channels or dashboards,
 * the other resources ListTags takes). One ARN it cannot answer for fails the whole call.
 */
export const ListTags: Handler = (ctx, input) => {
  const arns = ((input.ResourceIdList ?? []) as unknown[]).map(String);
  const ResourceTagList = arns.map((arn) => {
    if (!TRAIL_ARN.test(arn)) {
      throw new AwsError(
        'CloudTrailARNInvalidException',
        `${arn} is not a valid ARN. A trail ARN has the form arn:aws:cloudtrail:us-east-2:123456789012:trail/MyTrail.`,
      );
    }
    const trail = trails(ctx)[arn.slice(arn.lastIndexOf('/') + 1)];
    const visible = trail && (trail.IsMultiRegionTrail || trail.HomeRegion === ctx.region);
    if (!trail || !visible || trail.TrailARN !== arn)
      throw new AwsError('ResourceNotFoundException', `Resource not found: ${arn}`);
    return { ResourceId: arn, TagsList: trail.Tags ?? [] };
  });
  return { ResourceTagList };
};

const READ_WRITE = new Set(['ReadOnly', 'WriteOnly', 'All']);
const MAX_TRAILS_PER_REGION = 5;
/** An ARN-like value is an S3 ARN: bucket names are at most 63 characters, object keys 1,024 bytes. */
const MAX_VALUE_LENGTH = 2048;

function invalidSelectors(message: string): AwsError {
  return new AwsError('InvalidEventSelectorsException', message);
}

function checkDataResources(list: unknown): DataResource[] {
  return ((list ?? []) as { Type?: string; Values?: string[] }[]).map((d) => {
    if (d.Type !== 'AWS::S3::Object') {
      throw invalidSelectors(
        `The sandbox logs data events of AWS::S3::Object only; ${String(d.Type)} is not supported.`,
      );
    }
    const values = (d.Values ?? []).map(String);
    for (const v of values) {
      if (v.length > MAX_VALUE_LENGTH) throw invalidSelectors('A DataResources value is too long.');
      if (v !== 'arn:aws:s3' && !/^arn:aws:s3:::[a-z0-9][a-z0-9.-]{1,61}[a-z0-9](\/.*)?$/.test(v)) {
        throw invalidSelectors(`Value ${v} for parameter DataResources.Values is invalid.`);
      }
    }
    return { Type: d.Type, Values: values };
  });
}

/** "Currently, you can exclude AWS KMS or Amazon RDS Data API events" (EventSelector, API Reference). */
const EXCLUDABLE = new Set(['kms.amazonaws.com', 'rdsdata.amazonaws.com']);

function excludedSources(list: unknown): string[] {
  const sources = ((list ?? []) as unknown[]).map(String);
  const bad = sources.find((source) => !EXCLUDABLE.has(source));
  if (bad !== undefined)
    throw invalidSelectors(`Invalid ExcludeManagementEventSources value: ${bad.slice(0, 100)}`);
  return sources;
}

export const PutEventSelectors: Handler = (ctx, input) => {
  const trail = find(ctx, input.TrailName);
  inHome(ctx, trail);
  if (input.AdvancedEventSelectors !== undefined && input.EventSelectors !== undefined) {
    throw new AwsError(
      'InvalidParameterCombinationException',
      'You cannot specify both EventSelectors and AdvancedEventSelectors.',
    );
  }
  if (input.AdvancedEventSelectors !== undefined) {
    trail.AdvancedEventSelectors = checkAdvancedSelectors(input.AdvancedEventSelectors);
    trail.EventSelectors = [];
    trail.HasCustomEventSelectors = true;
    return { TrailARN: trail.TrailARN, AdvancedEventSelectors: trail.AdvancedEventSelectors };
  }
  const raw = (input.EventSelectors ?? []) as Record<string, unknown>[];
  // "You can configure up to five event selectors for each trail" and 250 data resources in all.
  if (raw.length === 0 || raw.length > 5)
    throw invalidSelectors('A trail takes one to five event selectors.');
  const selectors: EventSelector[] = raw.map((s) => {
    const rw = String(s.ReadWriteType ?? 'All');
    if (!READ_WRITE.has(rw)) throw invalidSelectors(`Invalid ReadWriteType: ${rw}`);
    return {
      ReadWriteType: rw as EventSelector['ReadWriteType'],
      IncludeManagementEvents: s.IncludeManagementEvents !== false,
      DataResources: checkDataResources(s.DataResources),
      ExcludeManagementEventSources: excludedSources(s.ExcludeManagementEventSources),
    };
  });
  const values = selectors.flatMap((s) => s.DataResources.flatMap((d) => d.Values)).length;
  if (values > 250)
    throw invalidSelectors('A trail takes at most 250 data resources in its event selectors.');
  trail.EventSelectors = selectors;
  delete trail.AdvancedEventSelectors;
  trail.HasCustomEventSelectors = true;
  return { TrailARN: trail.TrailARN, EventSelectors: selectors };
};

export const GetEventSelectors: Handler = (ctx, input) => {
  const trail = find(ctx, input.TrailName);
  return trail.AdvancedEventSelectors
    ? { TrailARN: trail.TrailARN, AdvancedEventSelectors: trail.AdvancedEventSelectors }
    : { TrailARN: trail.TrailARN, EventSelectors: trail.EventSelectors };
};

export const StartLogging: Handler = (ctx, input) => {
  const trail = find(ctx, input.Name);
  inHome(ctx, trail);
  if (!trail.IsLogging) {
    trail.IsLogging = true;
    trail.StartLoggingTime = ctx.now();
  }
  return {};
};

export const StopLogging: Handler = (ctx, input) => {
  const trail = find(ctx, input.Name);
  inHome(ctx, trail);
  if (trail.IsLogging) {
    trail.IsLogging = false;
    trail.StopLoggingTime = ctx.now();
    deliverDue(access(ctx), ctx.accountId, ctx.now().getTime(), trail);
  }
  return {};
};

const stamp = (d: Date | undefined) => (d ? d.toISOString().replace('.000Z', 'Z') : undefined);

export const GetTrailStatus: Handler = (ctx, input) => {
  const t = find(ctx, input.Name);
  return {
    IsLogging: t.IsLogging,
    ...(t.LatestDeliveryError ? { LatestDeliveryError: t.LatestDeliveryError } : {}),
    ...(t.LatestDeliveryTime ? { LatestDeliveryTime: t.LatestDeliveryTime } : {}),
    ...(t.StartLoggingTime
      ? { StartLoggingTime: t.StartLoggingTime, TimeLoggingStarted: stamp(t.StartLoggingTime) }
      : {}),
    ...(t.StopLoggingTime
      ? { StopLoggingTime: t.StopLoggingTime, TimeLoggingStopped: stamp(t.StopLoggingTime) }
      : {}),
    ...(t.LatestDeliveryAttemptTime
      ? {
          LatestDeliveryAttemptTime: stamp(t.LatestDeliveryAttemptTime),
          LatestDeliveryAttemptSucceeded: t.LatestDeliveryError ? '' : stamp(t.LatestDeliveryTime),
        }
      : {}),
  };
};
