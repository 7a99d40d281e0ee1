import type { ServiceDefinition } from '../../core/types';
import { LookupEvents } from './lookup';
import { recordRequest } from './record';
import {
  CreateTrail,
  DeleteTrail,
  DescribeTrails,
  GetEventSelectors,
  GetTrail,
  GetTrailStatus,
  PutEventSelectors,
  StartLogging,
  StopLogging,
} from './trails';

/**
 * CloudTrail event history: every request the sandbox answers is recorded as a management event of its
 * region (IAM's in us-east-1), bounded per region, persisted with the rest of the state, and searched with
 * LookupEvents. LookupEvents calls are recorded too, as AWS records them. Trails (trails.ts) deliver the
 * management and S3 data events their selectors take to their bucket as log files (delivery.ts).
 */
export const service: ServiceDefinition = {
  name: 'cloudtrail',
  operations: {
    LookupEvents,
    CreateTrail,
    GetTrail,
    DescribeTrails,
    DeleteTrail,
    PutEventSelectors,
    GetEventSelectors,
    StartLogging,
    StopLogging,
    GetTrailStatus,
  },
  readOnly: (operation) => /^(Lookup|Get|Describe|List)/.test(operation),
  observer: recordRequest,
};

export default service;
