/** AWS::SQS::Queue through the SQS service. Ref is the queue URL, as on AWS. */
import { call } from './common';
import type { Props, ProviderRegistry, ProvisionContext, ResourceProvider } from './types';

const sqs = (p: ProvisionContext, op: string, input: Record<string, unknown>) => call(p, 'sqs', op, input);

const ATTRIBUTES = [
  'ContentBasedDeduplication',
  'DeduplicationScope',
  'DelaySeconds',
  'FifoQueue',
  'FifoThroughputLimit',
  'KmsDataKeyReusePeriodSeconds',
  'KmsMasterKeyId',
  'MaximumMessageSize',
  'MessageRetentionPeriod',
  'ReceiveMessageWaitTimeSeconds',
  'SqsManagedSseEnabled',
  'VisibilityTimeout',
];

function attributes(props: Props): Record<string, string> {
  const out: Record<string, string> = {};
  for (const k of ATTRIBUTES) if (props[k] !== undefined) out[k] = String(props[k]);
  for (const k of ['RedrivePolicy', 'RedriveAllowPolicy']) {
    if (props[k] !== undefined) out[k] = typeof props[k] === 'string' ? props[k] : JSON.stringify(props[k]);
  }
  return out;
}

async function queueValues(p: ProvisionContext, url: string) {
  const out = await sqs(p, 'GetQueueAttributes', { QueueUrl: url, AttributeNames: ['QueueArn'] });
  const arn = (out.Attributes as Record<string, string> | undefined)?.QueueArn ?? '';
  return { Arn: arn, QueueUrl: url, QueueName: url.split('/').pop() ?? '' };
}

const queue: ResourceProvider = {
  async create(p, props) {
    const fifo = String(props.FifoQueue).toLowerCase() === 'true';
    const name = props.QueueName ?? `${p.physicalName(fifo ? 75 : 80)}${fifo ? '.fifo' : ''}`;
    const tags: Record<string, string> = {};
    for (const t of [...p.tags, ...((props.Tags as { Key: string; Value: string }[] | undefined) ?? [])])
      tags[t.Key] = t.Value;
    const out = await sqs(p, 'CreateQueue', { QueueName: name, Attributes: attributes(props), tags });
    const url = out.QueueUrl as string;
    return { physicalId: url, attributes: await queueValues(p, url) };
  },
  async update(p, url, props, prev, values) {
    const keys = new Set([...Object.keys(props), ...Object.keys(prev)]);
    const changed = [...keys].filter((k) => JSON.stringify(props[k]) !== JSON.stringify(prev[k]));
    if (changed.some((k) => k === 'QueueName' || k === 'FifoQueue' || k === 'Tags')) return undefined;
    await sqs(p, 'SetQueueAttributes', { QueueUrl: url, Attributes: attributes(props) });
    return values;
  },
  async delete(p, url) {
    await sqs(p, 'DeleteQueue', { QueueUrl: url });
  },
};

export const sqsProviders: ProviderRegistry = { 'AWS::SQS::Queue': queue };
