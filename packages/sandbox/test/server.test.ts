import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateBucketCommand, ListBucketsCommand, S3Client } from '@aws-sdk/client-s3';
import {
  SANDBOX_TEST_REGION as region,
  sandboxCli,
  SANDBOX_TEST_CREDENTIALS as testCredentials,
} from '@handson/test-support';
import { afterAll, describe, expect, it } from 'vitest';
import { readSavedState } from '../src/core/state.js';
import { type ServiceDefinition, startSandbox } from '../src/index.js';
import { serviceInfo } from '../src/services/index.js';
import s3 from '../src/services/s3/index.js';

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'sandbox-test-'));
  dirs.push(d);
  return d;
}

describe('startSandbox', () => {
  it('refuses to listen beyond loopback', async () => {
    await expect(startSandbox({ host: '0.0.0.0' })).rejects.toThrow(
      /loopback addresses only .* refusing host '0\.0\.0\.0'/,
    );
    await expect(startSandbox({ host: '192.168.1.10' })).rejects.toThrow(/refusing host/);
  });

  it('listens on ::1 and localhost when asked', async () => {
    for (const host of ['::1', 'localhost']) {
      const sb = await startSandbox({ host, discover: false, services: [s3] });
      const res = await fetch(`${sb.url}/_sandbox/health`);
      expect(await res.json()).toMatchObject({ status: 'ok', services: ['s3'], version: '0.1.0' });
      await sb.close();
    }
  });

  it('loads the service folders by itself', async () => {
    const sb = await startSandbox({});
    expect(sb.services).toContain('s3');
    const health = (await (await fetch(`${sb.url}/_sandbox/health`)).json()) as {
      services: string[];
      uptime: number;
    };
    expect(health.services).toEqual(sb.services);
    expect(typeof health.uptime).toBe('number');
    await sb.close();
  });

  it('keeps state across a restart with a data dir, written atomically', async () => {
    const dataDir = tempDir();
    const first = await startSandbox({ dataDir, discover: false, services: [s3] });
    const c1 = new S3Client({
      endpoint: first.url,
      region,
      credentials: testCredentials,
      forcePathStyle: true,
    });
    await c1.send(
      new CreateBucketCommand({
        Bucket: 'kept-bucket',
        CreateBucketConfiguration: { LocationConstraint: region },
      }),
    );
    c1.destroy();
    await first.close();
    // On disk as {"$date": ...} (journal.log), read back as a Date.
    expect(readFileSync(join(dataDir, 'journal.log'), 'utf8')).toContain('"CreationDate":{"$date":');
    // biome-ignore lint/suspicious/noExplicitAny: nested JSON of one service's state
    const saved = readSavedState(dataDir).accounts as any;
    expect(saved['123456789012'].s3.global.buckets['kept-bucket'].CreationDate).toBeInstanceOf(Date);

    const second = await startSandbox({ dataDir, discover: false, services: [s3] });
    const c2 = new S3Client({
      endpoint: second.url,
      region,
      credentials: testCredentials,
      forcePathStyle: true,
    });
    const out = await c2.send(new ListBucketsCommand({}));
    expect(out.Buckets?.map((b) => b.Name)).toEqual(['kept-bucket']);
    expect(out.Buckets?.[0]?.CreationDate).toBeInstanceOf(Date);
    c2.destroy();
    await second.close();
  });

  it('draws ids from the seed and continues the sequence after a restart', async () => {
    const ids: ServiceDefinition = {
      ...serviceInfo('sts'),
      operations: {
        GetCallerIdentity: (ctx) => ({
          Account: ctx.accountId,
          Arn: ctx.principal.arn,
          UserId: ctx.rng.chars(8, '0123456789ABCDEF'),
        }),
      },
    };
    const run = async (seed: number, dataDir?: string) => {
      const sb = await startSandbox({ seed, dataDir, discover: false, services: [ids] });
      const out = await sandboxCli(sb.url, [
        'sts',
        'get-caller-identity',
        '--query',
        'UserId',
        '--output',
        'text',
      ]);
      await sb.close();
      return out.stdout.trim();
    };
    const a = await run(42);
    expect(a).toMatch(/^[0-9A-F]{8}$/);
    expect(await run(42)).toBe(a);
    expect(await run(43)).not.toBe(a);
    const dataDir = tempDir();
    expect(await run(42, dataDir)).toBe(a);
    // The restarted sandbox goes on from the saved generator state instead of repeating `a`.
    const next = await run(42, dataDir);
    expect(next).toMatch(/^[0-9A-F]{8}$/);
    expect(next).not.toBe(a);
  });

  it('routes ctx.call through the same handler path', async () => {
    const calls: string[] = [];
    const caller: ServiceDefinition = {
      ...serviceInfo('cloudformation'),
      operations: {
        async CreateStack(ctx, input) {
          await ctx.call('s3', 'CreateBucket', {
            Bucket: `${String(input.StackName)}-bucket`,
            CreateBucketConfiguration: { LocationConstraint: ctx.region },
          });
          const listed = await ctx.call('s3', 'ListBuckets', {});
          calls.push(...(listed.Buckets as { Name: string }[]).map((b) => b.Name));
          return {
            StackId: `arn:aws:cloudformation:${ctx.region}:${ctx.accountId}:stack/${String(input.StackName)}/1`,
          };
        },
      },
    };
    const sb = await startSandbox({ discover: false, services: [s3, caller] });
    const out = await sandboxCli(sb.url, [
      'cloudformation',
      'create-stack',
      '--stack-name',
      'demo',
      '--template-body',
      '{}',
      '--query',
      'StackId',
      '--output',
      'text',
    ]);
    expect(out.stdout.trim()).toBe('arn:aws:cloudformation:ap-northeast-1:123456789012:stack/demo/1');
    expect(calls).toEqual(['demo-bucket']);
    await sb.close();
  });
});
