import {
  DeleteQueueCommand,
  ListQueuesCommand,
  type ListQueuesCommandOutput,
  ListQueueTagsCommand,
} from '@aws-sdk/client-sqs';
import { type KindOps, list } from './kind.js';

/** A queue by its URL; its tags are a map. */
export const queue: KindOps = {
  list: async (c) => {
    const urls = (await list<ListQueuesCommandOutput>(c.sqs, new ListQueuesCommand({}))).QueueUrls ?? [];
    const out = [];
    for (const QueueUrl of urls) {
      out.push({ id: QueueUrl, tags: (await c.sqs.send(new ListQueueTagsCommand({ QueueUrl }))).Tags });
    }
    return out;
  },
  remove: async (c, id) => {
    await c.sqs.send(new DeleteQueueCommand({ QueueUrl: id }));
  },
};
