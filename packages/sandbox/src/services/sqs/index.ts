import type { RequestContext, ServiceDefinition } from '../../core/types';
import { queueOperations } from './queue-handlers';
import { receiptOperations } from './receipt-handlers';
import { receiveOperations } from './receive';
import { type ModelInput, parseQueueUrl, queueArn } from './registry';
import { sendOperations } from './send';

export {
  configureSqsModel,
  DEFAULT_SQS_MODEL_OPTIONS,
  type SqsModelOptions,
  sqsModelOptions,
} from './options';

/** Operations that change nothing. GetQueueAttributes is not one: its counters view moves on every read. */
const READ_ONLY = new Set(['GetQueueUrl', 'ListQueues', 'ListQueueTags', 'ListDeadLetterSourceQueues']);

/** The queue ARN an operation acts on, for IAM policy evaluation. */
function resources(ctx: RequestContext, operation: string, input: ModelInput): string[] {
  if (operation === 'ListQueues') return ['*'];
  if (operation === 'CreateQueue' || operation === 'GetQueueUrl') {
    const name = input?.QueueName;
    if (typeof name !== 'string' || name === '') return ['*'];
    const owner =
      typeof input.QueueOwnerAWSAccountId === 'string' ? input.QueueOwnerAWSAccountId : ctx.accountId;
    return [queueArn(ctx, name, owner || ctx.accountId)];
  }
  const parsed = typeof input?.QueueUrl === 'string' ? parseQueueUrl(input.QueueUrl) : undefined;
  return parsed ? [queueArn(ctx, parsed.name, parsed.accountId)] : ['*'];
}

/**
 * Operations whose IAM action is not `sqs:<Operation>`: a batch call is authorized as the single call it
 * batches (Service Authorization Reference, "Actions defined by Amazon SQS", has no batch actions; the SQS
 * developer guide's API permissions table maps each batch operation to its single action).
 */
const ACTIONS: Record<string, string> = {
  SendMessageBatch: 'sqs:SendMessage',
  DeleteMessageBatch: 'sqs:DeleteMessage',
  ChangeMessageVisibilityBatch: 'sqs:ChangeMessageVisibility',
};

export const service: ServiceDefinition = {
  name: 'sqs',
  protocols: ['awsJson1_0', 'awsQuery'],
  xmlns: 'http://queue.amazonaws.com/doc/2012-11-05/',
  targetPrefix: 'AmazonSQS',
  namespace: 'com.amazonaws.sqs',
  queryCompatible: true,
  load: () => import('@aws-sdk/client-sqs'),
  actions: ACTIONS,
  operations: { ...queueOperations, ...sendOperations, ...receiveOperations, ...receiptOperations },
  readOnly: (operation) => READ_ONLY.has(operation),
  resources,
};

export default service;
