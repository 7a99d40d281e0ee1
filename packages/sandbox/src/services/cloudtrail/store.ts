import type { StateAccess } from '../../core/types';

/**
 * How many events each region keeps; the oldest go first. Event history on AWS keeps 90 days instead. The
 * whole state is rewritten after every mutating request, so the bound is what keeps that cheap: 2,000 events
 * are about 2.4 MB of JSON per region (10,000 would be 12 MB, some 70 ms to serialise each time).
 */
export const EVENTS_PER_REGION = 2_000;
/** What LookupEvents looks back over, as on AWS. */
export const LOOKBACK_DAYS = 90;

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

export interface RegionTrail {
  nextSeq: number;
  events: StoredEvent[];
}

export const emptyTrail = (): RegionTrail => ({ nextSeq: 1, events: [] });

export function trailOf(state: StateAccess, accountId: string, region: string): RegionTrail {
  return state.get(accountId, 'cloudtrail', region, emptyTrail);
}

/** Appends an event, keeping the newest EVENTS_PER_REGION. */
export function append(trail: RegionTrail, event: Omit<StoredEvent, 'seq'>): void {
  trail.events.push({ seq: trail.nextSeq++, ...event });
  const excess = trail.events.length - EVENTS_PER_REGION;
  if (excess > 0) trail.events.splice(0, excess);
}
