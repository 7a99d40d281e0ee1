// The drill's CloudTrail trail and its two buckets: the bucket the attacker reads (its S3 data events are
// what the trail logs) and the bucket the log files go to. Names, the bucket policy, the event selector and
// the log file reader are in @handson/lab-helpers/drill (the notebook imports them too).
import { writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { GetBucketTaggingCommand, HeadBucketCommand } from '@aws-sdk/client-s3';
import { clients, isNotFound } from '@handson/aws';
import { dirWork, isOurs } from './lab.mts';

export {
  DATA_BODY,
  DATA_KEY,
  type DataEvent,
  dataBucket,
  dataEventsIn,
  dataSelectors,
  logBucket,
  logBucketPolicy,
  NOTE_BODY,
  NOTE_KEY,
  TRAIL_NAME,
  trailArn,
} from '@handson/lab-helpers/drill';

/**
 * A file for `put-object --body FILE` in the lab's work directory, and the path the command line shows
 * (relative to where the step runs, as a terminal would type it).
 */
export function bodyFile(name: string, text: string): { path: string; shown: string; bytes: Buffer } {
  const path = join(dirWork(), name);
  writeFileSync(path, text, { mode: 0o600 });
  return { path, shown: relative(process.cwd(), path) || path, bytes: Buffer.from(text, 'utf8') };
}

/** `missing`, `ours` (it carries the lab's tag) or `theirs`. */
export async function bucketOwner(Bucket: string): Promise<'missing' | 'ours' | 'theirs'> {
  const { s3 } = clients();
  const found = await s3.send(new HeadBucketCommand({ Bucket })).then(
    () => true,
    (error: unknown) => {
      if (isNotFound(error)) return false;
      // Bucket names are global: 403 is a bucket of that name in another account.
      if ((error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode === 403)
        return 'theirs';
      throw error;
    },
  );
  if (found === 'theirs') return 'theirs';
  if (!found) return 'missing';
  // A bucket without tags answers NoSuchTagSet: not the lab's.
  const tags = await s3.send(new GetBucketTaggingCommand({ Bucket })).then(
    (out) => out.TagSet,
    (error: unknown) => {
      if (isNotFound(error)) return undefined;
      throw error;
    },
  );
  return isOurs(tags) ? 'ours' : 'theirs';
}
