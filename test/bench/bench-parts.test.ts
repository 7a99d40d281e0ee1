import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { CreateQueueCommand, GetQueueUrlCommand, SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { startSandbox } from '@handson/sandbox';
import { describe, expect, it } from 'vitest';
import { behindCountingProxy, operationOf, total } from './counting-proxy';
import { requestStages } from './cpu-profile';
import { turboTally } from './install';
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

describe('the sandbox profile by stage of a request', () => {
  it('counts each sample for the innermost stage on its stack, and waiting apart from work', () => {
    const dir = mkdtempSync(join(tmpdir(), 'stages-'));
    try {
      const url = (path: string) => `file:///x/packages/sandbox/dist/${path}`;
      const frame = (id: number, functionName: string, path: string, children: number[] = []) => ({
        id,
        callFrame: { functionName, url: path.startsWith('node:') || path === '' ? path : url(path) },
        children,
      });
      const nodes = [
        frame(1, '(root)', '', [2, 7, 8, 9, 10]),
        frame(2, 'serve', 'server/start.js', [3, 6]),
        frame(3, 'invoke', 'core/dispatch.js', [4, 11]),
        frame(4, 'persist', 'core/dispatch.js', [5]),
        frame(5, 'append', 'core/journal.js'),
        frame(6, 'end', 'node:_http_outgoing'),
        frame(7, '(idle)', ''),
        frame(8, 'fsync', ''),
        // An operation after its first await: called from the microtask queue, invoke no longer on the stack.
        frame(9, 'runMicrotasks', '', [12]),
        frame(10, 'parserOnHeadersComplete', 'node:_http_common'),
        frame(11, 'get', 'core/changes.js'),
        frame(12, 'DescribeInstances', 'services/ec2/instance-views.js'),
      ];
      // One sample a millisecond: 2 on the journal, 1 on writing the answer, 3 idle, 1 in fsync, 2 in the
      // operation (one under invoke, one after an await), 1 in Node's HTTP parser.
      const samples = [5, 5, 6, 7, 7, 7, 8, 11, 12, 10];
      const profile = { nodes, samples, timeDeltas: samples.map(() => 1000), startTime: 0, endTime: 10_000 };
      writeFileSync(join(dir, 'a.cpuprofile'), JSON.stringify(profile));
      const stages = Object.fromEntries(requestStages(dir).buckets.map((b) => [b.name, b.ms]));
      expect(stages).toEqual({
        'saving: the journal line and its fsync call': 2,
        "HTTP in the sandbox's server: body, response bytes, writing": 1,
        'idle, or the engine unattributed': 3,
        'a blocking fsync (waiting on the disk)': 1,
        'the operation: handler, state and the proxies it reads through': 2,
        "Node's HTTP parsing, events and the rest": 1,
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("npm test's figure", () => {
  it("sums the Tasks lines of test-all.sh's turbo runs and keeps every Failed line", () => {
    const output = [
      ' Tasks:    1 successful, 1 total',
      'noise',
      ' Tasks:    0 successful, 1 total',
      ' Failed:    @handson/cli#test',
      ' Tasks:    2 successful, 2 total',
    ].join('\n');
    expect(turboTally(output)).toBe('3 of 4 turbo tasks successful; Failed:    @handson/cli#test');
    expect(turboTally('')).toBe('0 of 0 turbo tasks successful');
  });
});
