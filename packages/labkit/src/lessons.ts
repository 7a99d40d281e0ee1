import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { notice } from '@handson/aws';
import { workDir } from './work-dir';

/**
 * What a lab teaches is something it must see happen: a standard queue delivering out of order, a user's
 * key reaching S3 but not EC2, a peering that does not carry traffic onward. A step that can see it records
 * whether it did, with the evidence; the labs runner reports a lab whose lesson did not show as such instead
 * of as passed. An emulator that delivers in order still runs every step: it just does not teach the lesson.
 */
export interface Observation {
  /** The lesson's key in the lab's manifest. */
  lesson: string;
  observed: boolean;
  /** The evidence, or why it did not show. */
  detail: string;
}

const file = (slug: string) => join(workDir(slug), 'lessons.json');

export function readObservations(slug: string): Observation[] {
  const path = file(slug);
  return existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as Observation[]) : [];
}

/** Records (replacing an earlier record of the same lesson) and says it on stderr. */
export function observeLesson(slug: string, lesson: string, observed: boolean, detail: string): Observation {
  const observation = { lesson, observed, detail };
  const others = readObservations(slug).filter((o) => o.lesson !== lesson);
  const path = file(slug);
  writeFileSync(`${path}.tmp`, `${JSON.stringify([...others, observation], null, 2)}\n`, { mode: 0o600 });
  renameSync(`${path}.tmp`, path);
  notice(
    observed
      ? `Lesson "${lesson}": observed: ${detail}`
      : `Lesson "${lesson}": NOT observed on this endpoint: ${detail}`,
  );
  return observation;
}
