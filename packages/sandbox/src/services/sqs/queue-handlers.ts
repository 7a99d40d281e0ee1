import type { Handler, RequestContext } from '../../core/types';
import { checkQueueAttributes, defaultAttributes, queueAttributes } from './attributes';
import {
  invalidParameter,
  invalidParameterValue,
  missingParameter,
  purgeQueueInProgress,
  queueDeletedRecently,
  queueDoesNotExist,
  queueNameExists,
} from './errors';
import { approximateCounts } from './model/counts';
import { newQueueState } from './model/queue';
import type { QueueState } from './model/types';
import { sqsModelOptions } from './options';
import { queueArn, queueByName, queueFromUrl, queueUrl, regionState } from './registry';

const STANDARD_NAME = /^[A-Za-z0-9_-]{1,80}$/;
const FIFO_NAME = /^[A-Za-z0-9_-]{1,75}\.fifo$/;

function checkQueueName(name: unknown, fifo: boolean): string {
  if (name === undefined || name === null || name === '') throw missingParameter('QueueName');
  const text = String(name);
  if (fifo && !FIFO_NAME.test(text)) {
    throw invalidParameterValue(
      'The name of a FIFO queue can only include alphanumeric characters, hyphens, or underscores, must end with .fifo suffix and be 1 to 80 in length.',
    );
  }
  if (!fifo && !STANDARD_NAME.test(text)) {
    throw invalidParameterValue(
      'Can only include alphanumeric characters, hyphens, or underscores. 1 to 80 in length',
    );
  }
  return text;
}

function checkTags(tags: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries((tags ?? {}) as Record<string, unknown>)) {
    if (key.length < 1 || key.length > 128)
      throw invalidParameterValue(`Tag key ${key} must be 1 to 128 characters long.`);
    out[key] = String(value ?? '');
  }
  return out;
}

export const nowMs = (ctx: RequestContext): number => ctx.now().getTime();

const createQueue: Handler = (ctx, input) => {
  const attributesIn = (input.Attributes ?? {}) as Record<string, unknown>;
  const fifo = String(attributesIn.FifoQueue ?? '').toLowerCase() === 'true';
  const name = checkQueueName(input.QueueName, fifo);
  const attributes = checkQueueAttributes(attributesIn, fifo, true);
  const tags = checkTags(input.tags ?? input.Tags);
  const state = regionState(ctx);
  const existing = queueByName(ctx, name);
  if (existing) {
    for (const [key, value] of Object.entries(attributes)) {
      if ((existing.attributes[key] ?? '') !== value) throw queueNameExists(key);
    }
    return { QueueUrl: queueUrl(ctx, name) };
  }
  const options = sqsModelOptions();
  const deletedAt = state.deleted[name];
  if (deletedAt !== undefined && nowMs(ctx) - deletedAt < options.recentlyDeletedMs) {
    throw queueDeletedRecently();
  }
  delete state.deleted[name];
  state.queues[name] = newQueueState({
    name,
    arn: queueArn(ctx, name),
    fifo,
    nowMs: nowMs(ctx),
    attributes: { ...defaultAttributes(fifo), ...attributes },
    tags,
    rng: ctx.rng,
    options,
  });
  return { QueueUrl: queueUrl(ctx, name) };
};

const getQueueUrl: Handler = (ctx, input) => {
  if (input.QueueName === undefined || input.QueueName === '') throw missingParameter('QueueName');
  const owner = input.QueueOwnerAWSAccountId;
  if (owner !== undefined && owner !== '' && String(owner) !== ctx.accountId) throw queueDoesNotExist();
  const queue = queueByName(ctx, String(input.QueueName));
  if (!queue) throw queueDoesNotExist();
  return { QueueUrl: queueUrl(ctx, queue.name) };
};

function pageToken(after: string): string {
  return Buffer.from(JSON.stringify({ after }), 'utf8').toString('base64');
}

function readPageToken(token: unknown): string | undefined {
  if (token === undefined || token === null || token === '') return undefined;
  try {
    const parsed = JSON.parse(Buffer.from(String(token), 'base64').toString('utf8'));
    if (typeof parsed?.after === 'string') return parsed.after;
  } catch {
    // fall through
  }
  throw invalidParameterValue('Invalid NextToken value.');
}

