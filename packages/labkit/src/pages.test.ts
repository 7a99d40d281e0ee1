import { existsSync } from 'node:fs';
import { CreateQueueCommand, ListQueuesCommand, SQSClient } from '@aws-sdk/client-sqs';
import { allPages } from '@handson/cli';
import { type RunningSandbox, startSandbox } from '@handson/sandbox';
import { awsCli } from '@handson/test-support';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aws } from './index';

/** A sandbox that answers 5 items a page, as a big real account makes a lab page through its lists. */
let sandbox: RunningSandbox;
const env = {
  HANDSON_TARGET: 'sandbox',
  AWS_ACCESS_KEY_ID: 'test',
  AWS_SECRET_ACCESS_KEY: 'test',
  AWS_DEFAULT_REGION: 'ap-northeast-1',
};
const NAMES = Array.from({ length: 12 }, (_, i) => `paged-${String(i).padStart(2, '0')}`);

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, seed: 'paginate', pageSize: 5 });
  Object.assign(process.env, env, { HANDSON_SANDBOX_URL: sandbox.url });
  const sqs = new SQSClient({
    endpoint: sandbox.url,
    region: 'ap-northeast-1',
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
  });
  for (const name of NAMES) await sqs.send(new CreateQueueCommand({ QueueName: name }));
  sqs.destroy();
});
afterAll(() => sandbox?.close());

const quiet = { write: () => undefined };

describe('aws() pages through lists as the AWS CLI does', () => {
  it('a plain SDK call sees the first page only; aws() sees every item', async () => {
    const sqs = new SQSClient({
      endpoint: sandbox.url,
      region: 'ap-northeast-1',
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    });
    const first = await sqs.send(new ListQueuesCommand({}));
    sqs.destroy();
    expect(first.QueueUrls).toHaveLength(5);
    expect(first.NextToken).toBeDefined();
    const { output } = await aws(new ListQueuesCommand({}), quiet);
    expect(output.QueueUrls?.map((url) => url.split('/').at(-1))).toEqual(NAMES);
    expect(output.NextToken).toBeUndefined();
  });

  it('allPages() reads a list to the end with a plain client', async () => {
    const sqs = new SQSClient({
      endpoint: sandbox.url,
      region: 'ap-northeast-1',
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    });
    const all = await allPages<{ QueueUrls?: string[] }>(
      sqs,
      new ListQueuesCommand({ QueueNamePrefix: 'paged-' }),
    );
    sqs.destroy();
    expect(all.QueueUrls).toHaveLength(NAMES.length);
  });

  it('--max-items is a total over the pages', async () => {
    const { output, printed } = await aws(new ListQueuesCommand({}), { ...quiet, maxItems: 7 });
    expect(output.QueueUrls).toHaveLength(7);
    expect(printed).not.toMatch(/paged-07/);
  });

  it('a call that sets its own page size gets that one page, as in the CLI', async () => {
    const { output } = await aws(new ListQueuesCommand({ MaxResults: 3 }), quiet);
    expect(output.QueueUrls).toHaveLength(3);
    expect(output.NextToken).toBeDefined();
  });

  it.skipIf(!existsSync('/usr/bin/aws'))(
    'prints what Debian’s AWS CLI v2 prints for the same listing',
    async () => {
      const { printed } = await aws(new ListQueuesCommand({}), { ...quiet, output: 'text' });
      const { stdout } = await awsCli(
        ['sqs', 'list-queues', '--output', 'text', '--endpoint-url', sandbox.url],
        {
          env: { PATH: process.env.PATH, HOME: '/nonexistent', ...env, AWS_PAGER: '' },
        },
      );
      expect(printed).toBe(stdout);
    },
  );
});
