#!/usr/bin/env -S node --conditions=@handson/source --import=tsx
// 準備 (2): before anything leaks, a trail that logs S3 data events. The event history (LookupEvents) holds
// management events only: which objects a key read or wrote is known only when a trail logged the bucket's
// data events when it happened. The bucket with the data (one made-up customer list), a bucket for the log
// files with the policy CloudTrail needs, and the trail with one basic event selector, logging.
// Run again, it reuses what the lab made and makes nothing twice.
import {
  CreateTrailCommand,
  GetTrailCommand,
  GetTrailStatusCommand,
  PutEventSelectorsCommand,
  StartLoggingCommand,
} from '@aws-sdk/client-cloudtrail';
import {
  CreateBucketCommand,
  PutBucketPolicyCommand,
  PutBucketTaggingCommand,
  PutObjectCommand,
} from '@aws-sdk/client-s3';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { clients, isNotFound, labTags, notice } from '@handson/aws';
import { aws } from '@handson/labkit';
import { step } from '../_lib/entry.mts';
import { notOurs, regionClients, SLUG, vars } from './lab.mts';
import { LAB } from './manifest.mts';
import {
  bodyFile,
  bucketOwner,
  DATA_BODY,
  DATA_KEY,
  dataBucket,
  dataSelectors,
  logBucket,
  logBucketPolicy,
  TRAIL_NAME,
} from './trail.mts';

await step(LAB, '01-trail');

const region = clients().region;
const { output: who } = await aws(new GetCallerIdentityCommand({}), { query: 'Account', output: 'text' });
const account = who.Account as string;
const DATA_BUCKET = dataBucket(account);
const LOG_BUCKET = logBucket(account);

/** A bucket the lab made before is reused; one of that name without the lab's tag stops the step. */
async function prepareBucket(Bucket: string): Promise<boolean> {
  const owner = await bucketOwner(Bucket);
  if (owner === 'theirs') throw notOurs(`S3 bucket ${Bucket}`);
  if (owner === 'ours') {
    notice(`S3 bucket ${Bucket} was made by an earlier run of this lab: using it as it is.`);
    return false;
  }
  await aws(
    new CreateBucketCommand({
      Bucket,
      ...(region === 'us-east-1'
        ? {}
        : { CreateBucketConfiguration: { LocationConstraint: region as never } }),
    }),
  );
  await aws(new PutBucketTaggingCommand({ Bucket, Tagging: { TagSet: labTags(SLUG) } }));
  return true;
}

if (await prepareBucket(DATA_BUCKET)) {
  const file = bodyFile('customers-2021.csv', DATA_BODY);
  await aws(
    new PutObjectCommand({ Bucket: DATA_BUCKET, Key: DATA_KEY, Body: file.bytes, ContentType: 'text/csv' }),
    { files: { Body: file.shown }, query: 'ETag', output: 'text' },
  );
}
vars.set('DATA_BUCKET', DATA_BUCKET);
await prepareBucket(LOG_BUCKET);
await aws(
  new PutBucketPolicyCommand({ Bucket: LOG_BUCKET, Policy: logBucketPolicy(LOG_BUCKET, region, account) }),
);
vars.set('LOG_BUCKET', LOG_BUCKET);

// The trail: the lab's when it recorded its ARN; one of that name it did not make stops the step.
const ct = regionClients(region);
const { cloudtrail } = ct;
const existing = await cloudtrail.send(new GetTrailCommand({ Name: TRAIL_NAME })).then(
  (out) => out.Trail,
  (error: unknown) => {
    if (isNotFound(error)) return undefined;
    throw error;
  },
);
if (existing && vars.get('TRAIL_ARN') !== existing.TrailARN) throw notOurs(`CloudTrail trail ${TRAIL_NAME}`);
if (existing) notice(`Trail ${TRAIL_NAME} was made by an earlier run of this lab: using it as it is.`);
else {
  const { output } = await aws(
    new CreateTrailCommand({ Name: TRAIL_NAME, S3BucketName: LOG_BUCKET, TagsList: labTags(SLUG) }),
    { clients: ct, query: 'TrailARN', output: 'text' },
  );
  vars.set('TRAIL_ARN', output.TrailARN as string);
}
await aws(
  new PutEventSelectorsCommand({ TrailName: TRAIL_NAME, EventSelectors: dataSelectors(DATA_BUCKET) }),
  {
    clients: ct,
    query: 'EventSelectors[].DataResources[].Values[]',
    output: 'text',
  },
);
await aws(new StartLoggingCommand({ Name: TRAIL_NAME }), { clients: ct });
await aws(new GetTrailStatusCommand({ Name: TRAIL_NAME }), {
  clients: ct,
  query: 'IsLogging',
  output: 'text',
});
console.log(
  `# ${TRAIL_NAME} logs every read and write of s3://${DATA_BUCKET}/ into s3://${LOG_BUCKET}/AWSLogs/`,
);
