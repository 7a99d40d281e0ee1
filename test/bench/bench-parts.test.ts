import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { CreateQueueCommand, GetQueueUrlCommand, SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { startSandbox } from '@handson/sandbox';
import { describe, expect, it } from 'vitest';
import { operationOf, startCountingProxy, total } from './counting-proxy';
import { AWS_CLI } from './paths';
import { withEndpoint } from './sqs-lab';

const run = promisify(execFile);

describe('the blog scripts as the bench runs them', () => {
  it('only gain --endpoint-url before each `aws sqs` call; every other byte is the blog’s', () => {
    for (const name of ['Message_send.sh', 'Message_receive.sh', 'Message_delete.sh']) {
      const blog = readFileSync(
        join(__dirname, '..', '..', 'packages/sandbox/src/services/sqs/blog-scripts', name),
        'utf8',
      );
      const changed = withEndpoint(blog, 'http://127.0.0.1:9');
      const calls = blog.match(/\baws sqs /g)?.length ?? 0;
      expect(calls).toBe(3);
      expect(changed.split('--endpoint-url http://127.0.0.1:9 ').join('')).toBe(blog);
    }
  });
});

describe('the counting proxy', () => {
  it('names operations from X-Amz-Target and from the query Action', () => {
    expect(operationOf({ 'x-amz-target': 'AmazonSQS.SendMessage' }, '/', '')).toBe('SendMessage');
    expect(operationOf({}, '/', 'Action=GetQueueUrl&Version=2012-11-05')).toBe('GetQueueUrl');
    expect(operationOf({}, '/?Action=DescribeVpcs', '')).toBe('DescribeVpcs');
    expect(operationOf({}, '/bucket/key', '')).toBeUndefined();
  });

  it('counts the SDK’s and the CLI’s calls through to a real sandbox, signatures intact', async () => {
    const sandbox = await startSandbox({ port: 0, host: '127.0.0.1', seed: 'bench-proxy' });
    const proxy = await startCountingProxy(sandbox.url);
    try {
      const sqs = new SQSClient({
        endpoint: proxy.url,
        region: 'ap-northeast-1',
        credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
      });
      await sqs.send(new CreateQueueCommand({ QueueName: 'q' }));
      const { QueueUrl } = await sqs.send(new GetQueueUrlCommand({ QueueName: 'q' }));
      await sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: 'x' }));
      sqs.destroy();
      if (existsSync(AWS_CLI)) {
        const { stdout } = await run(
          AWS_CLI,
          ['--endpoint-url', proxy.url, 'sqs', 'get-queue-url', '--queue-name', 'q', '--output', 'text'],
          {
            env: {
              PATH: process.env.PATH,
              HOME: process.env.HOME,
              AWS_ACCESS_KEY_ID: 'test',
              AWS_SECRET_ACCESS_KEY: 'test',
              AWS_DEFAULT_REGION: 'ap-northeast-1',
            },
          },
        );
        expect(stdout.trim()).toBe(QueueUrl);
      }
      const counts = proxy.counts();
      expect(Object.fromEntries(counts)).toEqual({
        CreateQueue: 1,
        GetQueueUrl: existsSync(AWS_CLI) ? 2 : 1,
        SendMessage: 1,
      });
      expect(total(counts)).toBe(existsSync(AWS_CLI) ? 4 : 3);
      expect(proxy.busyMs()).toBeGreaterThan(0);
    } finally {
      await proxy.close();
      await sandbox.close();
    }
  });
});
