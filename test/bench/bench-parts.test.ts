import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { CreateQueueCommand, GetQueueUrlCommand, SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { startSandbox } from '@handson/sandbox';
import { describe, expect, it } from 'vitest';
import { behindCountingProxy, operationOf, total } from './counting-proxy';
import { AWS_CLI, ROOT } from './paths';
import { mergeSections } from './report';
import { cpuMs, startServerProcess } from './sandbox-process';
import { withEndpoint } from './sqs-lab';

const run = promisify(execFile);

describe('the blog scripts as the bench runs them', () => {
  it('only gain --endpoint-url before each `aws sqs` call; every other byte is the blog’s', () => {
    for (const name of ['Message_send.sh', 'Message_receive.sh', 'Message_delete.sh']) {
      const blog = readFileSync(
        join(__dirname, '..', '..', 'scripts/04-sqs-standard-queue-order/blog', name),
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
    const { sandbox, proxy } = await behindCountingProxy((hostnames) =>
      startSandbox({ port: 0, host: '127.0.0.1', seed: 'bench-proxy', hostnames }),
    );
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

describe('the server benchmark', () => {
  it('replaces a section of BENCHMARKS.md in place and adds a new one before the speed fixes', () => {
    const file = '# B\n\nhead\n\n## A\n\nold a\n\n## C\n\nc\n\n## Speed fixes (x)\n\nfixes\n';
    const once = mergeSections(file, [
      ['## A', '', 'new a', ''],
      ['## Server', '', 's', ''],
    ]);
    expect(once).toBe(
      '# B\n\nhead\n\n## A\n\nnew a\n\n## C\n\nc\n\n## Server\n\ns\n\n## Speed fixes (x)\n\nfixes\n',
    );
    expect(mergeSections(once, [['## Server', '', 't', '']])).toBe(once.replace('\ns\n', '\nt\n'));
  });

  it("reads a process's own CPU time from /proc", () => {
    const before = cpuMs(process.pid);
    // Spin until this process has used 50 ms of CPU by Node's own count (a wall-clock spin gets less than one
    // /proc tick of CPU on a loaded machine): /proc, in 10 ms ticks, must then have moved too.
    const start = process.cpuUsage();
    while (process.cpuUsage(start).user + process.cpuUsage(start).system < 50_000) {}
    expect(cpuMs(process.pid)).toBeGreaterThan(before);
  });

  it('has the floor answer each operation with its recorded answer, and refuse one it has none for', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'floor-'));
    const canned = join(dir, 'canned.json');
    const answer = {
      status: 200,
      headers: { 'content-type': 'application/x-amz-json-1.0' },
      body: '{"QueueUrl":"u"}',
    };
    writeFileSync(canned, JSON.stringify({ GetQueueUrl: answer }));
    const floor = await startServerProcess(process.execPath, [
      join(ROOT, 'test/bench/floor-server.mjs'),
      canned,
    ]);
    try {
      const json = await fetch(floor.url, {
        method: 'POST',
        headers: { 'x-amz-target': 'AmazonSQS.GetQueueUrl' },
        body: '{}',
      });
      expect(await json.text()).toBe(answer.body);
      const query = await fetch(floor.url, { method: 'POST', body: 'Action=GetQueueUrl&Version=2012-11-05' });
      expect(query.headers.get('content-type')).toBe('application/x-amz-json-1.0');
      const none = await fetch(floor.url, { method: 'POST', body: 'Action=ListUsers' });
      expect(none.status).toBe(400);
    } finally {
      await floor.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
