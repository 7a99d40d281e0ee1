import { appendFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SandboxClock } from '../src/core/clock.js';
import { Dispatcher } from '../src/core/dispatch.js';
import { JOURNAL } from '../src/core/journal.js';
import { SeededRng } from '../src/core/rng.js';
import { readSavedState, StateStore } from '../src/core/state.js';
import { AwsError, DEFAULT_REGION } from '../src/core/types.js';
import { rootPrincipal } from '../src/identity/authenticate.js';
import { serviceDefinitions } from '../src/services/index.js';
import { FaultyFiles } from './support/faulty-files.js';

/*
 * The indexes kept beside the state (src/core/derived.ts) through the handlers, on a data dir: pages taken
 * while users, instances and messages come and go hold what a walk over every one of them held; a restart
 * (snapshot plus journal) and a save refused by a full disk leave them right. The sandbox's tests run with
 * HANDSON_SANDBOX_CHECK_INDEXES=1, so every use below is also compared with an index built afresh.
 */

const base = mkdtempSync(join(tmpdir(), 'sandbox-indexes-'));
afterAll(() => rmSync(base, { recursive: true, force: true }));
let dirs = 0;
const freshDir = () => join(base, `d${++dirs}`);

// biome-ignore lint/suspicious/noExplicitAny: tests read the model-shaped answers loosely
type Out = Record<string, any>;

/** A sandbox without HTTP on a data dir: a store, a dispatcher, root's calls. `restart` loads it again. */
function sandboxOn(dir: string, files?: FaultyFiles, clock = new SandboxClock()) {
  const state = new StateStore(dir, { ...(files ? { files } : {}), compactBytes: 64 * 1024 });
  const extras = state.load();
  const dispatcher = new Dispatcher(
    new Map(serviceDefinitions.map((s) => [s.name, s])),
    state,
    clock,
    new SeededRng('indexes', extras.rngState),
    'indexes',
  );
  const call = (service: string, operation: string, input: Record<string, unknown> = {}) =>
    dispatcher.invoke({
      service,
      operation,
      input,
      principal: rootPrincipal('test'),
      region: DEFAULT_REGION,
      endpoint: new URL('http://127.0.0.1:4580'),
      requestId: dispatcher.nextRequestId(),
    }) as Promise<Out>;
  return { call, clock, restart: () => sandboxOn(dir, undefined, clock) };
}

/** A seeded generator (mulberry32), so a failure replays. */
function rand(seed: number): (n: number) => number {
  let a = seed >>> 0;
  return (n) => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) % n;
  };
}

/** IAM's listing order: by lower-cased name, compared by UTF-16 code units. */
const iamOrder = (names: Iterable<string>) =>
  [...names].sort((a, b) => {
    const [x, y] = [a.toLowerCase(), b.toLowerCase()];
    return x < y ? -1 : x > y ? 1 : 0;
  });

const offsetOf = (marker: string) => JSON.parse(Buffer.from(marker, 'base64').toString('utf8')).o as number;

