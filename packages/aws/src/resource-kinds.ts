import type { ResourceKindSpec } from './kinds/kind.js';

export type { Found, KindOps, ResourceKindSpec, TagFilter } from './kinds/kind.js';

/*
 * Every kind of resource the labs create and tag: how the sweep names its removal, whether it is kept per
 * region, and (loaded on first use, with its SDK client package) how to find the tagged ones and remove one.
 * The order is the order of removal: a stack first (it removes what it made), instances before the security
 * groups and VPCs they sit in, a trail before the bucket it writes to, users, profiles and roles before the
 * policies attached to them.
 */
const TABLE = {
  'cloudformation:stack': {
    verb: 'delete',
    ops: async () => (await import('./kinds/cloudformation.js')).stack,
  },
  'ec2:instance': {
    verb: 'terminate',
    regional: true,
    ops: async () => (await import('./kinds/ec2.js')).instance,
  },
  'ec2:key-pair': {
    verb: 'delete',
    regional: true,
    ops: async () => (await import('./kinds/ec2.js')).keyPair,
  },
  'ec2:security-group': {
    verb: 'delete',
    regional: true,
    ops: async () => (await import('./kinds/ec2.js')).securityGroup,
  },
  'ec2:vpc': { verb: 'delete', regional: true, ops: async () => (await import('./kinds/ec2.js')).vpc },
  'sqs:queue': { verb: 'delete', ops: async () => (await import('./kinds/sqs.js')).queue },
  'dynamodb:table': { verb: 'delete', ops: async () => (await import('./kinds/dynamodb.js')).table },
  'cloudtrail:trail': {
    verb: 'delete',
    first: 'logging stopped',
    regional: true,
    ops: async () => (await import('./kinds/cloudtrail.js')).trail,
  },
  's3:bucket': {
    verb: 'delete',
    first: 'its objects',
    ops: async () => (await import('./kinds/s3.js')).bucket,
  },
  'iam:user': {
    verb: 'delete',
    first: 'keys, login profile, policies, groups',
    ops: async () => (await import('./kinds/iam.js')).user,
  },
  'iam:instance-profile': {
    verb: 'delete',
    first: 'its role',
    ops: async () => (await import('./kinds/iam.js')).instanceProfile,
  },
  'iam:role': {
    verb: 'delete',
    first: 'instance profiles and policies',
    ops: async () => (await import('./kinds/iam.js')).role,
  },
  'iam:policy': {
    verb: 'delete',
    first: 'detached and old versions',
    ops: async () => (await import('./kinds/iam.js')).policy,
  },
} satisfies Record<string, ResourceKindSpec>;

/** A kind of resource the labs tag, `service:type`: what the sweep finds and `removeResource` removes. */
export type ResourceKind = keyof typeof TABLE;

export const RESOURCE_KINDS: Readonly<Record<ResourceKind, ResourceKindSpec>> = TABLE;

/** Every kind, in the order of removal. */
export const RESOURCE_KIND_NAMES = Object.keys(TABLE) as readonly ResourceKind[];
