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
  ListTags,
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
  // The model says awsJson1_1, which differs from 1.0 only in the Content-Type: the JSON layer accepts
  // both, and neither SDK v3 nor the AWS CLI checks the version of the answer's Content-Type.
  protocols: ['awsJson1_0'],
  xmlns: 'http://cloudtrail.amazonaws.com/doc/2013-11-01/',
  targetPrefix: 'com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101',
  targetAliases: ['CloudTrail_20131101'],
  namespace: 'com.amazonaws.cloudtrail',
  load: () => import('@aws-sdk/client-cloudtrail'),
  operations: {
    LookupEvents,
    CreateTrail,
    GetTrail,
    DescribeTrails,
    DeleteTrail,
    ListTags,
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
