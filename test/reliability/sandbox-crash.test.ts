import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateUserCommand, IAMClient, paginateListUsers } from '@aws-sdk/client-iam';
import {
  CreateQueueCommand,
  ListQueuesCommand,
  ReceiveMessageCommand,
  SendMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { afterAll, describe, expect, it } from 'vitest';
import { readSavedState } from '../../packages/sandbox/src/core/state.ts';
import { kill, type SandboxProcess, started, startSandboxProcess } from './sandbox-process';
import { figure, SCALE, scaled } from './scale';

// SIGKILL in the middle of a stream of writes, restart on the same data dir, again and again.
const CYCLES = scaled(3);
const ACKS_BEFORE_KILL = 60;
const IN_FLIGHT = 6;

const dataDir = mkdtempSync(join(tmpdir(), 'handson-crash-'));
const processes: SandboxProcess[] = [];
afterAll(async () => {
  for (const p of processes) await kill(p);
  rmSync(dataDir, { recursive: true, force: true });
});

const config = (url: string) => ({
  endpoint: url,
  region: 'ap-northeast-1',
  credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
  maxAttempts: 1,
});

async function start(): Promise<SandboxProcess> {
  const p = await startSandboxProcess(dataDir, 'crash');
  if (!started(p)) throw new Error(`sandbox did not start: ${p.stderr}`);
  processes.push(p);
  return p;
}

interface Acked {
  users: string[];
  queues: string[];
  messages: string[];
}

/**
 * Writes until `stop` acknowledged writes, keeping IN_FLIGHT requests in flight, then kills the sandbox
 * with those still in flight. Only writes whose answer arrived count as acknowledged.
 */
async function writeAndKill(
  p: SandboxProcess,
  cycle: number,
  queueUrl: string,
  acked: Acked,
): Promise<number> {
  const iam = new IAMClient(config(p.url));
  const sqs = new SQSClient(config(p.url));
  let n = 0;
  let done = 0;
  let killed: Promise<void> | undefined;
  const worker = async () => {
    while (!killed) {
      const i = n++;
      const name = `c${cycle}-w${i}`;
      try {
        if (i % 3 === 0) {
          await iam.send(new CreateUserCommand({ UserName: name }));
          acked.users.push(name);
        } else if (i % 3 === 1) {
          await sqs.send(new CreateQueueCommand({ QueueName: name }));
          acked.queues.push(name);
        } else {
          await sqs.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: name }));
          acked.messages.push(name);
        }
        if (++done >= ACKS_BEFORE_KILL) killed ??= kill(p);
      } catch {
        // Refused or cut off by the kill: not acknowledged, so it may or may not have been kept.
        killed ??= Promise.resolve();
      }
    }
  };
  await Promise.all(Array.from({ length: IN_FLIGHT }, worker));
  await killed;
  iam.destroy();
  sqs.destroy();
  return n;
}

describe('the sandbox killed with SIGKILL mid-stream', () => {
  it(
    'keeps its state file intact and loses no acknowledged write, kill after kill',
    async () => {
      const acked: Acked = { users: [], queues: [], messages: [] };
      let p = await start();
      const queueUrl = (
        await new SQSClient(config(p.url)).send(new CreateQueueCommand({ QueueName: 'crash-log' }))
      ).QueueUrl!;
      let sent = 0;
      for (let cycle = 0; cycle < CYCLES; cycle++) {
        sent += await writeAndKill(p, cycle, queueUrl, acked);
        expect(p.child.signalCode).toBe('SIGKILL');
        // What is on disk reads on its own: snapshot and journal, a torn last line never acknowledged.
        expect(readSavedState(dataDir).accounts).toHaveProperty('123456789012');
        p = await start();
      }

      const iam = new IAMClient(config(p.url));
      const sqs = new SQSClient(config(p.url));
      const users = new Set<string>();
      for await (const page of paginateListUsers({ client: iam }, {}))
        for (const u of page.Users ?? []) users.add(u.UserName!);
      expect(acked.users.filter((u) => !users.has(u))).toEqual([]);

      const urls = (await sqs.send(new ListQueuesCommand({ MaxResults: 1000 }))).QueueUrls ?? [];
      const queues = new Set(urls.map((u) => u.slice(u.lastIndexOf('/') + 1)));
      expect(acked.queues.filter((q) => !queues.has(q))).toEqual([]);

      // Every acknowledged message can be received (sampled delivery: poll until all are seen, bounded).
      const wanted = new Set(acked.messages);
      for (let poll = 0; poll < 50 * CYCLES && wanted.size > 0; poll++) {
        const got = await sqs.send(
          new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10, VisibilityTimeout: 600 }),
        );
        for (const m of got.Messages ?? []) wanted.delete(m.Body!);
      }
      expect([...wanted]).toEqual([]);
      const leftovers = readdirSync(dataDir).filter((f) => f.endsWith('.tmp'));
      figure('SIGKILL mid-stream', {
        kills: CYCLES,
        writes_sent: sent,
        acknowledged: acked.users.length + acked.queues.length + acked.messages.length,
        lost: 0,
        temp_files_left: leftovers.length,
      });
      iam.destroy();
      sqs.destroy();
    },
    120_000 * SCALE,
  );
});
