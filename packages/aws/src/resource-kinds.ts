import * as cloudformation from './kinds/cloudformation.js';
import * as cloudtrail from './kinds/cloudtrail.js';
import * as dynamodb from './kinds/dynamodb.js';
import * as ec2 from './kinds/ec2.js';
import * as iam from './kinds/iam.js';
import type { ResourceKindSpec } from './kinds/kind.js';
import * as s3 from './kinds/s3.js';
import * as sqs from './kinds/sqs.js';

export type { Found, ResourceKindSpec, TagFilter } from './kinds/kind.js';

/**
 * Every kind of resource the labs create and tag, with how to find the tagged ones and how to remove one.
 * The order is the order of removal: a stack first (it removes what it made), instances before the security
 * groups and VPCs they sit in, a trail before the bucket it writes to, users, profiles and roles before the
 * policies attached to them.
 */
export const RESOURCE_KINDS = {
  'cloudformation:stack': cloudformation.stack,
  'ec2:instance': ec2.instance,
  'ec2:key-pair': ec2.keyPair,
  'ec2:security-group': ec2.securityGroup,
  'ec2:vpc': ec2.vpc,
  'sqs:queue': sqs.queue,
  'dynamodb:table': dynamodb.table,
  'cloudtrail:trail': cloudtrail.trail,
  's3:bucket': s3.bucket,
  'iam:user': iam.user,
  'iam:instance-profile': iam.instanceProfile,
  'iam:role': iam.role,
  'iam:policy': iam.policy,
} satisfies Record<string, ResourceKindSpec>;

/** A kind of resource the labs tag, `service:type`: what the sweep finds and `removeResource` removes. */
export type ResourceKind = keyof typeof RESOURCE_KINDS;

/** The kinds in the order of removal. */
export const KINDS = Object.keys(RESOURCE_KINDS) as ResourceKind[];
