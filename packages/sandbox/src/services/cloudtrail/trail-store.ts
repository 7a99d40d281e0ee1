import { asDict, withDicts } from '../../core/dict.js';
import type { StateAccess } from '../../core/types.js';
import type { AdvancedSelector } from './advanced-selectors.js';

/*
 * Trails: what CreateTrail, PutEventSelectors and StartLogging set, and the records waiting for delivery to
 * the trail's bucket. Kept per account (a trail's name is unique in its account here; AWS allows the same
 * name in two regions), apart from the event history.
 */

export interface DataResource {
  Type: string;
  Values: string[];
}

export interface EventSelector {
  ReadWriteType: 'ReadOnly' | 'WriteOnly' | 'All';
  IncludeManagementEvents: boolean;
  DataResources: DataResource[];
  ExcludeManagementEventSources: string[];
}

/** Records of one region waiting for their log file, as JSON text (the record as delivered). */
export interface PendingBatch {
  /** When the oldest waiting record was taken (ms, sandbox clock). */
  since: number;
  records: string[];
  bytes: number;
}

export interface Trail {
  Name: string;
  HomeRegion: string;
  TrailARN: string;
  S3BucketName: string;
  S3KeyPrefix?: string;
  IsMultiRegionTrail: boolean;
  IncludeGlobalServiceEvents: boolean;
  EventSelectors: EventSelector[];
  /** Set instead of EventSelectors when the trail was given advanced selectors. */
  AdvancedEventSelectors?: AdvancedSelector[];
  HasCustomEventSelectors: boolean;
  IsLogging: boolean;
  StartLoggingTime?: Date;
  StopLoggingTime?: Date;
  LatestDeliveryTime?: Date;
  LatestDeliveryAttemptTime?: Date;
  LatestDeliveryError?: string;
  /** Log files written so far: part of each file name's unique string. */
  files: number;
  pending: Record<string, PendingBatch>;
  Tags?: { Key: string; Value?: string }[];
}

export interface TrailsState {
  trails: Record<string, Trail>;
}

const init = (): TrailsState => ({ trails: {} });
/** The state key: the event history lives under `cloudtrail` / region. */
export const TRAILS_SERVICE = 'cloudtrail-trails';

export function trailsOf(access: StateAccess, accountId: string): Record<string, Trail> {
  return asDict(withDicts(access.get<TrailsState>(accountId, TRAILS_SERVICE, 'global', init)).trails);
}

export const defaultSelectors = (): EventSelector[] => [
  {
    ReadWriteType: 'All',
    IncludeManagementEvents: true,
    DataResources: [],
    ExcludeManagementEventSources: [],
  },
];
