import type { StateAccess } from '../../core/types';

/**
 * What LookupEvents looks back over, and how long events are kept: event history holds the last 90 days
 * (https://docs.aws.amazon.com/awscloudtrail/latest/userguide/view-cloudtrail-events.html), by the
 * sandbox's clock.
 */
export const LOOKBACK_DAYS = 90;
const KEEP_MS = LOOKBACK_DAYS * 86_400_000;
/**
 * At most this many events per account and region, the oldest going first, so a burst of requests cannot
 * grow memory without bound. Regions are the validated list (core/regions.ts, 30-odd), so an account holds
 * at most a few hundred thousand events; a record is at most about 200 KB (parameters and answers over
 * 100 KB are omitted, see redact.ts), 1-2 KB typically.
 */
export const EVENTS_PER_REGION = 5_000;

export interface StoredResource {
  ResourceType: string;
  ResourceName: string;
}

/** One management event as LookupEvents returns it, with the full record kept as the JSON AWS returns. */
export interface StoredEvent {
  /** Order of recording in the region, for stable paging while new events arrive. */
  seq: number;
  EventId: string;
  EventName: string;
  /** `true` / `false`, a string as in LookupEvents. */
  ReadOnly: string;
  AccessKeyId: string;
  EventTime: Date;
  EventSource: string;
  Username: string;
  Resources: StoredResource[];
  CloudTrailEvent: string;
}

/**
 * A region's events keyed by sequence number, `firstSeq` to `nextSeq - 1` without gaps: adding one and
 * dropping the oldest change one key each, so the journal line of a request stays the size of its event.
 */
export interface RegionTrail {
  nextSeq: number;
  firstSeq: number;
  events: Record<string, StoredEvent>;
}

export const emptyTrail = (): RegionTrail => ({ nextSeq: 1, firstSeq: 1, events: {} });

export function trailOf(state: StateAccess, accountId: string, region: string): RegionTrail {
  return upgrade(state.get(accountId, 'cloudtrail', region, emptyTrail));
}

/** State saved before events were keyed by sequence number held them as an array. */
export function upgrade(trail: RegionTrail): RegionTrail {
  const old = trail.events as unknown;
  if (Array.isArray(old)) {
    const events: Record<string, StoredEvent> = {};
    for (const e of old as StoredEvent[]) events[String(e.seq)] = e;
    trail.firstSeq = (old[0] as StoredEvent | undefined)?.seq ?? trail.nextSeq;
    trail.events = events;
  }
  return trail;
}

/** Appends an event, then drops what is older than 90 days or beyond EVENTS_PER_REGION. */
export function append(trail: RegionTrail, event: Omit<StoredEvent, 'seq'>, nowMs: number): void {
  const seq = trail.nextSeq++;
  trail.events[String(seq)] = { seq, ...event };
  const oldest = nowMs - KEEP_MS;
  while (trail.firstSeq < trail.nextSeq) {
    const first = trail.events[String(trail.firstSeq)];
    const over = trail.nextSeq - trail.firstSeq > EVENTS_PER_REGION;
    if (first && !over && first.EventTime.getTime() >= oldest) break;
    delete trail.events[String(trail.firstSeq)];
    trail.firstSeq++;
  }
}

/** Newest first. */
export function* newestFirst(trail: RegionTrail): Generator<StoredEvent> {
  for (let seq = trail.nextSeq - 1; seq >= trail.firstSeq; seq--) {
    const e = trail.events[String(seq)];
    if (e) yield e;
  }
}