describe('IAM ListUsers from the name index', () => {
  it('pages hold the listing as it stands when each is asked for, while users are created, renamed and deleted', async () => {
    const sb = sandboxOn(freshDir());
    const r = rand(5);
    const names = new Set<string>();
    const create = async (name: string) => {
      await sb.call('iam', 'CreateUser', { UserName: name });
      names.add(name);
    };
    for (let i = 0; i < 60; i++) await create(`${['a', 'B', 'z', 'M', '_', '0'][r(6)]}user-${r(1000)}-${i}`);
    let marker: string | undefined;
    let offset = 0;
    do {
      const page = await sb.call('iam', 'ListUsers', { MaxItems: 7, ...(marker ? { Marker: marker } : {}) });
      expect(page.Users.map((u: Out) => u.UserName)).toEqual(iamOrder(names).slice(offset, offset + 7));
      marker = page.IsTruncated ? page.Marker : undefined;
      if (marker) offset = offsetOf(marker);
      // Between pages: one user more, one fewer (perhaps on a page already read), one renamed.
      await create(`Zz-late-${names.size}-${r(1000)}`);
      const gone = iamOrder(names)[r(names.size)] as string;
      await sb.call('iam', 'DeleteUser', { UserName: gone });
      names.delete(gone);
      const renamed = iamOrder(names)[r(names.size)] as string;
      await sb.call('iam', 'UpdateUser', { UserName: renamed, NewUserName: `aa-${renamed}` });
      names.delete(renamed);
      names.add(`aa-${renamed}`);
    } while (marker);
    const all = await sb.call('iam', 'ListUsers', { MaxItems: 1000 });
    expect(all.Users.map((u: Out) => u.UserName)).toEqual(iamOrder(names));
  });

  it('a path prefix lists the users under it, in name order, paged', async () => {
    const sb = sandboxOn(freshDir());
    for (let i = 0; i < 12; i++) {
      await sb.call('iam', 'CreateUser', { UserName: `u${(i * 7) % 12}`, Path: i % 3 ? '/team/' : '/ops/' });
    }
    const first = await sb.call('iam', 'ListUsers', { PathPrefix: '/team', MaxItems: 5 });
    const second = await sb.call('iam', 'ListUsers', { PathPrefix: '/team', Marker: first.Marker });
    const team = [...first.Users, ...second.Users].map((u: Out) => u.UserName);
    expect(team).toEqual(iamOrder(team));
    expect(team).toHaveLength(8);
    expect(second.IsTruncated).toBe(false);
  });

  it('a restart (snapshot and journal) lists the same users in the same order', async () => {
    const dir = freshDir();
    const sb = sandboxOn(dir);
    for (let i = 0; i < 300; i++) await sb.call('iam', 'CreateUser', { UserName: `user-${(i * 37) % 300}` });
    for (let i = 0; i < 300; i += 7) await sb.call('iam', 'DeleteUser', { UserName: `user-${i}` });
    const before = await sb.call('iam', 'ListUsers', { MaxItems: 1000 });
    const again = sb.restart();
    expect(await again.call('iam', 'ListUsers', { MaxItems: 1000 })).toEqual(before);
    await again.call('iam', 'CreateUser', { UserName: 'user-0' });
    const after = await again.call('iam', 'ListUsers', { MaxItems: 2 });
    expect(after.Users.map((u: Out) => u.UserName)).toEqual(['user-0', 'user-1']);
  });

  it('a create refused by a full disk is not listed, and later ones are', async () => {
    const files = new FaultyFiles();
    const dir = freshDir();
    const sb = sandboxOn(dir, files);
    for (const name of ['b', 'd']) await sb.call('iam', 'CreateUser', { UserName: name });
    await sb.call('iam', 'ListUsers', {});
    files.capacity = 10;
    await expect(sb.call('iam', 'CreateUser', { UserName: 'c' })).rejects.toThrow(AwsError);
    files.capacity = Number.POSITIVE_INFINITY;
    const names = async (s: typeof sb) =>
      (await s.call('iam', 'ListUsers', {})).Users.map((u: Out) => u.UserName);
    expect(await names(sb)).toEqual(['b', 'd']);
    await sb.call('iam', 'CreateUser', { UserName: 'a' });
    expect(await names(sb)).toEqual(['a', 'b', 'd']);
    expect(await names(sb.restart())).toEqual(['a', 'b', 'd']);
  });
});

async function launch(sb: ReturnType<typeof sandboxOn>, count: number): Promise<string[]> {
  const { Images } = await sb.call('ec2', 'DescribeImages', { Owners: ['amazon'] });
  const image = Images.find((i: Out) => i.Architecture === 'x86_64' && i.Name?.startsWith('al2023-ami-2023'));
  const run = await sb.call('ec2', 'RunInstances', {
    ImageId: image.ImageId,
    InstanceType: 't3.micro',
    MinCount: count,
    MaxCount: count,
  });
  return run.Instances.map((i: Out) => i.InstanceId);
}

