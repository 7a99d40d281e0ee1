/**
 * One CloudTrail event as the labs keep it after `lookup-events` (or after reading a trail's log records):
 * the fields an investigation reads. The names are LookupEvents' own (`EventName`, `AccessKeyId`, ...), with
 * the record's `sourceIPAddress`, `userAgent` and `errorCode` beside them.
 */
export interface TrailEvent {
  Region: string;
  EventName: string;
  /** ISO 8601, whole seconds as CloudTrail keeps them. */
  EventTime: string;
  AccessKeyId: string;
  Username?: string;
  EventSource?: string;
  SourceIPAddress?: string;
  UserAgent?: string;
  ErrorCode?: string;
  Resources?: { Type: string; Name: string }[];
}
