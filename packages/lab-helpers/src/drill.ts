import { randomInt } from 'node:crypto';
import { gunzipSync } from 'node:zlib';
import type { CloudTrailClient } from '@aws-sdk/client-cloudtrail';
import { type AwsClients, clientsFor } from '@handson/aws';

/*
 * Lab 06's drill goes region by region, as an attacker does: clients for one region (with the environment's
 * identity or a given key), the `export AWS_DEFAULT_REGION=...` line a terminal shows before them, and the
 * console passwords the drill sets (never printed or kept). Its trail: the names, the log bucket's policy,
 * the event selector, and the reader of delivered log files.
 */

/** Clients in `region`, for the environment's identity or for the given keys, CloudTrail included. */
export function regionClients(
  region: string,
  credentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string },
): AwsClients & { cloudtrail: CloudTrailClient } {
  // The set builds CloudTrail's client too; typed here as the SDK's class, which the lab's commands want.
  return clientsFor({ region, ...(credentials ? { credentials } : {}) }) as AwsClients & {
    cloudtrail: CloudTrailClient;
  };
}

/** `export AWS_DEFAULT_REGION=...` as a terminal would show before the commands for another region. */
export function sayRegion(region: string): void {
  console.log(`$ export AWS_DEFAULT_REGION=${region}`);
}

/** 20 characters with every class an account password policy may require, shuffled with crypto randomness. */
export function generatePassword(): string {
  const classes = ['ABCDEFGHJKLMNPQRSTUVWXYZ', 'abcdefghijkmnopqrstuvwxyz', '23456789', '#%+-=@^_'];
  const all = classes.join('');
  const chars = classes.map((c) => c[randomInt(c.length)] as string);
  while (chars.length < 20) chars.push(all[randomInt(all.length)] as string);
  for (let i = chars.length - 1; i > 0; i--) {
    const j = randomInt(i + 1);
    [chars[i], chars[j]] = [chars[j] as string, chars[i] as string];
  }
  return chars.join('');
}

/** The trail that logs S3 data events of the data bucket. */
export const TRAIL_NAME = 'handson-drill-trail';
/** The object the attacker steals: made-up customer data. */
export const DATA_KEY = 'customers/customers-2021.csv';
export const DATA_BODY = 'id,name,email\n1,Sato Hanako,hanako@example.com\n2,Suzuki Taro,taro@example.com\n';
/** What the attacker leaves in the bucket. */
export const NOTE_KEY = 'README-restore-your-data.txt';
export const NOTE_BODY = 'Your files are ours. Write to the address below to get them back.\n';

/** Bucket names are global on AWS: the account id keeps the drill's apart from everyone else's. */
export const dataBucket = (account: string) => `handson-drill-data-${account}`;
export const logBucket = (account: string) => `handson-drill-trail-${account}`;
export const trailArn = (region: string, account: string) =>
  `arn:aws:cloudtrail:${region}:${account}:trail/${TRAIL_NAME}`;

/**
 * The log bucket's policy, as "Amazon S3 bucket policy for CloudTrail" (CloudTrail User Guide) gives it:
 * CloudTrail may read the bucket ACL and write under AWSLogs/<account>/, for this trail only.
 */
export function logBucketPolicy(bucket: string, region: string, account: string): string {
  const SourceArn = trailArn(region, account);
  return JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'AWSCloudTrailAclCheck',
        Effect: 'Allow',
        Principal: { Service: 'cloudtrail.amazonaws.com' },
        Action: 's3:GetBucketAcl',
        Resource: `arn:aws:s3:::${bucket}`,
        Condition: { StringEquals: { 'aws:SourceArn': SourceArn } },
      },
      {
        Sid: 'AWSCloudTrailWrite',
        Effect: 'Allow',
        Principal: { Service: 'cloudtrail.amazonaws.com' },
        Action: 's3:PutObject',
        Resource: `arn:aws:s3:::${bucket}/AWSLogs/${account}/*`,
        Condition: {
          StringEquals: { 's3:x-amz-acl': 'bucket-owner-full-control', 'aws:SourceArn': SourceArn },
        },
      },
    ],
  });
}

/** The basic event selector: every read and write of the data bucket's objects, no management events. */
export const dataSelectors = (bucket: string) => [
  {
    ReadWriteType: 'All' as const,
    IncludeManagementEvents: false,
    DataResources: [{ Type: 'AWS::S3::Object', Values: [`arn:aws:s3:::${bucket}/`] }],
  },
];

/** One S3 data event as the drill shows it. */
export interface DataEvent {
  EventTime: string;
  EventName: string;
  Key: string;
  BytesIn: number;
  BytesOut: number;
  AccessKeyId: string;
  User: string;
  SourceIP: string;
  ErrorCode?: string;
}

/** The members of a CloudTrail record the drill reads ("CloudTrail record contents"). */
interface LogRecord {
  eventCategory?: string;
  eventSource?: string;
  eventTime?: string;
  eventName?: string;
  errorCode?: string;
  sourceIPAddress?: string;
  requestParameters?: { key?: string; prefix?: string } | null;
  additionalEventData?: { bytesTransferredIn?: number; bytesTransferredOut?: number };
  userIdentity?: { accessKeyId?: string; userName?: string; type?: string };
}

/** The records of a delivered log file (gzipped `{"Records":[...]}`), as the drill keeps them. */
export function dataEventsIn(gzipped: Uint8Array): DataEvent[] {
  const { Records } = JSON.parse(gunzipSync(gzipped).toString('utf8')) as { Records: LogRecord[] };
  return Records.filter((r) => r.eventCategory === 'Data' && r.eventSource === 's3.amazonaws.com').map(
    (r) => ({
      EventTime: String(r.eventTime),
      EventName: String(r.eventName),
      Key: String(r.requestParameters?.key ?? `${r.requestParameters?.prefix ?? ''}*`),
      BytesIn: Number(r.additionalEventData?.bytesTransferredIn ?? 0),
      BytesOut: Number(r.additionalEventData?.bytesTransferredOut ?? 0),
      AccessKeyId: String(r.userIdentity?.accessKeyId ?? ''),
      User: String(r.userIdentity?.userName ?? r.userIdentity?.type ?? ''),
      SourceIP: String(r.sourceIPAddress ?? ''),
      ...(r.errorCode ? { ErrorCode: String(r.errorCode) } : {}),
    }),
  );
}
