import type { Handler, RequestContext } from '../../core/types';
import { missingParameter, queueDoesNotExist } from './errors';
import type { QueueState, SqsRegionState } from './model/types';

export function regionState(ctx: RequestContext): SqsRegionState {
  return ctx.store<SqsRegionState>('sqs', 'region', () => ({ queues: {}, deleted: {} }));
}

export function queueArn(ctx: RequestContext, name: string, accountId = ctx.accountId): string {
  return `arn:aws:sqs:${ctx.region}:${accountId}:${name}`;
}

/** Queue URLs in AWS's shape, on the endpoint the client used: http://127.0.0.1:4580/123456789012/name. */
export function queueUrl(ctx: RequestContext, name: string): string {
  return `${ctx.endpoint.origin}/${ctx.accountId}/${name}`;
}

/**
 * The account and queue name a QueueUrl names. Only the path matters: clients may address the sandbox with a
 * URL of another host (the SDK v3 sends to the QueueUrl's own host unless an endpoint is configured, and a
 * configured endpoint receives URLs such as https://sqs.ap-northeast-1.amazonaws.com/123456789012/name).
 */
export function parseQueueUrl(url: string): { accountId: string; name: string } | undefined {
  // Clients send the same few queue URLs again and again; parsing one with URL costs more than the rest
  // of a SendMessage. Bounded, and the parsed parts are frozen so no caller can change a cached answer.
  if (parsedUrls.has(url)) return parsedUrls.get(url);
  if (parsedUrls.size >= PARSED_URL_LIMIT) parsedUrls.clear();
  const parsed = parseQueueUrlOnce(url);
  parsedUrls.set(url, parsed && Object.freeze(parsed));
  return parsed;
}

const parsedUrls = new Map<string, Readonly<{ accountId: string; name: string }> | undefined>();
const PARSED_URL_LIMIT = 1024;

function parseQueueUrlOnce(url: string): { accountId: string; name: string } | undefined {
  let path: string;
  try {
    path = new URL(url).pathname;
  } catch {
    path = url;
  }
  const parts = path.split('/').filter((p) => p !== '');
  if (parts.length < 2) return undefined;
  return { accountId: parts[parts.length - 2]!, name: decodeURIComponent(parts[parts.length - 1]!) };
}

export function queueByName(ctx: RequestContext, name: string): QueueState | undefined {
  const queues = regionState(ctx).queues;
  return Object.hasOwn(queues, name) ? queues[name] : undefined;
}

/**
 * The queue of this account and region with that ARN: the queue named by the ARN's last part, if its ARN is
 * that one (a queue's name is the last part of its ARN, so no other queue can have it).
 */
export function queueByArn(ctx: RequestContext, arn: unknown): QueueState | undefined {
  if (typeof arn !== 'string') return undefined;
  const queue = queueByName(ctx, arn.slice(arn.lastIndexOf(':') + 1));
  return queue?.arn === arn ? queue : undefined;
}

export function queueFromUrl(ctx: RequestContext, url: unknown): QueueState {
  if (url === undefined || url === null || url === '') throw missingParameter('QueueUrl');
  const parsed = parseQueueUrl(String(url));
  if (!parsed || parsed.accountId !== ctx.accountId) throw queueDoesNotExist();
  const queue = queueByName(ctx, parsed.name);
  if (!queue) throw queueDoesNotExist();
  return queue;
}

/** A v4 UUID drawn from the sandbox's seeded randomness. */
export function uuid(ctx: RequestContext): string {
  const hex = '0123456789abcdef';
  return [
    ctx.rng.chars(8, hex),
    ctx.rng.chars(4, hex),
    `4${ctx.rng.chars(3, hex)}`,
    `${ctx.rng.chars(1, '89ab')}${ctx.rng.chars(3, hex)}`,
    ctx.rng.chars(12, hex),
  ].join('-');
}

/** A model-shaped request object as the protocol layer hands it over. */
export type ModelInput = Parameters<Handler>[1];