/** Every instance DescribeInstances lists, page by page, with each page's size. */
async function describeAll(sb: ReturnType<typeof sandboxOn>, input: Out = {}) {
  const ids: string[] = [];
  const states: string[] = [];
  let NextToken: string | undefined;
  do {
    const page = await sb.call('ec2', 'DescribeInstances', { ...input, ...(NextToken ? { NextToken } : {}) });
    for (const reservation of page.Reservations) {
      for (const i of reservation.Instances) {
        ids.push(i.InstanceId);
        states.push(i.State.Name);
      }
    }
    NextToken = page.NextToken;
  } while (NextToken);
  return { ids, states };
}

/** The instance ids of the saved state, in its order. */
const savedInstanceIds = (dir: string) => {
  const ec2 = readSavedState(dir).accounts['123456789012']?.ec2?.[DEFAULT_REGION] as Out;
  return Object.keys(ec2.instances);
};

describe('EC2 instances from the instance index', () => {
  it('pages list the launch order; terminated ones stay an hour, then drop out of every page', async () => {
    const sb = sandboxOn(freshDir());
    sb.clock.freeze(new Date('2026-01-01T00:00:00Z'));
    const launched = [...(await launch(sb, 12)), ...(await launch(sb, 9))];
    const whole = await describeAll(sb);
    expect(whole.ids).toEqual(launched);
    expect(whole.states.every((s) => s === 'running')).toBe(true);
    expect((await describeAll(sb, { MaxResults: 5 })).ids).toEqual(launched);
    const early = [launched[0], launched[6], launched[7], launched[20]] as string[];
    await sb.call('ec2', 'TerminateInstances', { InstanceIds: early });
    // The next request completes the termination: it is when they terminated.
    expect((await describeAll(sb, { MaxResults: 5 })).ids).toEqual(launched);
    sb.clock.advance(30 * 60_000);
    const late = [launched[3]] as string[];
    await sb.call('ec2', 'TerminateInstances', { InstanceIds: late });
    expect((await describeAll(sb, { MaxResults: 5 })).ids).toEqual(launched);
    sb.clock.advance(45 * 60_000);
    const listed = launched.filter((id) => !early.includes(id));
    const paged = await describeAll(sb, { MaxResults: 5 });
    expect(paged.ids).toEqual(listed);
    expect(paged.states[listed.indexOf(late[0] as string)]).toBe('terminated');
    expect((await describeAll(sb)).ids).toEqual(listed);
    // A page's token is an offset into what is listed when the page is asked for.
    const first = await sb.call('ec2', 'DescribeInstances', { MaxResults: 5 });
    sb.clock.advance(20 * 60_000);
    const next = await sb.call('ec2', 'DescribeInstances', { MaxResults: 5, NextToken: first.NextToken });
    const afterLate = launched.filter((id) => !early.includes(id) && id !== late[0]);
    expect(next.Reservations.flatMap((r: Out) => r.Instances.map((i: Out) => i.InstanceId))).toEqual(
      afterLate.slice(5, 10),
    );
    await expect(sb.call('ec2', 'DescribeInstances', { InstanceIds: early })).rejects.toMatchObject({
      code: 'InvalidInstanceID.NotFound',
      message: `The instance IDs '${early.join(', ')}' do not exist`,
    });
  });

  it('transitions settle on the next request, whatever it asks for, also after a restart', async () => {
    const dir = freshDir();
    const sb = sandboxOn(dir);
    const ids = await launch(sb, 6);
    const stateOf = async (s: typeof sb, id: string) =>
      (await s.call('ec2', 'DescribeInstances', { InstanceIds: [id] })).Reservations[0].Instances[0].State
        .Name;
    const [a, b, c] = ids as [string, string, string];
    await sb.call('ec2', 'StopInstances', { InstanceIds: [a, b] });
    await sb.call('ec2', 'TerminateInstances', { InstanceIds: [c] });
    const again = sb.restart();
    expect(await stateOf(again, a)).toBe('stopped');
    expect(await stateOf(again, c)).toBe('terminated');
    await again.call('ec2', 'StartInstances', { InstanceIds: [a] });
    const page = await describeAll(again, { MaxResults: 5 });
    // The order is the loaded state's, as a walk over it gave before the index (the journal replays one
    // launch's new instances by id, not in launch order).
    const order = savedInstanceIds(dir);
    expect(page.ids).toEqual(order);
    const expected = { [a]: 'running', [b]: 'stopped', [c]: 'terminated' };
    expect(page.states).toEqual(order.map((id) => expected[id] ?? 'running'));
    // An id asked for twice, and ids out of order: each listed instance once, in the state's order.
    const some = await again.call('ec2', 'DescribeInstances', { InstanceIds: [ids[4], ids[1], ids[4]] });
    expect(some.Reservations.flatMap((r: Out) => r.Instances.map((i: Out) => i.InstanceId))).toEqual(
      order.filter((id) => id === ids[1] || id === ids[4]),
    );
  });

  it('a terminate refused by a full disk leaves the instance running, in the index too', async () => {
    const files = new FaultyFiles();
    const dir = freshDir();
    const sb = sandboxOn(dir, files);
    const ids = await launch(sb, 3);
    await describeAll(sb);
    files.capacity = 10;
    await expect(sb.call('ec2', 'TerminateInstances', { InstanceIds: [ids[1]] })).rejects.toThrow(AwsError);
    files.capacity = Number.POSITIVE_INFINITY;
    expect((await describeAll(sb, { MaxResults: 5 })).states).toEqual(['running', 'running', 'running']);
    await sb.call('ec2', 'TerminateInstances', { InstanceIds: [ids[2]] });
    const again = await describeAll(sb.restart(), { MaxResults: 5 });
    expect(again.ids).toEqual(savedInstanceIds(dir));
    expect(again.states).toEqual(again.ids.map((id) => (id === ids[2] ? 'terminated' : 'running')));
  });
});

