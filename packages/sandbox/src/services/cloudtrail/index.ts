import { registerRequestObserver } from '../../core/registry';
import type { ServiceDefinition } from '../../core/types';
import { LookupEvents } from './lookup';
import { recordRequest } from './record';

/**
 * CloudTrail event history: every request the sandbox answers is recorded as a management event of its
 * region (IAM's in us-east-1), bounded per region, persisted with the rest of the state, and searched with
 * LookupEvents. LookupEvents calls are recorded too, as AWS records them.
 */
export const service: ServiceDefinition = {
  name: 'cloudtrail',
  operations: { LookupEvents },
  readOnly: () => true,
};

registerRequestObserver(recordRequest);

export default service;
