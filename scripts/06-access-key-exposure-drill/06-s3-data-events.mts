#!/usr/bin/env -S node --conditions=@handson/source --import=tsx
// 4 (続き). S3 のデータイベント: what the key read and wrote inside the bucket. The event history has
// management events only (a GetObject is not there, the step shows it); the trail 01-trail started logged
// the data bucket's object reads and writes and delivers them to its bucket as gzipped JSON files, about
// every 5 minutes. The step waits for the files, reads them, and shows the incident's keys' calls.
//   aws s3api list-objects-v2 --bucket ${LOG_BUCKET} --prefix AWSLogs/${ACCOUNT}/CloudTrail/${REGION}/
//   aws s3 cp s3://${LOG_BUCKET}/${KEY} - | gunzip | jq '.Records[] | select(.eventCategory == "Data")'
import { basename } from 'node:path';
import { LookupEventsCommand } from '@aws-sdk/client-cloudtrail';
import { GetObjectCommand, ListObjectsV2Command, type ListObjectsV2CommandOutput } from '@aws-sdk/client-s3';
import { clients } from '@handson/aws';
import { allPages, printOutput } from '@handson/cli';
import { aws, LabStepError, observeLesson, waitFor } from '@handson/labkit';
import { step } from '../_lib/entry.mts';
import { dataEventsFile, need, regionClients, SLUG, writePrivate } from './lab.mts';
import { LAB } from './manifest.mts';
import { DATA_KEY, type DataEvent, dataEventsIn } from './trail.mts';

await step(LAB, '06-s3-data-events');

const EXPOSED_ACCESS_KEY_ID = need('EXPOSED_ACCESS_KEY_ID', '01-setup');
const ATTACKER_KEYS = need('ATTACKER_KEYS', '06-lookup-events');
const LOG_BUCKET = need('LOG_BUCKET', '01-trail');
const TRAIL_ARN = need('TRAIL_ARN', '01-trail');
const region = clients().region;
const account = TRAIL_ARN.split(':')[4] as string;
const prefix = `AWSLogs/${account}/CloudTrail/${region}/`;
const incident = new Set([EXPOSED_ACCESS_KEY_ID, ...ATTACKER_KEYS.split(' ').filter(Boolean)]);
const { s3 } = clients();

/** The log files so far, oldest first (their names begin with the delivery time). */
async function logFiles(): Promise<string[]> {
  const listed = await allPages<ListObjectsV2CommandOutput>(
    s3,
    new ListObjectsV2Command({ Bucket: LOG_BUCKET, Prefix: prefix }),
  );
  return (listed.Contents ?? []).map((c) => c.Key as string).sort();
}

const read = new Map<string, DataEvent[]>();
/** A log file's data events; printed as `get-object` the first time it is read, once it is known to count. */
async function eventsIn(key: string, quiet = true): Promise<DataEvent[]> {
  const known = read.get(key);
  if (known && quiet) return known;
  const { bytes } = await aws(new GetObjectCommand({ Bucket: LOG_BUCKET, Key: key }), {
    query: '[ContentType,ContentEncoding,ContentLength]',
    output: 'text',
    outfile: basename(key),
    quiet,
  });
  const events = dataEventsIn(bytes ?? new Uint8Array());
  read.set(key, events);
  return events;
}

async function incidentEvents(): Promise<DataEvent[]> {
  const all: DataEvent[] = [];
  for (const key of await logFiles()) all.push(...(await eventsIn(key)));
  return all.filter((e) => incident.has(e.AccessKeyId));
}

// The event history first: management events only, so no GetObject, whoever called it.
await aws(
  new LookupEventsCommand({ LookupAttributes: [{ AttributeKey: 'EventName', AttributeValue: 'GetObject' }] }),
  { clients: regionClients(region), query: 'length(Events)', output: 'text' },
);
// CloudTrail delivers a log file about every 5 minutes ("within an average of about 5 minutes of an API call").
const { done } = await waitFor({
  what: `CloudTrail to deliver the data events to s3://${LOG_BUCKET}/${prefix}`,
  ms: 15 * 60_000,
  pollMs: 30_000,
  until: async () => (await incidentEvents()).length > 0,
});
if (!done) {
  throw new LabStepError(
    `no log file in s3://${LOG_BUCKET}/${prefix} holds a call of the incident's keys after 15 minutes: is ` +
      'the trail logging (aws cloudtrail get-trail-status)? Run this step again later.',
  );
}
const files = await logFiles();
await aws(new ListObjectsV2Command({ Bucket: LOG_BUCKET, Prefix: prefix }), {
  query: 'Contents[].[Key,Size]',
  output: 'text',
});
for (const key of files) await eventsIn(key, false);
const events = await incidentEvents();
printOutput(
  events.map((e) => ({
    EventTime: e.EventTime,
    EventName: e.EventName,
    Key: e.Key,
    BytesIn: e.BytesIn,
    BytesOut: e.BytesOut,
    AccessKeyId: e.AccessKeyId,
  })),
  { output: 'table', title: 'S3DataEvents' },
);
writePrivate(dataEventsFile(), events);
const stolen = events.filter((e) => e.EventName === 'GetObject' && e.Key === DATA_KEY && !e.ErrorCode);
const written = events.filter((e) => e.EventName === 'PutObject' && !e.ErrorCode);
observeLesson(
  SLUG,
  'data-events-show-reads',
  stolen.length > 0,
  stolen.length > 0
    ? `the trail's log files show ${DATA_KEY} read by ${stolen[0]?.AccessKeyId} (${stolen[0]?.BytesOut} bytes), which the event history does not hold`
    : `no GetObject of ${DATA_KEY} by the incident's keys in the log files`,
);
console.log(
  `# ${events.length} data events of the incident's keys in ${files.length} log file(s): ` +
    `${stolen.length} read(s) of ${DATA_KEY}, ${written.length} object(s) written`,
);