/** A queue of `count` messages sent 10 at a time; returns its URL. */
async function filledQueue(sb: ReturnType<typeof sandboxOn>, count: number): Promise<string> {
  const { QueueUrl } = await sb.call('sqs', 'CreateQueue', { QueueName: 'indexed' });
  for (let n = 0; n < count; n += 10) {
    const Entries = Array.from({ length: Math.min(10, count - n) }, (_, k) => ({
      Id: `m${k}`,
      MessageBody: `message ${n + k}`,
    }));
    await sb.call('sqs', 'SendMessageBatch', { QueueUrl, Entries });
  }
  return QueueUrl;
}

/** Receives and deletes `rounds` times (a few left in flight); the bodies received, in order. */
async function drain(sb: ReturnType<typeof sandboxOn>, QueueUrl: string, rounds: number): Promise<string[]> {
  const bodies: string[] = [];
  for (let i = 0; i < rounds; i++) {
    const got = await sb.call('sqs', 'ReceiveMessage', { QueueUrl, MaxNumberOfMessages: 1 + (i % 4) });
    for (const [k, m] of (got.Messages ?? []).entries()) {
      bodies.push(m.Body);
      if ((i + k) % 5 !== 0)
        await sb.call('sqs', 'DeleteMessage', { QueueUrl, ReceiptHandle: m.ReceiptHandle });
    }
    sb.clock.advance(2_000);
  }
  return bodies;
}

