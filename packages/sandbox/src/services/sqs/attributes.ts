import { invalidAttributeName, invalidAttributeValue } from './errors';
import type { Counts, QueueState } from './model/types';

const STANDARD_DEFAULTS: Record<string, string> = {
  DelaySeconds: '0',
  // AWS raised the limit from 256 KiB to 1 MiB in August 2025; new queues default to the maximum.
  MaximumMessageSize: '1048576',
  MessageRetentionPeriod: '345600',
  ReceiveMessageWaitTimeSeconds: '0',
  VisibilityTimeout: '30',
  SqsManagedSseEnabled: 'true',
};

const FIFO_DEFAULTS: Record<string, string> = {
  FifoQueue: 'true',
  ContentBasedDeduplication: 'false',
  DeduplicationScope: 'queue',
  FifoThroughputLimit: 'perQueue',
};

const FIFO_ONLY = new Set(['ContentBasedDeduplication', 'DeduplicationScope', 'FifoThroughputLimit']);

const RANGES: Record<string, [number, number]> = {
  DelaySeconds: [0, 900],
  MaximumMessageSize: [1024, 1048576],
  MessageRetentionPeriod: [60, 1209600],
  ReceiveMessageWaitTimeSeconds: [0, 20],
  VisibilityTimeout: [0, 43200],
  KmsDataKeyReusePeriodSeconds: [60, 86400],
};

const BOOLEANS = new Set(['FifoQueue', 'ContentBasedDeduplication', 'SqsManagedSseEnabled']);
const CHOICES: Record<string, string[]> = {
  DeduplicationScope: ['messageGroup', 'queue'],
  FifoThroughputLimit: ['perQueue', 'perMessageGroupId'],
};
const FREE_TEXT = new Set(['Policy', 'KmsMasterKeyId', 'RedrivePolicy', 'RedriveAllowPolicy']);

const READ_ONLY = [
  'ApproximateNumberOfMessages',
  'ApproximateNumberOfMessagesDelayed',
  'ApproximateNumberOfMessagesNotVisible',
  'CreatedTimestamp',
  'LastModifiedTimestamp',
  'QueueArn',
];

export function defaultAttributes(fifo: boolean): Record<string, string> {
  return fifo ? { ...STANDARD_DEFAULTS, ...FIFO_DEFAULTS } : { ...STANDARD_DEFAULTS };
}

const invalidValue = (name: string): Error =>
  invalidAttributeValue(`Invalid value for the parameter ${name}.`);

function normaliseValue(name: string, raw: unknown): string {
  const value = String(raw);
  const range = RANGES[name];
  if (range) {
    const n = Number(value);
    if (value.trim() === '' || !Number.isInteger(n) || n < range[0] || n > range[1]) throw invalidValue(name);
    return String(n);
  }
  if (BOOLEANS.has(name)) {
    const lower = value.toLowerCase();
    if (lower !== 'true' && lower !== 'false') throw invalidValue(name);
    return lower;
  }
  const choices = CHOICES[name];
  if (choices) {
    if (!choices.includes(value)) throw invalidValue(name);
    return value;
  }
  if (name === 'RedrivePolicy' && value !== '') checkRedrivePolicy(value);
  return value;
}

function checkRedrivePolicy(value: string): void {
  let policy: { deadLetterTargetArn?: unknown; maxReceiveCount?: unknown };
  try {
    policy = JSON.parse(value);
  } catch {
    throw invalidAttributeValue(
      'Invalid value for the parameter RedrivePolicy. Reason: Redrive policy is not a valid JSON map.',
    );
  }
  const count = Number(policy.maxReceiveCount);
  if (
    typeof policy.deadLetterTargetArn !== 'string' ||
    !Number.isInteger(count) ||
    count < 1 ||
    count > 1000
  ) {
    throw invalidAttributeValue(
      'Value ' +
        value +
        ' for parameter RedrivePolicy is invalid. Reason: Redrive policy requires deadLetterTargetArn and maxReceiveCount (1 to 1000).',
    );
  }
}

/**
 * Validates CreateQueue / SetQueueAttributes attributes and returns them normalised (booleans lower-case,
 * numbers canonical). FIFO-only attributes on a standard queue are unknown attributes, as on AWS.
 */
export function checkQueueAttributes(
  input: Record<string, unknown> | undefined,
  fifo: boolean,
  creating: boolean,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, raw] of Object.entries(input ?? {})) {
    const known = name in RANGES || BOOLEANS.has(name) || name in CHOICES || FREE_TEXT.has(name);
    if (!known || READ_ONLY.includes(name)) throw invalidAttributeName(`Unknown Attribute ${name}.`);
    if (!fifo && FIFO_ONLY.has(name)) {
      if (name === 'ContentBasedDeduplication') throw invalidAttributeName(`Unknown Attribute ${name}.`);
      throw invalidAttributeName(`You can specify the ${name} only when FifoQueue is set to true.`);
    }
    const value = normaliseValue(name, raw);
    if (name === 'FifoQueue') {
      if (!creating) {
        if ((value === 'true') !== fifo) {
          throw invalidAttributeValue(
            'Invalid value for the parameter FifoQueue. Reason: Modifying queue type is not supported.',
          );
        }
      } else if (value === 'false' && fifo) {
        throw invalidValue(name);
      } else if (value === 'false') {
        // A standard queue asked for with FifoQueue=false is fine; AWS does not list the attribute afterwards.
        continue;
      }
    }
    out[name] = value;
  }
  return out;
}

export const ALL_QUEUE_ATTRIBUTE_NAMES = new Set([
  'All',
  ...READ_ONLY,
  ...Object.keys(RANGES),
  ...BOOLEANS,
  ...Object.keys(CHOICES),
  ...FREE_TEXT,
]);

/** GetQueueAttributes' answer for the requested names (`All` for every attribute the queue has). */
export function queueAttributes(
  queue: QueueState,
  names: string[],
  counts: () => Counts,
): Record<string, string> {
  for (const name of names) {
    if (!ALL_QUEUE_ATTRIBUTE_NAMES.has(name)) throw invalidAttributeName(`Unknown Attribute ${name}.`);
  }
  const wanted = names.includes('All') ? undefined : new Set(names);
  const want = (name: string) => wanted === undefined || wanted.has(name);
  const out: Record<string, string> = {};
  if (want('QueueArn')) out.QueueArn = queue.arn;
  const countNames = [
    'ApproximateNumberOfMessages',
    'ApproximateNumberOfMessagesNotVisible',
    'ApproximateNumberOfMessagesDelayed',
  ];
  if (countNames.some(want)) {
    const c = counts();
    if (want('ApproximateNumberOfMessages')) out.ApproximateNumberOfMessages = String(c.visible);
    if (want('ApproximateNumberOfMessagesNotVisible'))
      out.ApproximateNumberOfMessagesNotVisible = String(c.notVisible);
    if (want('ApproximateNumberOfMessagesDelayed'))
      out.ApproximateNumberOfMessagesDelayed = String(c.delayed);
  }
  if (want('CreatedTimestamp')) out.CreatedTimestamp = String(Math.floor(queue.createdMs / 1000));
  if (want('LastModifiedTimestamp'))
    out.LastModifiedTimestamp = String(Math.floor(queue.lastModifiedMs / 1000));
  for (const [name, value] of Object.entries(queue.attributes)) {
    if (want(name) && value !== '') out[name] = value;
  }
  return out;
}