function pagedUrls(
  ctx: RequestContext,
  names: string[],
  maxResults: unknown,
  nextToken: unknown,
  key: 'QueueUrls' | 'queueUrls',
): Record<string, unknown> {
  let max: number | undefined;
  if (maxResults !== undefined && maxResults !== null) {
    max = Number(maxResults);
    if (!Number.isInteger(max) || max < 1 || max > 1000) {
      throw invalidParameter('MaxResults', maxResults, 'MaxResults must be an integer between 1 and 1000.');
    }
  }
  const after = readPageToken(nextToken);
  const sorted = [...names].sort().filter((n) => after === undefined || n > after);
  // The sandbox's --page-size pages even a listing without MaxResults (a lab must follow NextToken).
  const length = Math.min(max ?? 1000, ctx.pageSize ?? 1000);
  const page = sorted.slice(0, length);
  const out: Record<string, unknown> = {};
  if (page.length > 0) out[key] = page.map((n) => queueUrl(ctx, n));
  const paged = max !== undefined || ctx.pageSize !== undefined;
  if (paged && sorted.length > page.length) out.NextToken = pageToken(page[page.length - 1]!);
  return out;
}

const listQueues: Handler = (ctx, input) => {
  const prefix = input.QueueNamePrefix === undefined ? '' : String(input.QueueNamePrefix);
  const names = Object.keys(regionState(ctx).queues).filter((n) => n.startsWith(prefix));
  return pagedUrls(ctx, names, input.MaxResults, input.NextToken, 'QueueUrls');
};

const listDeadLetterSourceQueues: Handler = (ctx, input) => {
  const target = queueFromUrl(ctx, input.QueueUrl);
  const names = Object.values(regionState(ctx).queues)
    .filter((q) => {
      try {
        return JSON.parse(q.attributes.RedrivePolicy || '{}').deadLetterTargetArn === target.arn;
      } catch {
        return false;
      }
    })
    .map((q) => q.name);
  const out = pagedUrls(ctx, names, input.MaxResults, input.NextToken, 'queueUrls');
  return { queueUrls: [], ...out };
};

const getQueueAttributes: Handler = (ctx, input) => {
  const queue = queueFromUrl(ctx, input.QueueUrl);
  const names = ((input.AttributeNames ?? []) as unknown[]).map(String);
  const now = nowMs(ctx);
  const attributes = queueAttributes(queue, names, () =>
    approximateCounts(queue, now, ctx.rng, sqsModelOptions()),
  );
  return Object.keys(attributes).length > 0 ? { Attributes: attributes } : {};
};

const setQueueAttributes: Handler = (ctx, input) => {
  const queue = queueFromUrl(ctx, input.QueueUrl);
  const attributes = checkQueueAttributes(input.Attributes as Record<string, unknown>, queue.fifo, false);
  Object.assign(queue.attributes, attributes);
  queue.lastModifiedMs = nowMs(ctx);
  return {};
};

const deleteQueue: Handler = (ctx, input) => {
  const queue = queueFromUrl(ctx, input.QueueUrl);
  const state = regionState(ctx);
  delete state.queues[queue.name];
  state.deleted[queue.name] = nowMs(ctx);
  return {};
};

const purgeQueue: Handler = (ctx, input) => {
  const queue: QueueState = queueFromUrl(ctx, input.QueueUrl);
  const now = nowMs(ctx);
  if (queue.lastPurgeMs !== undefined && now - queue.lastPurgeMs < 60_000)
    throw purgeQueueInProgress(queue.name);
  queue.lastPurgeMs = now;
  queue.messages = [];
  queue.lastActivityMs = now;
  return {};
};

const tagQueue: Handler = (ctx, input) => {
  const queue = queueFromUrl(ctx, input.QueueUrl);
  const tags = checkTags(input.Tags);
  if (Object.keys(tags).length === 0) throw missingParameter('Tags');
  const merged = { ...queue.tags, ...tags };
  if (Object.keys(merged).length > 50)
    throw invalidParameterValue('Too many tags added for queue ' + queue.name + '.');
  queue.tags = merged;
  return {};
};

const untagQueue: Handler = (ctx, input) => {
  const queue = queueFromUrl(ctx, input.QueueUrl);
  const keys = ((input.TagKeys ?? []) as unknown[]).map(String);
  if (keys.length === 0) throw missingParameter('TagKeys');
  for (const key of keys) delete queue.tags[key];
  return {};
};

const listQueueTags: Handler = (ctx, input) => {
  const queue = queueFromUrl(ctx, input.QueueUrl);
  return Object.keys(queue.tags).length > 0 ? { Tags: { ...queue.tags } } : {};
};

export const queueOperations: Record<string, Handler> = {
  CreateQueue: createQueue,
  GetQueueUrl: getQueueUrl,
  ListQueues: listQueues,
  ListDeadLetterSourceQueues: listDeadLetterSourceQueues,
  GetQueueAttributes: getQueueAttributes,
  SetQueueAttributes: setQueueAttributes,
  DeleteQueue: deleteQueue,
  PurgeQueue: purgeQueue,
  TagQueue: tagQueue,
  UntagQueue: untagQueue,
  ListQueueTags: listQueueTags,
};