describe('SQS messages from the message index', () => {
  it('a delete saves one message, not the queue: the journal grows by one short line', async () => {
    const dir = freshDir();
    const sb = sandboxOn(dir);
    const QueueUrl = await filledQueue(sb, 2000);
    const got = await sb.call('sqs', 'ReceiveMessage', { QueueUrl, MaxNumberOfMessages: 10 });
    const before = readFileSync(join(dir, JOURNAL)).length;
    await sb.call('sqs', 'DeleteMessage', { QueueUrl, ReceiptHandle: got.Messages[0].ReceiptHandle });
    expect(readFileSync(join(dir, JOURNAL)).length - before).toBeLessThan(2000);
  });

  it('after a restart, receives choose what they would have chosen without it', async () => {
    const clock = () => {
      const c = new SandboxClock();
      c.freeze(new Date('2026-01-01T00:00:00Z'));
      return c;
    };
    const [steady, restarted] = [
      sandboxOn(freshDir(), undefined, clock()),
      sandboxOn(freshDir(), undefined, clock()),
    ];
    const urls = [await filledQueue(steady, 300), await filledQueue(restarted, 300)] as [string, string];
    expect(await drain(restarted, urls[1], 40)).toEqual(await drain(steady, urls[0], 40));
    const again = restarted.restart();
    const bodies = await drain(again, urls[1], 120);
    expect(bodies).toEqual(await drain(steady, urls[0], 120));
    expect(new Set(bodies).size).toBeGreaterThan(150);
  });

  it('a delete refused by a full disk leaves the message in the queue; memory and disk agree afterwards', async () => {
    const files = new FaultyFiles();
    const dir = freshDir();
    const sb = sandboxOn(dir, files);
    const QueueUrl = await filledQueue(sb, 40);
    const got = await sb.call('sqs', 'ReceiveMessage', {
      QueueUrl,
      MaxNumberOfMessages: 10,
      VisibilityTimeout: 0,
    });
    const first = got.Messages[0];
    files.capacity = 10;
    await expect(
      sb.call('sqs', 'DeleteMessage', { QueueUrl, ReceiptHandle: first.ReceiptHandle }),
    ).rejects.toThrow(AwsError);
    files.capacity = Number.POSITIVE_INFINITY;
    for (const m of got.Messages.slice(1)) {
      await sb.call('sqs', 'DeleteMessage', { QueueUrl, ReceiptHandle: m.ReceiptHandle });
    }
    const left = await drainAll(sb, QueueUrl);
    expect(left).toHaveLength(31);
    expect(left).toContain(first.Body);
    expect(await drainAll(sb.restart(), QueueUrl)).toEqual([]);
  });

  it('a crash in the middle of a write (a torn last journal line) restarts with the messages it acknowledged', async () => {
    const dir = freshDir();
    const sb = sandboxOn(dir);
    const QueueUrl = await filledQueue(sb, 50);
    const gone = await drainAll(sb, QueueUrl, 20);
    // What a crash during the next append leaves: part of a line, no newline. It was never acknowledged.
    appendFileSync(join(dir, JOURNAL), '{"n":99999,"c":[[["123456789012","sqs"');
    const again = sb.restart();
    const rest = await drainAll(again, QueueUrl);
    expect(rest).toHaveLength(30);
    expect([...gone, ...rest].sort()).toEqual(Array.from({ length: 50 }, (_, n) => `message ${n}`).sort());
  });
});

/** Receives and deletes until the queue answers empty (or `limit` messages); the bodies. */
async function drainAll(sb: ReturnType<typeof sandboxOn>, QueueUrl: string, limit = 1000): Promise<string[]> {
  const bodies: string[] = [];
  for (let empty = 0; empty < 3 && bodies.length < limit; ) {
    const max = Math.min(10, limit - bodies.length);
    const got = await sb.call('sqs', 'ReceiveMessage', {
      QueueUrl,
      MaxNumberOfMessages: max,
      WaitTimeSeconds: 0,
    });
    if (!got.Messages) empty++;
    for (const m of got.Messages ?? []) {
      bodies.push(m.Body);
      await sb.call('sqs', 'DeleteMessage', { QueueUrl, ReceiptHandle: m.ReceiptHandle });
    }
  }
  return bodies;
}
